import { parseArgs } from 'node:util';
import { runSoak } from './soak/run-soak.ts';

/**
 * `npm run soak -- --store pglite|postgres --rate N --seconds S [--kill-at S|none]`: signed webhooks
 * against `afterglow start`, a SIGKILL half-way (none: no SIGKILL, the rate the store holds), a restart, the drain; prints what was accepted,
 * stored, asked and sent, and exits non-zero when anything was lost or duplicated.
 */
const { values } = parseArgs({
  options: {
    store: { type: 'string', default: 'pglite' },
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '20' },
    'kill-at': { type: 'string' },
  },
});
const store = values.store === 'postgres' ? 'postgres' : values.store === 'pglite' ? 'pglite' : null;
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const killAt = values['kill-at'] === 'none' ? null : values['kill-at'] === undefined ? seconds / 2 : Number(values['kill-at']);
if (!store || !(rate > 0 && rate <= 5000) || !(seconds > 0 && seconds <= 600) || (killAt !== null && !(killAt >= 0 && killAt <= seconds))) {
  process.stderr.write('usage: npm run soak -- --store pglite|postgres --rate 1..5000 --seconds 1..600 [--kill-at 0..seconds|none]\n');
  process.exit(2);
}
const report = await runSoak({ store, rate, seconds, killAt, onProgress: (line) => process.stderr.write(`soak: ${line}\n`) });
process.stdout.write(`${JSON.stringify(report)}\n`);
const ok = report.lost === 0 && report.duplicates === 0;
process.stderr.write(
  `soak ${ok ? 'passed' : 'FAILED'}: accepted ${report.accepted} / stored ${report.stored} / asked ${report.asked} / messages ${report.messages} / duplicates ${report.duplicates} / lost ${report.lost}\n`,
);
process.exit(ok ? 0 : 1);
