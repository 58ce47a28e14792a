/**
 * Four-eyes refunds on a shared ledger. A refund above its profile's threshold (per currency)
 * becomes a request; another operator holding approve_refund approves or rejects it. Approving
 * runs the refund through the same journal as any other: the decision and the refund's intent are
 * written in one unit of work, so a refund the journal refuses (the balance changed) leaves the
 * request pending, and two approvers at once produce one refund — the second finds the request
 * decided (the database serialises them on its row). Who may ask and decide is the database's
 * call (migration 18); the checks here only give clearer words first.
 */
import type { ApprovalStatus } from '../../../shared/domain/operators.ts';
import type { ApprovalRequest } from '../../../shared/ipc/contract.ts';
import { formatDecimal, parseDecimal } from '../../../shared/money/money.ts';
import type { Auditor } from '../audit.ts';
import type { EventBus } from '../door.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import { newApprovalId } from '../ids.ts';
import type { Ledger, RefundApprovalRow, TeamLedger } from '../ledger/port.ts';
import type { PaymentService } from '../payments/payment-service.ts';
import type { Clock } from '../ports.ts';
import type { ProfileService } from '../profiles/profile-service.ts';
import type { OperatorAccess } from './operator-access.ts';
import type { RefundApprovals } from './refund-approvals.ts';

/** How long a request waits for a second operator before it expires (a working day and a night). */
export const DEFAULT_APPROVAL_VALID_FOR_MS = 24 * 60 * 60 * 1000;

export interface TeamApprovalDeps {
  readonly team: TeamLedger;
  readonly ledger: Ledger;
  readonly payments: PaymentService;
  readonly profiles: ProfileService;
  readonly access: OperatorAccess;
  readonly auditor: Auditor;
  readonly clock: Clock;
  readonly bus: EventBus;
  readonly validForMs?: number;
}

function amountOf(text: string, currency: string, field: string): bigint {
  try {
    return parseDecimal(text, currency);
  } catch (error) {
    throw new ValidationError(`${text} is not an amount in ${currency}`, { [field]: error instanceof Error ? error.message : 'Not a valid amount' });
  }
}

