import { randomUUID } from 'node:crypto';
import type { RecoverySignal } from '../../events/recovery-signal.ts';
import { orderKeyOf, type RecoveryCaseRepository } from '../store/recovery-case-repository.ts';
import type { RecoverySettings } from '../tenants/settings.ts';
import { planSignal, type CaseSignal, type RecoveryCase } from './recovery-case.ts';
import { triageSignal } from './triage.ts';

export interface RecordSignalDeps {
  readonly cases: Pick<RecoveryCaseRepository, 'forCustomer'>;
  readonly clock: () => Date;
  readonly newCaseId?: () => string;
}

export interface RecordedSignal {
  /** `duplicate`: this signal id was recorded before (a redelivery); nothing changed. */
  readonly outcome: 'recorded' | 'duplicate';
  readonly case: RecoveryCase;
  readonly signal: CaseSignal;
}

const HOUR = 3_600_000;
export const newCaseId = (): string => `rc_${randomUUID()}`;

/**
 * Triages a signal and files it on its case, in one transaction under the customer's lock: a
 * signal id seen before changes nothing; otherwise the customer's open case for the order takes
 * it (or one is opened), by {@link planSignal}. Notifications are decided here and sent after.
 */
export const recordRecoverySignal = async (
  signal: RecoverySignal,
  context: { readonly settings: RecoverySettings; readonly messageId: string | null },
  deps: RecordSignalDeps,
): Promise<RecordedSignal> =>
  deps.cases.forCustomer(signal.tenantId, signal.customer.key, async (store) => {
    const known = await store.findSignal(signal.tenantId, signal.signalId);
    if (known) {
      const existing = await store.findCase(signal.tenantId, known.caseId);
      if (existing) return { outcome: 'duplicate', case: existing, signal: known };
    }
    const now = deps.clock();
    const { settings } = context;
    const orderKey = orderKeyOf(signal.orderId);
    const since = new Date(now.getTime() - settings.perCustomerCap.windowHours * HOUR);
    const history = await store.history(signal.tenantId, signal.customer.key, orderKey, since);
    const triage = triageSignal(signal, history, settings, now);
    const open = await store.findOpenCase(signal.tenantId, signal.customer.key, orderKey);
    const plan = planSignal(open, triage, history.recentSignals >= settings.perCustomerCap.signals);
    const recoveryCase = open
      ? await store.joinCase(open.id, plan.assessment, now)
      : await store.insertCase({
          ...plan.assessment,
          id: (deps.newCaseId ?? newCaseId)(),
          tenantId: signal.tenantId,
          customerKey: signal.customer.key,
          orderId: signal.orderId,
          orderNumber: signal.orderNumber,
          customer: signal.customer,
          summary: signal.summary,
          openedAt: now,
        });
    const recorded = await store.insertSignal({
      tenantId: signal.tenantId,
      caseId: recoveryCase.id,
      signal,
      triage,
      effect: plan.effect,
      messageId: context.messageId,
      helpdesk: plan.notify.helpdesk ? 'pending' : 'skipped',
      chat: plan.notify.chat ? 'pending' : 'skipped',
      receivedAt: now,
    });
    return { outcome: 'recorded', case: recoveryCase, signal: recorded };
  });
