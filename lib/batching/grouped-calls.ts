/**
 * Concurrent calls grouped into one: each `call(item)` joins the next group, a group runs as one
 * `run(items)` (one Kafka request, one SQL statement), and each caller's promise settles with its
 * own result, or with the group's error, only when that run has settled. A caller is never told
 * done before the work that holds its item is done.
 *
 * A group starts when fewer than `maxInFlight` groups are running and either `lingerMs` has passed
 * since its first item or it holds `maxItems`. With `lingerMs` 0 it starts on the next turn of the
 * event loop, so calls made together share one; while `maxInFlight` groups run, new calls gather
 * into the next, so the busier it is the larger the groups, and an idle caller waits for nobody.
 */
export interface GroupedCallSettings<Item> {
  /** How long the first call of a group waits for others before the group starts. */
  readonly lingerMs: number;
  /** Groups running at once; calls made meanwhile gather into the next group. */
  readonly maxInFlight: number;
  /** A group never holds more items than this (the rest start the next one). */
  readonly maxItems: number;
  /**
   * With `maxWeight`: a group never weighs more (a Kafka request's bytes), except that an item
   * heavier on its own still goes, alone.
   */
  readonly weight?: (item: Item) => number;
  readonly maxWeight?: number;
}

/** One item's failure in a group that otherwise succeeded: that caller's promise rejects with `error`. */
export class CallFailed {
  constructor(readonly error: unknown) {}
}

export type GroupedCalls<Item, Result> = (item: Item) => Promise<Result>;

interface Waiting<Item, Result> {
  readonly item: Item;
  /** Its weight, reckoned once when the call is made. */
  readonly weight: number;
  readonly resolve: (result: Result) => void;
  readonly reject: (error: unknown) => void;
}

export const groupCalls = <Item, Result>(
  run: (items: readonly Item[]) => Promise<readonly (Result | CallFailed)[]>,
  settings: GroupedCallSettings<Item>,
): GroupedCalls<Item, Result> => {
  let queue: Waiting<Item, Result>[] = [];
  let inFlight = 0;
  let timer: ReturnType<typeof setTimeout> | ReturnType<typeof setImmediate> | null = null;

  /** How many of the queue's first items the next group takes. */
  const takeable = (): number => {
    const { maxWeight } = settings;
    const most = Math.min(queue.length, settings.maxItems);
    if (maxWeight === undefined) return most;
    let total = 0;
    for (let count = 0; count < most; count += 1) {
      total += (queue[count] as Waiting<Item, Result>).weight;
      if (total > maxWeight) return Math.max(count, 1);
    }
    return most;
  };

  const startGroup = () => {
    timer = null;
    if (inFlight >= settings.maxInFlight || queue.length === 0) return;
    const group = queue.slice(0, takeable());
    queue = queue.slice(group.length);
    inFlight += 1;
    const settle = (results: readonly (Result | CallFailed)[] | null, error?: unknown) => {
      group.forEach((waiting, index) => {
        const result = results && index < results.length ? results[index] : new CallFailed(error ?? new Error(`grouped call: ${results?.length ?? 0} results for ${group.length} items`));
        if (result instanceof CallFailed) waiting.reject(result.error);
        else waiting.resolve(result as Result);
      });
    };
    let running: Promise<readonly (Result | CallFailed)[]>;
    try {
      running = run(group.map((waiting) => waiting.item));
    } catch (error) {
      running = Promise.reject(error);
    }
    running
      .then(
        (results) => settle(results),
        (error: unknown) => settle(null, error),
      )
      .finally(() => {
        inFlight -= 1;
        // What gathered meanwhile has waited long enough.
        if (queue.length > 0) startGroup();
      });
    // What is left: a full group starts now, the rest on the next turn or after the linger.
    schedule();
  };

  const isFull = () => queue.length >= settings.maxItems || (queue.length > 0 && takeable() < queue.length);

  const schedule = () => {
    if (queue.length === 0 || inFlight >= settings.maxInFlight) return;
    // A full group need not wait for the linger.
    if (isFull()) return startGroup();
    if (timer) return;
    timer = settings.lingerMs > 0 ? setTimeout(startGroup, settings.lingerMs) : setImmediate(startGroup);
  };

  return (item) =>
    new Promise<Result>((resolve, reject) => {
      queue.push({ item, weight: settings.weight?.(item) ?? 0, resolve, reject });
      schedule();
    });
};
