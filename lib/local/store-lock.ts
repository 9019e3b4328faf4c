import { createHash } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import lockfile from 'proper-lockfile';

export interface StoreLockInfo {
  readonly pid: number;
  readonly host: string;
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
    readonly holder: StoreLockInfo | null,
  ) {
    super(
      `the embedded store in ${lockFile.replace(/\/afterglow\.lock$/, '')} is in use` +
        (holder ? ` by process ${holder.pid}${holder.host === hostname() ? '' : ` on ${holder.host}`}` : '') +
        (holder?.port ? ` (afterglow serving on port ${holder.port})` : '') +
        '; stop that process, or point this command at another AFTERGLOW_DATA_DIR or a DATABASE_URL',
    );
  }
}

export interface StoreLock {
  readonly file: string;
  update(info: Partial<StoreLockInfo>): void;
  release(): void;
}

/** The lock itself: a directory proper-lockfile creates atomically (mkdir) and keeps fresh. */
const LOCK_DIR = 'afterglow.lock.d';
/** A lock not refreshed for this long belongs to a process that is gone (or frozen): it may be taken over. */
const STALE_MS = 10_000;
const REFRESH_MS = 2_000;
const lockOptions = (dataDir: string) => ({ lockfilePath: join(dataDir, LOCK_DIR), stale: STALE_MS, realpath: false });

/** Who holds the store, and where it serves: beside the lock, readable by the operator only. */
export const lockFileOf = (dataDir: string): string => join(dataDir, 'afterglow.lock');

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const readInfo = (dataDir: string): StoreLockInfo | null => {
  try {
    return JSON.parse(readFileSync(lockFileOf(dataDir), 'utf8')) as StoreLockInfo;
  } catch {
    return null;
  }
};

/**
 * When the process with this pid started (ms since the epoch), as Linux tells it (/proc); null
 * where it cannot tell. Field 22 of /proc/PID/stat is the start in clock ticks after boot (USER_HZ,
 * 100 on Linux); `btime` in /proc/stat is the boot in seconds.
 */
const processStartedAt = (pid: number): number | null => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const boot = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    return Number.isFinite(ticks) && Number.isFinite(boot) ? boot * 1000 + ticks * 10 : null;
  } catch {
    return null;
  }
};

/**
 * The holder's own process still runs on this machine: its pid is alive and, where the system
 * says when that process started, it started before it took the lock. A pid reused by another
 * process (the machine restarted, the data directory kept its lock) is not the holder.
 */
const holderRunsHere = (info: StoreLockInfo): boolean => {
  // A pid that cannot name one process (0 and negatives signal whole groups) names no holder.
  if (info.host !== hostname() || !Number.isInteger(info.pid) || info.pid <= 0 || !isAlive(info.pid)) return false;
  const started = processStartedAt(info.pid);
  const tookLock = Date.parse(info.startedAt);
  return started === null || !Number.isFinite(tookLock) || started <= tookLock + 2_000;
};

/** A holder on this machine whose process has ended (a SIGKILL, a crash, a restart): its lock is not waited out. */
const holderIsGone = (info: StoreLockInfo | null): boolean => info !== null && info.host === hostname() && !holderRunsHere(info);

/**
 * A holder on this machine whose process is alive: it holds the store however long ago it last
 * refreshed the lock. PGlite runs its queries on the event loop, so a busy `npm start` can miss its
 * refresh for longer than the stale window; that is not a process gone. Taking its lock then let a
 * CLI command open the store beside the live server (two writers corrupt PGlite's files), and the
 * server, finding its lock taken, stopped itself in the middle of a dispatch run.
 */
const holderIsAliveHere = (info: StoreLockInfo | null): info is StoreLockInfo => info !== null && info.pid !== process.pid && holderRunsHere(info);

/** The holder of the store, or null when nobody holds it (no lock, a stale one of a holder elsewhere or unknown, or a dead holder's). */
export const readStoreLock = (dataDir: string): StoreLockInfo | null => {
  let held: boolean;
  try {
    held = lockfile.checkSync(resolve(dataDir), lockOptions(dataDir));
  } catch {
    return null;
  }
  const info = readInfo(dataDir);
  if (holderIsAliveHere(info)) return info;
  if (!held || holderIsGone(info)) return null;
  return info ?? { pid: 0, host: 'unknown', startedAt: '' };
};

/**
 * The store and everything in it are the operator's alone: the lock file carries the admin token
 * of the local CLI route and the store carries customers' data. Directories 0700, files 0600,
 * including what an older version (or PGlite, which creates files 0666) left behind.
 */