export function teamRefundApprovals(deps: TeamApprovalDeps): RefundApprovals {
  const { team, ledger, payments, auditor, clock, bus } = deps;
  const validForMs = deps.validForMs ?? DEFAULT_APPROVAL_VALID_FOR_MS;

  function present(row: RefundApprovalRow): ApprovalRequest {
    const status: ApprovalStatus = row.status === 'pending' && row.expiresAt.getTime() <= clock.now().getTime() ? 'expired' : row.status;
    return {
      id: row.id,
      paymentId: row.paymentId,
      profileId: row.profileId,
      merchantReference: row.merchantReference,
      amount: formatDecimal(row.amountMinor, row.currency),
      currency: row.currency,
      reason: row.reason,
      requestedBy: row.requestedBy,
      requestedAt: row.requestedAt.toISOString(),
      expiresAt: row.expiresAt.toISOString(),
      status,
      decidedBy: row.decidedBy,
      decidedAt: row.decidedAt?.toISOString() ?? null,
      note: row.note,
      operationId: row.operationId,
    };
  }

  function announce(request: ApprovalRequest): void {
    bus.emit('approval:changed', { requestId: request.id, paymentId: request.paymentId, status: request.status });
  }

  async function requestOrThrow(id: string): Promise<RefundApprovalRow> {
    const found = await team.approval(id);
    if (found === null) throw new NotFoundError(`No refund request with id ${id}`);
    return found;
  }

  return {
    async refund(input, context) {
      const payment = await ledger.payments.get(input.paymentId);
      if (payment === null) throw new NotFoundError(`No payment with id ${input.paymentId}`);
      const amountMinor = amountOf(input.amount, payment.currency, 'amount');
      const threshold = await team.thresholdFor(payment.id);
      if (threshold === null || amountMinor <= threshold) return payments.refund(input, context);

      // Checked now so the approver is not asked for a refund the payment cannot take; checked again when it runs.
      const expectedMinor = amountOf(input.expectedRefundable, payment.currency, 'expectedRefundable');
      const { refundableMinor } = await ledger.operations.balances(payment.id);
      if (amountMinor > refundableMinor || expectedMinor !== refundableMinor) {
        return payments.refund(input, context);
      }
      const made = await ledger.withTransaction(async () => {
        const row = await team.requestRefund({ id: newApprovalId(clock.now()), paymentId: payment.id, amountMinor, reason: input.reason, validForMs });
        await auditor.record(context, 'refund.approval-requested', { type: 'payment', id: payment.id }, 'pending', {
          requestId: row.id,
          amount: formatDecimal(amountMinor, payment.currency),
          currency: payment.currency,
          threshold: formatDecimal(threshold, payment.currency),
          reason: input.reason,
          expiresAt: row.expiresAt.toISOString(),
        });
        return row;
      });
      const request = present(made);
      announce(request);
      return { approvalRequested: request };
    },

    async list(filter) {
      const rows = await team.approvals({ status: filter.status, limit: filter.limit });
      const me = await deps.access.me();
      const pending = me.rights.includes('approve_refund') ? await team.pendingForMe() : 0;
      return { requests: rows.map(present), pending };
    },

    async decide(decision, context) {
      const request = await requestOrThrow(decision.requestId);
      const target = { type: 'payment', id: request.paymentId };
      const details = { requestId: request.id, amount: formatDecimal(request.amountMinor, request.currency), currency: request.currency, requestedBy: request.requestedBy, note: decision.note };
      const action = decision.decision === 'reject' ? 'refund.approval-rejected' : 'refund.approval-approved';
      if (request.requestedBy === team.login) {
        // The database refuses it too (console_decide_refund); this says it in the operator's words.
        const refusal = new ForbiddenError(`${team.login} requested this refund and cannot ${decision.decision} it: another operator with the approve_refund right must`);
        await auditor.record(context, action, target, 'refused', { ...details, error: refusal.message });
        throw refusal;
      }
      if (decision.decision === 'reject') {
        const rejected = await ledger.withTransaction(async () => {
          const row = await team.decideRefund(request.id, false, decision.note, null);
          await auditor.record(context, 'refund.approval-rejected', target, 'rejected', details);
          return row;
        });
        const presented = present(rejected);
        announce(presented);
        return { request: presented, outcome: null };
      }
      let outcome;
      try {
        outcome = await payments.approvedRefund({ paymentId: request.paymentId, amount: formatDecimal(request.amountMinor, request.currency), reason: request.reason }, context, async (operationId) => {
          await team.decideRefund(request.id, true, decision.note, operationId);
          await auditor.record(context, 'refund.approval-approved', target, 'succeeded', { ...details, operationId });
        });
      } catch (error) {
        // The refusal is recorded on its own: the unit of work that would have held the approval rolled back.
        await auditor.record(context, 'refund.approval-approved', target, 'refused', { ...details, error: error instanceof Error ? error.message : String(error) }).catch(() => undefined);
        throw error;
      }
      const presented = present(await requestOrThrow(request.id));
      announce(presented);
      return { request: presented, outcome };
    },

    followElsewhere() {
      return ledger.onChangesElsewhere((changes) => {
        void team
          .approvalsOf([...new Set(changes.map((change) => change.paymentId))])
          .then((rows) => rows.forEach((row) => announce(present(row))))
          .catch(() => undefined);
      });
    },

    async thresholds() {
      return (await team.thresholds()).map((row) => ({ profileId: row.profileId, currency: row.currency, amount: formatDecimal(row.amountMinor, row.currency) }));
    },

    async saveThresholds(profileId, thresholds, context) {
      deps.profiles.get(profileId);
      const currencies = new Set<string>();
      const parsed = thresholds.map((entry, index) => {
        if (currencies.has(entry.currency)) throw new ValidationError(`${entry.currency} is given twice`, { [`thresholds.${index}.currency`]: 'One threshold per currency' });
        currencies.add(entry.currency);
        return { currency: entry.currency, amountMinor: amountOf(entry.amount, entry.currency, `thresholds.${index}.amount`) };
      });
      await ledger.withTransaction(async () => {
        await team.saveThresholds(profileId, parsed);
        await auditor.record(context, 'refund.thresholds', { type: 'profile', id: profileId }, 'succeeded', {
          thresholds: parsed.map((entry) => ({ currency: entry.currency, amount: formatDecimal(entry.amountMinor, entry.currency) })),
        });
      });
      return this.thresholds();
    },
  };
}
