import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { classifyFeedback } from '../feedback/classify.ts';
import { InvalidFeedbackInputError, parseFeedbackInput } from '../feedback/schema.ts';
import type { Classification, FeedbackInput } from '../feedback/types.ts';
import type { CliIo } from './io.ts';

/**
 * `afterglow classify`: JSON lines in, JSON lines out, in order. Each input line is
 * `{"text", "score"?, "scale"?, "locale"?}`; its output line is the classification, or
 * `{"error": "…"}` when the line cannot be classified, and the lines after it go on. Needs no
 * store and no configuration. Blank lines are skipped.
 */
export const CLASSIFY_USAGE = `usage: afterglow classify < feedback.jsonl
  reads one JSON object per line: {"text": "…", "score": 9, "scale": "nps"|"csat"|"stars", "locale": "fr-FR"}
  (every field optional; a score needs its scale) and writes one JSON line per input, in order:
  {"sentiment", "confidence", "issues", "recovery", "language", "reasons"} or {"error": "…"}`;

function inputOf(line: string): FeedbackInput {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new InvalidFeedbackInputError(['not valid JSON']);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new InvalidFeedbackInputError(['a line must be a JSON object']);
  // `comment` (the FeedbackEvent's name) is read as `text`; other fields (an id to correlate) are ignored.
  const { text, comment, ...rest } = parsed as Record<string, unknown>;
  const input = parseFeedbackInput({ ...rest, comment: text ?? comment });
  if (input.comment === undefined && input.score === undefined) {
    throw new InvalidFeedbackInputError(['nothing to classify: give "text", "score" with "scale", or both']);
  }
  return input;
}

/** The answer to one input line: its classification, or why it has none. */
export function classifyLine(line: string): Classification | { error: string } {
  try {
    return classifyFeedback(inputOf(line));
  } catch (error) {
    if (error instanceof InvalidFeedbackInputError) return { error: error.problems.join('; ') };
    throw error;
  }
}

export async function runClassifyCommand(args: readonly string[], input: Readable, output: Writable, io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(CLASSIFY_USAGE);
    return 0;
  }
  if (args.length > 0) {
    io.err(`afterglow classify: unexpected argument ${args[0]}\n${CLASSIFY_USAGE}`);
    return 2;
  }
  const lines = createInterface({ input, crlfDelay: Infinity });
  let number = 0;
  for await (const line of lines) {
    number++;
    if (line.trim() === '') continue;
    const answer = classifyLine(line);
    if ('error' in answer) io.err(`afterglow classify: line ${number}: ${answer.error}`);
    // Respect the reader's pace: a slow pipe must not make the output pile up in memory.
    if (!output.write(`${JSON.stringify(answer)}\n`)) await once(output, 'drain');
  }
  return 0;
}