export const makePrivate = (path: string): void => {
  const stat = lstatSync(path, { throwIfNoEntry: false });
  if (!stat || stat.isSymbolicLink()) return;
  try {
    if (stat.isDirectory()) {
      chmodSync(path, 0o700);
      for (const entry of readdirSync(path)) makePrivate(join(path, entry));
    } else {
      chmodSync(path, 0o600);
    }
  } catch (error) {
    // Gone meanwhile: another process starting on the same store took a dead holder's lock
    // directory away between the look and the change (two servers started at once).
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
};

/**
 * Takeovers of a dead holder's lock happen one at a time on this machine: an abstract Unix socket
 * (Linux) names the store, and the kernel frees it the moment its process ends, SIGKILL included,
 * so it can never itself go stale. Without this, two processes that both find the same dead lock
 * could both remove it and both believe they hold the store. Elsewhere (no abstract namespace)
 * the takeover falls back to proper-lockfile's own stale check.
 */
const withTakeoverMutex = async <T>(dataDir: string, work: () => Promise<T>): Promise<T> => {
  if (process.platform !== 'linux') return work();
  const name = `\0afterglow-store-${createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 32)}`;
  const deadline = Date.now() + STALE_MS;
  let server: Server | null = null;
  while (!server) {
    server = await new Promise<Server | null>((resolveListen, rejectListen) => {
      const candidate = createServer();
      candidate.once('error', (error: NodeJS.ErrnoException) =>
        error.code === 'EADDRINUSE' ? resolveListen(null) : rejectListen(error),
      );
      candidate.listen({ path: name }, () => resolveListen(candidate));
    });
    if (!server) {
      if (Date.now() > deadline) throw new Error(`another process is taking over the embedded store in ${dataDir}`);
      await new Promise((done) => setTimeout(done, 50));
    }
  }
  try {
    return await work();
  } finally {
    const held = server;
    await new Promise<void>((done) => held.close(() => done()));
  }
};

export interface AcquireStoreLockOptions {
  /**
   * Called when the lock was lost while held (its directory removed, or not refreshed within the
   * stale window because the process was frozen): another process may now hold the store, so
   * this one must stop writing. Default: say so on stderr and exit.
   */
  readonly onCompromised?: (error: Error) => void;
  /** How long a lock may go unrefreshed before a holder elsewhere may be taken over (default 10 s; tests shorten it). */
  readonly staleMs?: number;
}

const exitOnCompromise = (error: Error) => {
  process.stderr.write(`afterglow: the embedded store's lock was lost (${error.message}); stopping so two processes never write one store\n`);
  process.exit(75);
};

/**
 * PGlite is one process's database: two processes opening the same files corrupt them. The lock
 * is proper-lockfile's (an atomic mkdir, refreshed every 2 s, stale after 10 s); a lock left by a
 * process of this machine that has ended is taken over at once, one taker at a time.
 */
export const acquireStoreLock = async (dataDir: string, options: AcquireStoreLockOptions = {}): Promise<StoreLock> => {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  makePrivate(dataDir);
  const file = lockFileOf(dataDir);
  const staleMs = options.staleMs ?? STALE_MS;
  let info: StoreLockInfo = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  const write = () => writeFileSync(file, JSON.stringify(info), { mode: 0o600 });
  const release = await withTakeoverMutex(dataDir, async () => {
    const holder = readInfo(dataDir);
    if (holderIsGone(holder)) rmSync(join(dataDir, LOCK_DIR), { recursive: true, force: true });
    // Alive on this machine: busy, not gone, whatever the lock's age (see holderIsAliveHere).
    else if (holderIsAliveHere(holder) && lockfile.checkSync(resolve(dataDir), { ...lockOptions(dataDir), stale: Number.MAX_SAFE_INTEGER })) {
      throw new StoreLockedError(file, holder);
    }
    let released: () => Promise<void>;
    try {
      released = await lockfile.lock(resolve(dataDir), {
        ...lockOptions(dataDir),
        stale: staleMs,
        update: Math.min(REFRESH_MS, staleMs / 2),
        onCompromised: options.onCompromised ?? exitOnCompromise,
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ELOCKED') throw new StoreLockedError(file, readInfo(dataDir));
      throw error;
    }
    // Named as the holder before the next taker may look: written after the takeover mutex was let
    // go, a second process started at the same moment still read the dead holder's name, removed
    // this fresh lock as the dead one's, and both served one store (seen under load in CI).
    write();
    return released;
  });
  let held = true;
  return {
    file,
    update(changes) {
      info = { ...info, ...changes };
      if (held) write();
    },
    release() {
      if (!held) return;
      held = false;
      rmSync(file, { force: true });
      // Already released (compromised, or removed by hand): nothing more to give back.
      release().catch(() => undefined);
    },
  };
};
