// esbuild plugins for serverless-esbuild (`custom.esbuild.plugins`), which calls this with the
// Serverless instance.
const fs = require('node:fs');
const path = require('node:path');

/** Every file under `directory`, as paths relative to it. */
const filesUnder = (directory) =>
  fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    return entry.isDirectory() ? filesUnder(full).map((name) => path.join(entry.name, name)) : [entry.name];
  });

/**
 * Moves each bundle's external source maps (its chunks' included) out of the build folder before
 * serverless-esbuild zips it, into `source-maps/` beside the zips: the service's `.serverless/`,
 * which osls moves whole to `--package DIR` when given. A map is as large as the bundle and Lambda
 * never reads it, but a stack trace from the logs is read against it.
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
      for (const name of filesUnder(outdir)) {
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

/**
 * What a handler loads only when an invocation needs it (`await import(…)`: kafkajs at the first
 * publish, axios at the first provider call, the classifier at the first submission, Powertools on
 * Lambda) goes into chunks of its own (`splitting: true`), so the cold start parses only what the
 * handler imports at the top, not the whole bundle. Every function is built into the same folder,
 * so each gets its chunks in a folder named after its bundle (`functions/api.chunks/…` beside
 * `functions/api.mjs`): serverless-esbuild leaves out of a function's zip whatever looks derived
 * from another function's bundle (`functions/webhook.…`), so each zip carries its own chunks alone.
 */
const chunksBesideTheirHandler = () => ({
  name: 'afterglow-chunks-beside-their-handler',
  setup(build) {
    const [entry] = Array.isArray(build.initialOptions.entryPoints) ? build.initialOptions.entryPoints : [];
    if (typeof entry !== 'string' || !build.initialOptions.splitting) return;
    build.initialOptions.chunkNames = `${path.basename(entry, path.extname(entry))}.chunks/[name]-[hash]`;
  },
});

module.exports = (serverless) => [chunksBesideTheirHandler(), sourceMapsBesideZips(serverless)];
