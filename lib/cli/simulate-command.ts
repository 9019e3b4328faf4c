import { writeFileSync } from 'node:fs';
import { InvalidRequestError as UsageError } from '../errors.ts';
import type { CliIo } from './io.ts';
import { runSimulation } from '../simulation/run-simulation.ts';
import { customerTimelines, invariantLines, reportDocument } from '../simulation/simulation-report.ts';

export const SIMULATE_USAGE = `simulate [--customers N] [--weeks W] [--seed S] [--store pglite|postgres] [--report FILE] [--dispatch-every MINUTES] [--timelines]`;

/** Timelines go to stdout by default only for populations this small (the report file always has them). */
const PRINTED_TIMELINES = 200;

const integer = (name: string, text: string | undefined, min: number, max: number): number => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new UsageError(`--${name} is an integer from ${min} to ${max}`);
  return value;
};

/**
 * `afterglow simulate`: runs the journey simulator, prints each customer's timeline and every
 * invariant with its counts, and exits 1 when one fails.
 */
export const runSimulateCommand = async (args: readonly string[], io: CliIo, env: Record<string, string | undefined> = process.env): Promise<number> => {
  let customers = 90;
  let weeks = 6;
  let seed = 1;
  let store: 'pglite' | 'postgres' = env.DATABASE_URL ? 'postgres' : 'pglite';
  let reportFile: string | null = null;
  let timelines: boolean | null = null;
  let dispatchEveryMinutes = 0;
  for (let index = 0; index < args.length; index += 1) {
    const flag = args[index];
    const value = args[index + 1];
    if (flag === '--timelines') {
      timelines = true;
      continue;
    }
    if (flag === '--no-timelines') {
      timelines = false;
      continue;
    }
    index += 1;
    if (flag === '--customers') customers = integer('customers', value, 1, 1_000_000);
    else if (flag === '--weeks') weeks = integer('weeks', value, 1, 104);
    else if (flag === '--seed') seed = integer('seed', value, 0, 2 ** 31 - 1);
    else if (flag === '--dispatch-every') dispatchEveryMinutes = integer('dispatch-every', value, 0, 24 * 60);
    else if (flag === '--store') {
      if (value !== 'pglite' && value !== 'postgres') throw new UsageError('--store is pglite or postgres');
      store = value;
    } else if (flag === '--report') {
      if (!value) throw new UsageError('--report needs a file name');
      reportFile = value;
    } else throw new UsageError(`unknown option ${flag ?? ''}; usage: afterglow ${SIMULATE_USAGE}`);
  }
  if (store === 'postgres' && !env.DATABASE_URL) throw new UsageError('--store postgres uses DATABASE_URL, which is not set');
  const report = await runSimulation({ customers, weeks, seed, store, databaseUrl: env.DATABASE_URL ?? null, logLevel: env.LOG_LEVEL ?? 'silent', dispatchEveryMinutes, timelines: (timelines ?? customers <= PRINTED_TIMELINES) || reportFile !== null });
  if (timelines ?? customers <= PRINTED_TIMELINES) customerTimelines(report).forEach((line) => io.out(line));
  invariantLines(report).forEach((line) => io.out(line));
  if (reportFile) writeFileSync(reportFile, `${JSON.stringify(reportDocument(report), null, 2)}\n`);
  return report.invariants.some((invariant) => invariant.violations > 0) ? 1 : 0;
};
