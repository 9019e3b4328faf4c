import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { REPO_ROOT } from './shared.ts';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `npx afterglow …` as a user would (a separate process, the bin of package.json). */
export const runCli = (args: string[], env: Record<string, string> = {}, stdin?: string): Promise<CliResult> =>
  new Promise((resolvePromise) => {
    const child = execFile(
      process.execPath,
      [resolve(REPO_ROOT, 'bin/afterglow.mjs'), ...args],
      { cwd: REPO_ROOT, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolvePromise({ code, stdout, stderr });
      },
    );
    if (stdin !== undefined) child.stdin?.end(stdin);
  });
