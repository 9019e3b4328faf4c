import type { SimulationReport } from './run-simulation.ts';

/**
 * The simulator's output: each customer's timeline (order events, messages with their planned
 * time and what became of each ask, answers, cases) and every invariant with its counts.
 */
const stamp = (at: Date) => at.toISOString().slice(0, 16).replace('T', ' ');

export const customerTimelines = (report: SimulationReport): string[] => {
  const lines: string[] = [];
  const asksByCustomer = new Map<string, SimulationReport['records']['asks'][number][]>();
  for (const ask of report.records.asks) {
    const key = `${ask.tenantId}\u0000${ask.customerKey}`;
    asksByCustomer.set(key, [...(asksByCustomer.get(key) ?? []), ask]);
  }
  report.customers.forEach((customer, index) => {
    const facts = report.facts[index];
    if (!facts) return;
    const fromApi = report.apiTimelines.get(customer.index);
    if (fromApi) {
      lines.push(`${facts.label} <${customer.email}> (tenant API timeline)`);
      for (const entry of fromApi) lines.push(`  ${entry.at ? stamp(new Date(entry.at)) : '                '}  ${entry.text}`);
      return;
    }
    const numberOf = new Map(customer.orders.map((order) => [order.id, `#${order.number}`]));
    const entries: { at: Date; text: string }[] = [];
    for (const order of customer.orders) {
      for (const step of order.steps) {
        const detail = step.kind === 'cancelled' ? ` by the ${step.by}` : step.kind === 'refunded' ? ` ${step.amount}${step.full ? ' (full)' : ' (partial)'}` : '';
        entries.push({ at: step.at, text: `order #${order.number} ${step.kind}${detail}` });
      }
    }
    for (const ask of asksByCustomer.get(`${facts.tenantId}\u0000${facts.customerKey}`) ?? []) {
      const about = ask.orderId ? ` ${numberOf.get(ask.orderId) ?? ask.orderId}` : '';
      const history = report.records.history.get(ask.id) ?? [];
      const moves = history.filter((entry) => entry.action === 'postponed' || entry.action === 'retry').map((entry) => `${entry.action} ${stamp(entry.at)}: ${entry.reason ?? ''}`);
      if (ask.sentAt) entries.push({ at: ask.sentAt, text: `→ ${ask.kind}${about} sent (planned ${stamp(ask.journeyAt)})${moves.length ? ` [${moves.join('; ')}]` : ''}` });
      else entries.push({ at: ask.journeyAt, text: `· ${ask.kind}${about} ${ask.state}${ask.outcomeReason ? `: ${ask.outcomeReason}` : ''}` });
    }
    for (const answer of facts.answers) entries.push({ at: answer.at, text: `answered about ${numberOf.get(answer.orderId) ?? answer.orderId} (${customer.answers})` });
    if (facts.unsubscribedAt) entries.push({ at: facts.unsubscribedAt, text: 'unsubscribed' });
    for (const found of report.records.cases.filter((c) => c.tenantId === facts.tenantId && c.customerKey === facts.customerKey)) {
      entries.push({ at: found.openedAt, text: `case opened (${found.severity}, priority ${found.priority})${found.orderId ? ` about ${numberOf.get(found.orderId) ?? found.orderId}` : ''}` });
      if (found.resolvedAt) entries.push({ at: found.resolvedAt, text: 'case resolved' });
    }
    entries.sort((a, b) => a.at.getTime() - b.at.getTime());
    lines.push(`${facts.label} <${customer.email}> key ${facts.customerKey}`);
    for (const entry of entries) lines.push(`  ${stamp(entry.at)}  ${entry.text}`);
  });
  return lines;
};

export const invariantLines = (report: SimulationReport): string[] => {
  const lines = [
    `simulated ${report.options.customers} customers over ${report.options.weeks} weeks (seed ${report.options.seed}, ${report.options.store}): ` +
      `${report.figures.orders} orders, ${report.figures.webhooks} webhooks, ${report.figures.messages} messages, ${report.figures.answers} answers, ` +
      `${report.figures.reviews} reviews, ${report.figures.unsubscribes} unsubscribes, ${report.figures.casesOpened} cases, ` +
      `${report.figures.dispatchRuns} dispatch runs over ${report.figures.virtualDays} virtual days in ${(report.elapsedMs / 1000).toFixed(1)} s`,
    `messages by kind: ${JSON.stringify(report.figures.messagesByKind)}; asks by state: ${JSON.stringify(report.figures.asksByState)}`,
  ];
  for (const invariant of report.invariants) {
    lines.push(`${invariant.violations === 0 ? 'PASS' : 'FAIL'} ${invariant.id}: ${invariant.checked} checked, ${invariant.violations} violated — ${invariant.title}`);
    for (const example of invariant.examples) lines.push(`       ${example}`);
  }
  return lines;
};

/** The report file: figures and invariants, and the timelines, as JSON. */
export const reportDocument = (report: SimulationReport) => ({
  options: report.options,
  tenants: report.tenants,
  figures: report.figures,
  elapsedMs: report.elapsedMs,
  invariants: report.invariants,
  timelines: customerTimelines(report),
});
