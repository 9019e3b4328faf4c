/**
 * Pairs the rows of a summary file with the reviews they summarise. The source ships the
 * review bodies and their summaries as two files in the same order, but the summary file lacks
 * some rows (about one in ten), so row numbers drift. A summary's pair is recovered by a banded
 * sequence alignment: both files keep the source's order, a pair must share its rating, and the
 * summary's words found in the body make a pair likelier. The pair then shares one side of the
 * train/test split (the body's), so a review's own summary never trains the model that is
 * scored on that review.
 */
export interface PairableRow {
  text: string;
  /** The row's rating on its own scale: a summary and its review always share it. */
  rating: number;
}

/** How far (in rows, either way) the alignment may drift beyond the difference in row counts. */
const SLACK = 60;
const SKIP_SUMMARY = -0.5;

function contentWords(text: string): Set<string> {
  return new Set(text.toLowerCase().split(/[^a-z0-9]+/).filter((word) => word.length >= 3));
}

function overlap(summary: Set<string>, body: Set<string>): number {
  if (summary.size === 0) return 0;
  let shared = 0;
  for (const word of summary) if (body.has(word)) shared++;
  return shared / summary.size;
}

/** For each summary, the index of its body, or -1 when none fits. */
export function pairSummaries(bodies: readonly PairableRow[], summaries: readonly PairableRow[]): number[] {
  const n = bodies.length;
  const m = summaries.length;
  const low = -SLACK;
  const high = Math.max(0, n - m) + SLACK;
  const width = high - low + 1;
  // dp[i][d]: best score having used the first i bodies and the first i - d summaries (d = i - j).
  const score = new Float64Array((n + 1) * width).fill(Number.NEGATIVE_INFINITY);
  const move = new Uint8Array((n + 1) * width); // 1 pair, 2 skip body, 3 skip summary
  const at = (i: number, j: number) => i * width + (i - j - low);
  const inBand = (i: number, j: number) => j >= 0 && j <= m && i - j >= low && i - j <= high;
  const bodyWords = bodies.map((row) => contentWords(row.text));
  const summaryWords = summaries.map((row) => contentWords(row.text));
  score[at(0, 0)] = 0;
  for (let i = 0; i <= n; i++) {
    for (let j = Math.max(0, i - high); j <= Math.min(m, i - low); j++) {
      if (i === 0 && j === 0) continue;
      let best = Number.NEGATIVE_INFINITY;
      let how = 0;
      if (i > 0 && j > 0 && inBand(i - 1, j - 1) && bodies[i - 1]?.rating === summaries[j - 1]?.rating) {
        const value = (score[at(i - 1, j - 1)] ?? -Infinity) + 1 + 2 * overlap(summaryWords[j - 1] as Set<string>, bodyWords[i - 1] as Set<string>);
        if (value > best) [best, how] = [value, 1];
      }
      if (i > 0 && inBand(i - 1, j)) {
        const value = score[at(i - 1, j)] ?? -Infinity;
        if (value > best) [best, how] = [value, 2];
      }
      if (j > 0 && inBand(i, j - 1)) {
        const value = (score[at(i, j - 1)] ?? -Infinity) + SKIP_SUMMARY;
        if (value > best) [best, how] = [value, 3];
      }
      score[at(i, j)] = best;
      move[at(i, j)] = how;
    }
  }
  const pairs = new Array<number>(m).fill(-1);
  let i = n;
  let j = m;
  if (!inBand(i, j) || !Number.isFinite(score[at(i, j)] ?? -Infinity)) return pairs;
  while (i > 0 || j > 0) {
    const how = move[at(i, j)];
    if (how === 1) {
      pairs[j - 1] = i - 1;
      i--;
      j--;
    } else if (how === 2) i--;
    else if (how === 3) j--;
    else break;
  }
  return pairs;
}
