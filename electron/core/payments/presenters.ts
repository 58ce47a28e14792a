/** Ledger rows → contract shapes. Amounts leave the core only as decimal strings. */
import type { RecordsView } from '../gateways/gateway-catalog.ts';
import type { OperationEntry, PaymentDetail, PaymentSummary, WireEntry } from '../../../shared/ipc/contract.ts';
import { formatDecimal } from '../../../shared/money/money.ts';
import type { PaymentInstructions } from '../gateways/types.ts';
import { allowedActions, paymentFacts } from './action-policy.ts';
import type { Ledger } from '../ledger/port.ts';
import type { Balances, OperationRow, PaymentRow, StatusEvent, StoredWire, WireCursor } from '../ledger/types.ts';

/** The instalment plan the console sent (kept in gatewayData under a key of the core's own). */
export function scheduleOf(payment: PaymentRow): Array<{ date: string; amount: string }> | null {
  const raw = payment.gatewayData['schedule'];
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as Array<{ date: string; amountMinor: string }>;
    return parsed.map((item) => ({ date: item.date, amount: formatDecimal(BigInt(item.amountMinor), payment.currency) }));
  } catch {
    return null;
  }
}

function presentInstructions(instructions: PaymentInstructions): NonNullable<PaymentSummary['instructions']> {
  const { amountMinor, expiresAt, ...rest } = instructions;
  return { ...rest, amount: formatDecimal(amountMinor, instructions.currency), expiresAt: expiresAt ? expiresAt.toISOString() : null };
}

export function presentSummary(payment: PaymentRow, balances: Balances): PaymentSummary {
  const money = (minor: bigint) => formatDecimal(minor, payment.currency);
  return {
    id: payment.id,
    profileId: payment.profileId,
    profileName: payment.profileName,
    gatewayId: payment.gatewayId,
    environment: payment.environment,
    kind: payment.kind,
    method: payment.method,
    moto: payment.moto,
    status: payment.status,
    currency: payment.currency,
    amount: money(payment.amountMinor),
    authorized: money(balances.authorizedMinor),
    captured: money(balances.capturedMinor),
    refunded: money(balances.refundedMinor),
    voided: money(balances.voidedMinor),
    chargedBack: money(balances.chargedBackMinor),
    capturable: money(balances.capturableMinor),
    refundable: money(balances.refundableMinor),
    merchantReference: payment.merchantReference,
    gatewayTransactionId: payment.gatewayTransactionId,
    description: payment.description,
    customerName: payment.customerName,
    customerEmail: payment.customerEmail,
    customerPhone: payment.customerPhone,
    card: payment.card ? { ...payment.card } : null,
    gatewayCode: payment.gatewayCode,
    gatewayMessage: payment.gatewayMessage,
    pendingAction: payment.pendingAction ? { ...payment.pendingAction, parameters: [...payment.pendingAction.parameters] } : null,
    instructions: payment.instructions ? presentInstructions(payment.instructions) : null,
    schedule: scheduleOf(payment),
    imported: payment.imported,
    createdAt: payment.createdAt.toISOString(),
    updatedAt: payment.updatedAt.toISOString(),
  };
}

function presentOperation(operation: OperationRow): OperationEntry {
  return {
    id: operation.id,
    kind: operation.kind,
    state: operation.state,
    amount: formatDecimal(operation.amountMinor, operation.currency),
    currency: operation.currency,
    merchantReference: operation.merchantReference,
    gatewayOperationId: operation.gatewayOperationId,
    gatewayCode: operation.gatewayCode,
    gatewayMessage: operation.gatewayMessage,
    reason: operation.reason,
    operator: operation.operator,
    createdAt: operation.createdAt.toISOString(),
    completedAt: operation.completedAt ? operation.completedAt.toISOString() : null,
  };
}

function presentStatusEvent(event: StatusEvent) {
  return { at: event.at.toISOString(), from: event.from, to: event.to, source: event.source, detail: event.detail };
}

export function presentWire(entry: StoredWire): WireEntry {
  return {
    id: entry.id,
    operationId: entry.operationId,
    at: entry.at.toISOString(),
    method: entry.method,
    url: entry.url,
    requestHeaders: entry.requestHeaders,
    requestBody: entry.requestBody,
    responseStatus: entry.responseStatus,
    responseHeaders: entry.responseHeaders,
    responseBody: entry.responseBody,
    durationMs: entry.durationMs,
    error: entry.error,
    repeats: entry.repeats,
    lastAt: entry.lastAt?.toISOString() ?? null,
  };
}

export async function presentDetail(ledger: Ledger, payment: PaymentRow, descriptor: RecordsView): Promise<PaymentDetail> {
  const facts = await paymentFacts(ledger, payment, descriptor);
  return {
    payment: presentSummary(payment, facts.balances),
    operations: facts.operations.map(presentOperation),
    statusHistory: (await ledger.payments.listStatusEvents(payment.id)).map(presentStatusEvent),
    wireEntries: await ledger.wire.count(payment.id),
    actions: allowedActions(facts),
    refundPolicy: { partial: descriptor.partialRefunds ?? true, note: descriptor.refundNote ?? null },
  };
}

/** A wire log cursor as the contract carries it (wireCursorSchema): the entry's instant in ms and its place in the log. */
export function wireCursorText(cursor: WireCursor): string {
  return `${cursor.at.getTime()}.${cursor.seq}`;
}

export function wireCursorFrom(text: string | null): WireCursor | null {
  if (text === null) return null;
  const [ms, seq] = text.split('.');
  return { at: new Date(Number(ms)), seq: Number(seq) };
}
