import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openPgliteDatabase } from '../../lib/store/pglite-database.ts';
import { acquireStoreLock, lockFileOf, StoreLockedError, type StoreLock } from '../../lib/local/store-lock.ts';
import { startChildApp, type ChildApp } from '../support/child-app.ts';
import { runCli } from '../support/cli.ts';
import { webhookFixture } from '../support/shared.ts';
import { shopifyHeaders } from '../support/sign.ts';
import { waitFor } from '../support/test-app.ts';

/**
 * The embedded store (`npm start` on PGlite) is the operator's alone and survives a crash: private
 * files, one holder at a time even when two processes race to take over a dead holder's lock, a
 * SIGKILL that the next start recovers from, and a refusal (never a silent fresh start) when the
 * store's files went missing.
 */
describe('the embedded store', () => {
  const dirs: string[] = [];
  const apps: ChildApp[] = [];
  const locks: StoreLock[] = [];
  const newDataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'afterglow-store-'));
    dirs.push(dir);
    return dir;
  };
  const embedded = (dataDir: string) => ({ AFTERGLOW_DATA_DIR: dataDir, DATABASE_URL: '', KAFKA_BROKERS: '' });
  const start = async (dataDir: string) => {
    const app = await startChildApp(embedded(dataDir));
    apps.push(app);
    return app;
  };
  /** A pid that names no live process: one that has just ended. */
  const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid ?? 999_999;
  /** What a process killed with SIGKILL leaves: the lock directory and its info file, nobody alive. */
  const leaveDeadHoldersLock = (dataDir: string) => {
    mkdirSync(join(dataDir, 'afterglow.lock.d'), { recursive: true });
    writeFileSync(lockFileOf(dataDir), JSON.stringify({ pid: deadPid(), host: hostname(), startedAt: new Date().toISOString() }));
  };
  const createTenant = async (dataDir: string, id: string) => {
    const created = await runCli(['tenant', 'create', '--id', id, '--platform', 'shopify', '--webhook-secret', 'sec'], embedded(dataDir));
    expect(created.stderr).toBe('');
    return JSON.parse(created.stdout) as { apiKey: string };
  };

  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.stop()));
    locks.splice(0).forEach((lock) => lock.release());
    dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });

  it('keeps every directory 0700 and every file 0600, the lock file with its admin token included', async () => {
    // Prepare: a data directory created readable by everyone
    const dataDir = newDataDir();
    chmodSync(dataDir, 0o755);
    const app = await start(dataDir);
    await createTenant(dataDir, 'private');
    // Act: the server has written the store, its lock and the token
    const modes: string[] = [];
    const walk = (path: string) => {
      const stat = statSync(path);
      const expected = stat.isDirectory() ? 0o700 : 0o600;
      if ((stat.mode & 0o777) !== expected) modes.push(`${path} ${(stat.mode & 0o777).toString(8)}`);
      if (stat.isDirectory()) readdirSync(path).forEach((entry) => walk(join(path, entry)));
    };
    walk(dataDir);
    // Assess
    expect(readFileSync(lockFileOf(dataDir), 'utf8')).toMatch(/"adminToken"/);
    expect(modes).toEqual([]);
    await app.stop();
  });

  it('recovers after a SIGKILL: the next start takes the dead holder’s lock at once and finds every accepted order', async () => {
    // Prepare: a tenant and an accepted webhook
    const dataDir = newDataDir();
    const app = await start(dataDir);
    const { apiKey } = await createTenant(dataDir, 'crash');
    const body = webhookFixture('shopify_order_paid_fulfilled.order-resource.json');
    expect((await fetch(`${app.url}/webhooks/shopify/crash`, { method: 'POST', body, headers: shopifyHeaders(body, 'sec') })).status).toBe(202);
    // Act: SIGKILL, then start again straight away (well inside the lock's 10 s stale window)
    app.process.kill('SIGKILL');
    await new Promise((resolve) => app.process.once('exit', resolve));
    const restarted = await start(dataDir);
    // Assess
    const orders = await waitFor(async () => {
      const page = (await (await fetch(`${restarted.url}/api/orders`, { headers: { authorization: `Bearer ${apiKey}` } })).json()) as { orders: unknown[] };
      return page.orders.length > 0 && page.orders;
    }, { what: 'the order accepted before the SIGKILL' });
    expect(orders).toMatchObject([{ orderId: '1073459972' }]);
  });

  it('refuses to start, saying why, when the store’s files are gone, and when another store stands in their place', async () => {
    // Prepare: a store that held a tenant
    const dataDir = newDataDir();
    await (await start(dataDir)).stop();
    await createTenant(dataDir, 'kept');
    const other = newDataDir();
    await (await start(other)).stop();
    // Act: the database files disappear
    rmSync(join(dataDir, 'pgdata'), { recursive: true, force: true });
    const lost = await runCli(['start'], { ...embedded(dataDir), PORT: '0' });
    // Act: the directory's identity no longer matches the database in it (another store's files)
    writeFileSync(join(other, 'store-id'), 'a-store-that-is-not-this-one\n');
    const replaced = await runCli(['tenant', 'show', 'kept'], embedded(other));
    // Assess
    expect(lost.code).toBe(1);
    expect(lost.stderr).toMatch(/has lost its database files.*will not start on an empty store/);
    expect(readdirSync(dataDir)).not.toContain('pgdata');
    expect(replaced.code).toBe(1);
    expect(replaced.stderr).toMatch(/holds another store than before/);
  });

  it('lets exactly one of several racing processes take over a dead holder’s lock', async () => {
    // Prepare: the lock of a process that was killed
    const dataDir = newDataDir();
    leaveDeadHoldersLock(dataDir);
    // Act: eight takers at once
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => acquireStoreLock(dataDir, { onCompromised: () => undefined })));
    // Assess
    const held = results.filter((result): result is PromiseFulfilledResult<StoreLock> => result.status === 'fulfilled');
    locks.push(...held.map((result) => result.value));
    expect(held).toHaveLength(1);
    const refusals = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(refusals.every((result) => result.reason instanceof StoreLockedError)).toBe(true);
  });

  it('takes over at once a lock whose pid now names another process, one that started after the lock was taken (a restarted machine)', async () => {
    // Prepare: the lock directory and info of a holder from an hour ago, whose pid a process started just now has
    const dataDir = newDataDir();
    const reused = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      mkdirSync(join(dataDir, 'afterglow.lock.d'), { recursive: true });
      writeFileSync(lockFileOf(dataDir), JSON.stringify({ pid: reused.pid, host: hostname(), startedAt: new Date(Date.now() - 3_600_000).toISOString() }));
      // Act
      const lock = await acquireStoreLock(dataDir, { onCompromised: () => undefined });
      locks.push(lock);
      // Assess: this process holds it
      expect(JSON.parse(readFileSync(lockFileOf(dataDir), 'utf8'))).toMatchObject({ pid: process.pid });
    } finally {
      reused.kill('SIGKILL');
    }
  });

  it('takes over at once a lock file naming no single process (pid 0, -1, text): a lock file edited or damaged never blocks the store', async () => {
    for (const pid of [0, -1, 'x']) {
      // Prepare: a fresh lock directory and a lock file whose pid names no one process
      const dataDir = newDataDir();
      mkdirSync(join(dataDir, 'afterglow.lock.d'), { recursive: true });
      writeFileSync(lockFileOf(dataDir), JSON.stringify({ pid, host: hostname(), startedAt: new Date().toISOString() }));
      // Act
      const lock = await acquireStoreLock(dataDir, { onCompromised: () => undefined });
      locks.push(lock);
      // Assess
      expect(JSON.parse(readFileSync(lockFileOf(dataDir), 'utf8')), String(pid)).toMatchObject({ pid: process.pid });
    }
  });

  it('is never taken from a live holder on this machine that was busy past the stale window (a CLI command beside a loaded server)', async () => {
    // Prepare: a holder whose lock goes stale after 2 seconds, and another process that waits for
    // that, then tries to take the store and asks who holds it
    const dataDir = newDataDir();
    const compromised: Error[] = [];
    const lock = await acquireStoreLock(dataDir, { staleMs: 2_000, onCompromised: (error) => compromised.push(error) });
    locks.push(lock);
    const outcome = join(dataDir, 'outcome.json');
    const other = `
      import { writeFileSync } from 'node:fs';
      import { acquireStoreLock, readStoreLock } from ${JSON.stringify(join(process.cwd(), 'lib/local/store-lock.ts'))};
      await new Promise((done) => setTimeout(done, 3_000));
      let acquired = false, refusal = null;
      try {
        (await acquireStoreLock(${JSON.stringify(dataDir)}, { staleMs: 2_000, onCompromised: () => undefined })).release();
        acquired = true;
      } catch (error) {
        refusal = error.name;
      }
      writeFileSync(${JSON.stringify(outcome)}, JSON.stringify({ acquired, refusal, holder: readStoreLock(${JSON.stringify(dataDir)})?.pid ?? null }));`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', other], { stdio: 'ignore' });
    try {
      // Act: this process busy (no refresh can run, as under a long PGlite query) until the other has tried
      const until = Date.now() + 60_000;
      while (!existsSync(outcome) && Date.now() < until) {
        // busy
      }
      await new Promise((done) => setTimeout(done, 2_500));
      // Assess: refused, naming this process; and this process still holds the store, its refresh caught up
      expect(JSON.parse(readFileSync(outcome, 'utf8'))).toEqual({ acquired: false, refusal: 'StoreLockedError', holder: process.pid });
      expect(compromised).toEqual([]);
      expect(JSON.parse(readFileSync(lockFileOf(dataDir), 'utf8'))).toMatchObject({ pid: process.pid });
    } finally {
      child.kill('SIGKILL');
    }
  }, 90_000);

  it('lets exactly one of two servers started at once on a dead holder’s lock serve', async () => {
    // Prepare
    const dataDir = newDataDir();
    await (await start(dataDir)).stop();
    leaveDeadHoldersLock(dataDir);
    // Act
    const results = await Promise.allSettled([start(dataDir), start(dataDir)]);
    // Assess
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(String(refused?.reason)).toMatch(/is in use by process \d+/);
  });

  it('records the server’s own actor for a change sent through the local CLI route, whatever name the caller claims', async () => {
    // Prepare
    const dataDir = newDataDir();
    const app = await start(dataDir);
    await createTenant(dataDir, 'actors');
    const { adminToken } = JSON.parse(readFileSync(lockFileOf(dataDir), 'utf8')) as { adminToken: string };
    // Act: a local caller with the token claims to be someone else
    const reply = await fetch(`${app.url}/_local/cli`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-afterglow-admin-token': adminToken },
      body: JSON.stringify({ argv: ['tenant', 'set', 'actors', 'journey.feedbackDelayDays=2'], actor: 'ceo@example.com' }),
    });
    const history = await fetch(`${app.url}/_local/cli`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-afterglow-admin-token': adminToken },
      body: '{"argv": ["tenant", "show", "actors"',
    });
    await app.stop();
    // Assess: the change is recorded as the local CLI's; a broken request is a 400, not a crash
    expect(reply.status).toBe(200);
    expect(((await reply.json()) as { exitCode: number }).exitCode).toBe(0);
    expect(history.status).toBe(400);
    const db = await openPgliteDatabase(join(dataDir, 'pgdata'));
    const actors = await db.query<{ actor: string }>(`SELECT actor FROM tenant_setting_changes WHERE tenant_id = 'actors'`);
    await db.close();
    expect(actors.map((row) => row.actor)).toEqual(['local-cli']);
  });
});
