import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { parse } from 'yaml';

const run = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

interface Serverless {
  custom: { esbuild: { minify: boolean; platform: 'node'; target: string; format: 'esm'; outputFileExtension: string; banner: { js: string }; exclude: string[] } };
  functions: Record<string, { handler: string }>;
}

export interface BundleMeasure {
  readonly name: string;
  readonly zipBytes: number;
  /** Median time to import the handler module in a fresh `node`, ms. */
  readonly importMs: number;
}

export interface BundlesBench {
  /** A handler that imports nothing, bundled with the same esbuild options in the same run. */
  readonly minimal: BundleMeasure;
  readonly functions: readonly BundleMeasure[];
  readonly rounds: number;
}

/** One cold import in a fresh process, timed inside it (process start-up left out). */
const importTime = async (file: string): Promise<number> => {
  const script = `const started = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - started)); process.exit(0);`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { env: { PATH: process.env.PATH }, timeout: 60_000 });
  return Number(stdout);
};

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/**
 * `npm run bench` (BENCH_ONLY=bundles): `osls package` as the deploy does, then each function's
 * zip size and the time a fresh `node` takes to import its handler, against a handler that imports
 * nothing, bundled and zipped the same way in the same run (this machine is shared: only the ratio
 * means something). BENCH_ROUNDS imports each (default 5), in turns that rotate who goes first.
 */
export const benchBundles = async (options: { rounds: number }): Promise<BundlesBench> => {
  const work = mkdtempSync(join(tmpdir(), 'afterglow-bench-bundles-'));
  try {
    const serverless = parse(readFileSync(resolve(REPO_ROOT, 'serverless.yml'), 'utf8')) as Serverless;
    const packaged = join(work, 'package');
    await run(resolve(REPO_ROOT, 'node_modules/.bin/osls'), ['package', '--package', packaged], {
      cwd: REPO_ROOT,
      env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', AWS_ACCESS_KEY_ID: 'packaging-only', AWS_SECRET_ACCESS_KEY: 'packaging-only' },
      timeout: 300_000,
    });

    // The baseline: a handler with no imports, through the same esbuild options, zipped alike.
    const { esbuild } = serverless.custom;
    const minimalSource = join(work, 'minimal', 'minimal.ts');
    mkdirSync(join(work, 'minimal'), { recursive: true });
    writeFileSync(minimalSource, "export const handler = async () => ({ statusCode: 200, body: 'ok' });\n");
    const minimalFile = join(work, 'minimal', 'out', `minimal${esbuild.outputFileExtension}`);
    await build({
      entryPoints: [minimalSource],
      outfile: minimalFile,
      bundle: true,
      minify: esbuild.minify,
      platform: esbuild.platform,
      target: esbuild.target,
      format: esbuild.format,
      banner: esbuild.banner,
      external: esbuild.exclude,
      logLevel: 'error',
    });
    await run('zip', ['-q', '-j', join(work, 'minimal.zip'), minimalFile]);

    const targets = [
      { name: 'minimal', zip: join(work, 'minimal.zip'), file: minimalFile },
      ...readdirSync(packaged)
        .filter((name) => name.endsWith('.zip'))
        .map((zip) => {
          const name = zip.replace(/\.zip$/, '');
          const handler = serverless.functions[name]?.handler ?? '';
          return { name, zip: join(packaged, zip), file: join(work, 'unpacked', name, `${handler.slice(0, handler.lastIndexOf('.'))}${esbuild.outputFileExtension}`) };
        }),
    ];
    for (const target of targets.slice(1)) {
      mkdirSync(join(work, 'unpacked', target.name), { recursive: true });
      await run('unzip', ['-q', target.zip, '-d', join(work, 'unpacked', target.name)]);
    }

    const times = new Map<string, number[]>(targets.map((target) => [target.name, []]));
    for (let round = 0; round < options.rounds; round += 1) {
      const order = [...targets.slice(round % targets.length), ...targets.slice(0, round % targets.length)];
      for (const target of order) times.get(target.name)?.push(await importTime(target.file));
    }
    const measure = (target: (typeof targets)[number]): BundleMeasure => ({
      name: target.name,
      zipBytes: statSync(target.zip).size,
      importMs: median(times.get(target.name) ?? []),
    });
    const [minimal, ...functions] = targets.map(measure);
    if (!minimal) throw new Error('no baseline');
    return { minimal, functions: functions.sort((a, b) => a.name.localeCompare(b.name)), rounds: options.rounds };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
};

/** The bench's rows: zip size, median import time and its ratio to the minimal handler's. */
export const bundleRows = (bench: BundlesBench): string[] => {
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  return [
    `| bundle | zip | import (median of ${bench.rounds}, fresh node) | import ÷ minimal handler's |`,
    '|---|---|---|---|',
    `| minimal handler (baseline) | ${kib(bench.minimal.zipBytes)} | ${ms(bench.minimal.importMs)} | 1.0× |`,
    ...bench.functions.map((fn) => `| ${fn.name} | ${kib(fn.zipBytes)} | ${ms(fn.importMs)} | ${(fn.importMs / bench.minimal.importMs).toFixed(1)}× |`),
  ];
};
