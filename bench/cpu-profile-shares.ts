import { readFileSync } from 'node:fs';

/**
 * Where a process's CPU went, by category: `node --import tsx bench/cpu-profile-shares.ts FILE
 * [LAST_MS]` reads a `.cpuprofile` (`BENCH_CPU_PROF=DIR npm run bench` writes one per measured
 * process) and prints each category's share of the samples, over the whole profile or over its last
 * LAST_MS milliseconds but the final half second (the intake bench's measured load is the last
 * thing the server does before it stops). A sample belongs to the innermost frame of its stack that
 * a category claims, so a socket write under `pg` is database time and a `zod` parse under a
 * normaliser is validation. Not a test.
 */
/** `BENCH_CPU_PROF=DIR`: the node arguments that make a measured process write its CPU profile there when it exits. */
export const cpuProfileArgs = (): string[] =>
  process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
}
interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const CATEGORIES: readonly (readonly [string, RegExp])[] = [
  ['Kafka produce (kafkajs, its socket writes included)', /node_modules\/kafkajs|lib\/transport\/kafka-event-log|lib\/transport\/event-log/],
  // PGlite runs PostgreSQL as WebAssembly in the calling thread: its frames (wasm:// and its JS glue) are query execution.
  ['PGlite query execution (WebAssembly and its JS glue)', /node_modules\/@electric-sql\/pglite|^wasm:\/\//],
  ['database round trips (pg, its socket writes included; lib/store)', /node_modules\/pg\/|node_modules\/pg-|lib\/store\//],
  ['store-backed local event log (lib/transport/local-*, poll loop)', /lib\/transport\/local-|lib\/transport\/poll-loop/],
  ['lossless JSON parsing', /lossless-json|lib\/json\//],
  ['validation (zod)', /node_modules\/zod/],
  ['logging', /lib\/logger\.ts|powertools\/logger/],
  ['signature checking (HMAC)', /lib\/platforms\/hmac|lib\/platforms\/[a-z]+\/verify|shop-agreement/],
  ['storable text (NUL / lone surrogates)', /lib\/text\/storable-text/],
  ['normalising (payload → OrderEvent)', /lib\/platforms\/|lib\/events\/|\/events\/order-event/],
  ['the journey (planning asks)', /lib\/journey\//],
  ['orders consumer in the same process', /lib\/orders\/|kafka-consumer|lib\/runtime\/reactions|lib\/batch\/|functions\/orders/],
  ['intake glue (admission, correlation, routing)', /lib\/intake\/|lib\/correlation|lib\/telemetry\//],
  ['HTTP (node:http parse and response write, lib/local)', /lib\/local\/|lib\/http\/|node:_http|node:http/],
  ['module loading', /modules\/esm|modules\/cjs|node_modules\/tsx/],
];
const VM = new Set(['(idle)', '(garbage collector)', '(program)']);

export const profileShares = (profile: Profile, lastMs = 0): { seconds: number; busy: number; shares: [string, number][] } => {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  let clock = profile.startTime;
  const times = profile.timeDeltas.map((delta) => (clock += delta));
  const end = times.at(-1) ?? clock;
  const from = lastMs ? end - (lastMs + 500) * 1000 : -Infinity;
  const to = lastMs ? end - 500 * 1000 : Infinity;
  const category = new Map<number, string>();
  const categoryOf = (id: number): string => {
    const known = category.get(id);
    if (known) return known;
    const leaf = byId.get(id)?.callFrame.functionName ?? '';
    let found = VM.has(leaf) ? leaf : undefined;
    for (let at: number | undefined = id; !found && at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      found = frame && CATEGORIES.find(([, pattern]) => pattern.test(frame.url))?.[0];
    }
    found ??= 'other (node internals: net, streams, timers, async hooks)';
    category.set(id, found);
    return found;
  };
  const totals = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, index) => {
    const at = times[index] ?? 0;
    if (at < from || at > to) return;
    const spent = profile.timeDeltas[index + 1] ?? 0;
    const name = categoryOf(id);
    totals.set(name, (totals.get(name) ?? 0) + spent);
    all += spent;
  });
  const busy = all - (totals.get('(idle)') ?? 0);
  totals.delete('(idle)');
  const shares = [...totals].map(([name, spent]): [string, number] => [name, spent / busy]).sort((a, b) => b[1] - a[1]);
  return { seconds: all / 1e6, busy: busy / all, shares };
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, lastMs] = process.argv.slice(2);
  if (!file) throw new Error('usage: bench/cpu-profile-shares.ts FILE.cpuprofile [LAST_MS]');
  const { seconds, busy, shares } = profileShares(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(lastMs ?? 0));
  console.log(`${seconds.toFixed(1)} s sampled, ${(busy * 100).toFixed(0)}% busy; shares of the busy time:`);
  for (const [name, share] of shares) console.log(`${(share * 100).toFixed(1).padStart(5)}%  ${name}`);
}
