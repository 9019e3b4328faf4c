import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { stopProcess } from './kafka.ts';
import { REPO_ROOT } from './shared.ts';

export interface ChildApp {
  readonly url: string;
  readonly process: ChildProcess;
  readonly output: () => string;
  stop(): Promise<void>;
}

/**
 * `afterglow start` as its own OS process (what `npm start` runs), on a free port; `nodeArgs` go to
 * `node` itself (the bench's `--cpu-prof`). The environment is this process's with `env` over it;
 * a key `env` gives as `undefined` is left out (the embedded default: no `DATABASE_URL`).
 */
export const startChildApp = (env: Record<string, string | undefined>, nodeArgs: readonly string[] = []): Promise<ChildApp> =>
  new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, resolve(REPO_ROOT, 'bin/afterglow.mjs'), 'start'], {
      cwd: REPO_ROOT,
      env: Object.fromEntries(Object.entries({ ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...env }).filter(([, value]) => value !== undefined)),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`afterglow start did not come up:\n${output}`));
    }, 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const started = /\{"msg":"afterglow started","port":(\d+)/.exec(output);
      if (started?.[1]) {
        clearTimeout(timer);
        resolvePromise({
          url: `http://127.0.0.1:${started[1]}`,
          process: child,
          output: () => output,
          stop: () => stopProcess(child),
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`afterglow start exited with ${code}:\n${output}`));
    });
  });
