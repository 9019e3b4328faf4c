// esbuild plugins for serverless-esbuild (`custom.esbuild.plugins`), which calls this with the
// Serverless instance.
const fs = require('node:fs');
const path = require('node:path');

/**
 * Moves each bundle's external source map out of the build folder before serverless-esbuild zips
 * it, into `source-maps/` beside the zips: the service's `.serverless/`, which osls moves whole to
 * `--package DIR` when given. A map is as large as the bundle and Lambda never reads it, but a stack
 * trace from the logs is read against it.
 */
const sourceMapsBesideZips = (serverless) => ({
  name: 'afterglow-source-maps-beside-zips',
  setup(build) {
    build.onEnd(() => {
      const { outdir } = build.initialOptions;
      if (!outdir || !fs.existsSync(outdir)) return;
      const serviceDir = serverless.serviceDir ?? serverless.config.servicePath;
      const packageDir = path.join(serviceDir, '.serverless');
      const buildRoot = path.join(serviceDir, '.esbuild', '.build');
      for (const name of fs.readdirSync(outdir)) {
        if (!name.endsWith('.map')) continue;
        const target = path.join(packageDir, 'source-maps', path.relative(buildRoot, outdir), name);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        // Copied then removed, not renamed: the package folder may be on another file system.
        fs.copyFileSync(path.join(outdir, name), target);
        fs.unlinkSync(path.join(outdir, name));
      }
    });
  },
});

module.exports = (serverless) => [sourceMapsBesideZips(serverless)];
