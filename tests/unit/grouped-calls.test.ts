import { describe, expect, it } from 'vitest';
import { CallFailed, groupCalls } from '../../lib/batching/grouped-calls.ts';

/** A run the test settles by hand, so nothing depends on how long anything takes. */
const controlledRuns = <Item, Result>(answer: (item: Item) => Result | CallFailed) => {
  const runs: { items: readonly Item[]; finish: () => void; fail: (error: Error) => void }[] = [];
  const run = (items: readonly Item[]) =>
    new Promise<readonly (Result | CallFailed)[]>((resolve, reject) => {
      runs.push({ items, finish: () => resolve(items.map(answer)), fail: reject });
    });
  return { runs, run };
};
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const settledState = async (promise: Promise<unknown>) => {
  let state = 'pending';
  promise.then(() => (state = 'resolved'), () => (state = 'rejected'));
  await turn();
  return state;
};

describe('groupCalls: concurrent calls as one run, each caller answered on its own', () => {
  it('calls made together share one run and each gets its own result, only once the run is done', async () => {
    // Prepare
    const { runs, run } = controlledRuns((item: number) => item * 10);
    const call = groupCalls(run, { lingerMs: 0, maxInFlight: 1, maxItems: 100 });
    // Act
    const calls = [call(1), call(2), call(3)];
    await turn();
    // Assess: one run with every item, nobody answered before it finishes
    expect(runs.map((each) => each.items)).toEqual([[1, 2, 3]]);
    expect(await settledState(calls[0]!)).toBe('pending');
    runs[0]!.finish();
    expect(await Promise.all(calls)).toEqual([10, 20, 30]);
  });

  it('while a run is out, new calls gather into the next one, which starts when it ends', async () => {
    // Prepare
    const { runs, run } = controlledRuns((item: string) => item.toUpperCase());
    const call = groupCalls(run, { lingerMs: 0, maxInFlight: 1, maxItems: 100 });
    const first = call('a');
    await turn();
    // Act
    const later = [call('b'), call('c')];
    await turn();
    // Assess
    expect(runs).toHaveLength(1);
    runs[0]!.finish();
    expect(await first).toBe('A');
    await turn();
    expect(runs.map((each) => each.items)).toEqual([['a'], ['b', 'c']]);
    runs[1]!.finish();
    expect(await Promise.all(later)).toEqual(['B', 'C']);
  });

  it('a failed run rejects every call in it, and only those; a CallFailed rejects only its own caller', async () => {
    // Prepare
    const { runs, run } = controlledRuns((item: number) => (item < 0 ? new CallFailed(new Error(`bad ${item}`)) : item));
    const call = groupCalls(run, { lingerMs: 0, maxInFlight: 1, maxItems: 100 });
    // Act 1: a whole run fails
    const failing = [call(1), call(2)];
    await turn();
    runs[0]!.fail(new Error('broker gone'));
    // Assess 1
    for (const each of failing) await expect(each).rejects.toThrow('broker gone');
    // Act 2: one item of a run fails
    const mixed = [call(3), call(-4), call(5)];
    await turn();
    runs[1]!.finish();
    // Assess 2
    expect(await mixed[0]).toBe(3);
    await expect(mixed[1]).rejects.toThrow('bad -4');
    expect(await mixed[2]).toBe(5);
  });

  it('never puts more than maxItems, or more than maxWeight, in one run; a heavy item goes alone', async () => {
    // Prepare
    const { runs, run } = controlledRuns((item: number) => item);
    const byCount = groupCalls(run, { lingerMs: 0, maxInFlight: 10, maxItems: 2 });
    // Act 1
    const counted = [1, 2, 3, 4, 5].map((item) => byCount(item));
    await turn();
    // Assess 1
    expect(runs.map((each) => each.items)).toEqual([[1, 2], [3, 4], [5]]);
    runs.forEach((each) => each.finish());
    expect(await Promise.all(counted)).toEqual([1, 2, 3, 4, 5]);
    // Act 2
    runs.length = 0;
    const byWeight = groupCalls(run, { lingerMs: 0, maxInFlight: 10, maxItems: 100, weight: (item) => item, maxWeight: 10 });
    const weighed = [4, 5, 30, 2, 9].map((item) => byWeight(item));
    await turn();
    // Assess 2
    expect(runs.map((each) => each.items)).toEqual([[4, 5], [30], [2], [9]]);
    runs.forEach((each) => each.finish());
    expect(await Promise.all(weighed)).toEqual([4, 5, 30, 2, 9]);
  });

  it('a run that throws at once rejects its callers instead of throwing at the caller', async () => {
    // Prepare
    const call = groupCalls<number, number>(() => {
      throw new Error('synchronous');
    }, { lingerMs: 0, maxInFlight: 1, maxItems: 10 });
    // Act + Assess
    await expect(call(1)).rejects.toThrow('synchronous');
    await expect(call(2)).rejects.toThrow('synchronous');
  });
});
