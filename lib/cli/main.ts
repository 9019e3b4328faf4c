import { runLocal } from '../local/run-local.ts';
import { readStoreLock, StoreLockedError, lockFileOf } from '../local/store-lock.ts';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- the CLI's composition root (bin/afterglow.mjs), like functions/: it builds the context
import { createAppContext, migrateStore } from '../runtime/app-context.ts';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- a composition root: everything in one process, the Kafka event log too (functions/ choose their own)
import '../runtime/kafka-adapter.ts';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- the CLI's composition root reads the configuration
import { loadConfig, type AppConfig } from '../runtime/config.ts';
import { cliErrorMessage } from './cli-error.ts';
import { processIo, type CliIo } from './io.ts';
import { runStoreCommand, STORE_COMMANDS } from './store-commands.ts';

const USAGE = `usage: afterglow <command>

  start                         serve every route and run every consumer (npm start)
  tenant create --id ID --platform shopify|woocommerce|bigcommerce --webhook-secret S
                [--previous-secret S] [--shop-domain D] [--api-url U --api-token T]
                                prints {"tenantId", "apiKey", …}; the API key is shown only here
  tenant show ID                a tenant and its settings, secrets masked
  tenant set ID key=value …     change settings: dotted keys, JSON values
                                (journey.feedbackDelayDays=0 consent.unreportedMarketing=send
                                 reviewLinks='[{"name":"Google","url":"https://…"}]')
  tenant sessions revoke ID     sign every console session of the tenant out
  preview --kind KIND --locale L [--tenant ID]
                                the message of that kind (feedback_request, review_invitation, …) for a
                                sample order, as the tenant's brand and copy render it: subject, text, HTML, SMS
  migrate                       bring the store's schema up to date
  dispatch [--now ISO-8601]     send the outreach that is due (as the every-minute schedule does);
                                prints {"sent","postponed","failed","withdrawn","skipped","feedbackRelayed","rewardsGranted"}
  dead-letters list [--handler H] [--tenant T] [--since ISO] [--limit N]
                                what was set aside, newest first, one JSON line each (no payload)
  dead-letters show ID          one dead letter with its payload (ID: kafka:topic:partition:offset or sqs:queue:messageId)
  dead-letters redrive [--source table|dlq|kafka-on-failure] [--since ISO] [--handler H] [--queue URL]
                                republish them once each (from the store, the afterglow.dlq topic, or
                                the records Lambda's Kafka failure queue names); prints a summary
  timeline --order ID | --customer ID [--tenant T]
                                every ask of an order or customer with why it went when it did
                                (postponements, skips, withdrawals and their reasons), interleaved
                                with the order events, feedback, cases and reviews
  reconcile [--tenant ID]       read each tenant's platform API (--api-url/--api-token) for order changes
                                no webhook brought and publish them once; prints {"tenants","read","published","failed"}
  classify                      classify feedback: JSON lines {"text","score"?,"scale"?,"locale"?} on stdin,
                                one JSON line per input on stdout (sentiment, confidence, issues, recovery,
                                language, reasons), {"error": …} for a line it cannot read; no store needed
  simulate [--customers N] [--weeks W] [--seed S] [--store pglite|postgres] [--report FILE]
           [--dispatch-every MINUTES] [--timelines]
                                a seeded shop on the three platforms through the real functions with a
                                virtual clock: each customer's timeline and every journey invariant with
                                its counts; exits 1 when one fails

Configuration comes from the environment (see README: DATABASE_URL, KAFKA_BROKERS, …).`;

/**
 * The embedded store admits one process. While \`npm start\` holds it, store commands are executed
 * by that server (over loopback, with the token from the lock file) instead of opening the files.
 */
const runInRunningServer = async (config: AppConfig, argv: readonly string[], io: CliIo): Promise<number | null> => {
  if (config.databaseUrl) return null;
  const holder = readStoreLock(config.dataDir);
  if (!holder) return null;
  if (!holder.port || !holder.adminToken) throw new StoreLockedError(lockFileOf(config.dataDir), holder);
  const response = await fetch(`http://127.0.0.1:${holder.port}/_local/cli`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-afterglow-admin-token': holder.adminToken },
    body: JSON.stringify({ argv }),
  });
  if (!response.ok) throw new StoreLockedError(lockFileOf(config.dataDir), holder);
  const result = (await response.json()) as { exitCode: number; stdout: string[]; stderr: string[] };
  result.stdout.forEach((line) => io.out(line));
  result.stderr.forEach((line) => io.err(line));
  return result.exitCode;
};

const waitForShutdownSignal = () =>
  new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });

export const main = async (argv: readonly string[], io: CliIo = processIo): Promise<number> => {
  const [command] = argv;
  try {
    if (!command || command === 'help' || command === '--help' || command === '-h') {
      io.out(USAGE);
      return command ? 0 : 2;
    }
    if (command === 'classify') {
      // Needs neither configuration nor store; loaded only here, as the model is a large module.
      const { runClassifyCommand } = await import('./classify-command.ts');
      return await runClassifyCommand(argv.slice(1), process.stdin, process.stdout, io);
    }
    if (command === 'simulate') {
      // Its own store (a fresh PGlite, or DATABASE_URL): loaded only here, never in a Lambda bundle.
      const { runSimulateCommand } = await import('./simulate-command.ts');
      return await runSimulateCommand(argv.slice(1), io);
    }
    const config = loadConfig();
    if (command === 'preview' && !argv.some((arg) => arg === '--tenant' || arg.startsWith('--tenant='))) {
      // A sample shop with the default settings: no store needed.
      const { runPreviewCommand } = await import('./preview-command.ts');
      await runPreviewCommand(argv.slice(1), io, { publicBaseUrl: config.publicBaseUrl });
      return 0;
    }
    if (command === 'start') {
      const running = await runLocal(config);
      io.out(JSON.stringify({ msg: 'afterglow started', port: running.port, url: `http://localhost:${running.port}` }));
      await waitForShutdownSignal();
      await running.stop();
      return 0;
    }
    if (STORE_COMMANDS.has(command)) {
      const forwarded = await runInRunningServer(config, argv, io);
      if (forwarded !== null) return forwarded;
      if (command === 'migrate') {
        io.out(JSON.stringify({ applied: await migrateStore(config) }));
        return 0;
      }
      const context = await createAppContext(config);
      try {
        await runStoreCommand(argv, context, io);
      } finally {
        await context.close();
      }
      return 0;
    }
    io.err(`afterglow: unknown command ${command}\n\n${USAGE}`);
    return 2;
  } catch (error) {
    const failure = cliErrorMessage(error);
    io.err(failure.message);
    return failure.exitCode;
  }
};
