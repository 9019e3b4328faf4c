import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StoreLockInfo {
  readonly pid: number;
  readonly startedAt: string;
  /** Set by `npm start` once it listens: CLI commands are sent there instead of opening the store. */
  readonly port?: number;
  readonly adminToken?: string;
}

/** The embedded store is open in another live process. */
export class StoreLockedError extends Error {
  override readonly name = 'StoreLockedError';
  constructor(
    readonly lockFile: string,
    readonly holder: StoreLockInfo,
  ) {
    super(
      `the embedded store in ${lockFile.replace(/\/afterglow\.lock$/, '')} is in use by process ${holder.pid}` +
        (holder.port ? ` (afterglow serving on port ${holder.port})` : '') +
        '; stop that process, or point this command at another AFTERGLOW_DATA_DIR or a DATABASE_URL',
    );
  }
}

export interface StoreLock {
  readonly file: string;
  update(info: Partial<StoreLockInfo>): void;
  release(): void;
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export const lockFileOf = (dataDir: string): string => join(dataDir, 'afterglow.lock');

export const readStoreLock = (dataDir: string): StoreLockInfo | null => {
  try {
    const info = JSON.parse(readFileSync(lockFileOf(dataDir), 'utf8')) as StoreLockInfo;
    return isAlive(info.pid) ? info : null;
  } catch {
    return null;
  }
};

/**
 * PGlite is one process's database: two processes opening the same files corrupt them. The lock
 * file (created exclusively) names the holder; a lock whose process is gone is taken over.
 */
export const acquireStoreLock = (dataDir: string): StoreLock => {
  mkdirSync(dataDir, { recursive: true });
  const file = lockFileOf(dataDir);
  let info: StoreLockInfo = { pid: process.pid, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      writeFileSync(file, JSON.stringify(info), { flag: 'wx' });
      let held = true;
      return {
        file,
        update(changes) {
          info = { ...info, ...changes };
          if (held) writeFileSync(file, JSON.stringify(info));
        },
        release() {
          if (!held) return;
          held = false;
          rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readStoreLock(dataDir);
      if (holder) throw new StoreLockedError(file, holder);
      rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`could not acquire ${file}`);
};
