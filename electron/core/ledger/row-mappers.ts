/** Ledger rows → the core's types. The only place that knows the column names of each table. */
import type { AuditLink } from './audit-chain.ts';
import type { CardBrand, Environment, GatewayId, OperationKind, OperationState, PaymentKind, PaymentStatus } from '../../../shared/domain/schemas.ts';
import type { GatewayData, MandateStatus, PendingAction } from '../gateways/types.ts';
import type { AuditEntry, MandateRow, MaskedCard, OperationRow, PaymentRow, PollEntry, PollQueueRow, StatusEvent, StoredToken, StoredWire } from './types.ts';
import { instructionsFromJson } from './payment-instructions.ts';
import { bigInteger, date, flag, integer, json, optionalBigInteger, optionalDate, optionalInteger, optionalJson, optionalText, text, type SqlRow } from './row-reader.ts';

function maskedCardFromRow(row: SqlRow): MaskedCard | null {
  const brand = optionalText(row, 'card_brand');
  if (brand === null) return null;
  return {
    brand: brand as CardBrand,
    bin: text(row, 'card_bin'),
    last4: text(row, 'card_last4'),
    expiryMonth: integer(row, 'card_expiry_month'),
    expiryYear: integer(row, 'card_expiry_year'),
    holder: text(row, 'card_holder'),
  };
}

function instructionsOrNull(stored: string | null): PaymentRow['instructions'] {
  return stored === null ? null : instructionsFromJson(stored);
}

export function paymentFromRow(row: SqlRow): PaymentRow {
  return {
    id: text(row, 'id'),
    profileId: text(row, 'profile_id'),
    profileName: text(row, 'profile_name'),
    gatewayId: text(row, 'gateway_id') as GatewayId,
    environment: text(row, 'environment') as Environment,
    kind: text(row, 'kind') as PaymentKind,
    method: text(row, 'method'),
    moto: flag(row, 'moto'),
    status: text(row, 'status') as PaymentStatus,
    currency: text(row, 'currency'),
    amountMinor: bigInteger(row, 'amount_minor'),
    merchantReference: text(row, 'merchant_reference'),
    description: optionalText(row, 'description'),
    customerName: optionalText(row, 'customer_name'),
    customerEmail: optionalText(row, 'customer_email'),
    customerPhone: optionalText(row, 'customer_phone'),
    card: maskedCardFromRow(row),
    imported: flag(row, 'imported'),
    createdAt: date(row, 'created_at'),
    instructions: instructionsOrNull(optionalText(row, 'instructions')),
    lastGatewayEventAt: optionalDate(row, 'last_gateway_event_at'),
    gatewayTransactionId: optionalText(row, 'gateway_transaction_id'),
    gatewayData: json<GatewayData>(row, 'gateway_data'),
    gatewayCode: optionalText(row, 'gateway_code'),
    gatewayMessage: optionalText(row, 'gateway_message'),
    pendingAction: optionalJson<PendingAction>(row, 'pending_action'),
    updatedAt: date(row, 'updated_at'),
  };
}

export function operationFromRow(row: SqlRow): OperationRow {
  return {
    id: text(row, 'id'),
    paymentId: text(row, 'payment_id'),
    kind: text(row, 'kind') as OperationKind,
    amountMinor: bigInteger(row, 'amount_minor'),
    currency: text(row, 'currency'),
    merchantReference: text(row, 'merchant_reference'),
    reason: optionalText(row, 'reason'),
    operator: text(row, 'operator'),
    createdAt: date(row, 'created_at'),
    state: text(row, 'state') as OperationState,
    gatewayOperationId: optionalText(row, 'gateway_operation_id'),
    gatewayCode: optionalText(row, 'gateway_code'),
    gatewayMessage: optionalText(row, 'gateway_message'),
    sentAt: optionalDate(row, 'sent_at'),
    completedAt: optionalDate(row, 'completed_at'),
    inFlightUntil: optionalDate(row, 'in_flight_until'),
    leaseOwner: optionalText(row, 'lease_owner'),
  };
}

export function statusEventFromRow(row: SqlRow): StatusEvent {
  return {
    paymentId: text(row, 'payment_id'),
    at: date(row, 'at'),
    from: optionalText(row, 'from_status') as PaymentStatus | null,
    to: text(row, 'to_status') as PaymentStatus,
    source: text(row, 'source') as StatusEvent['source'],
    detail: optionalText(row, 'detail'),
  };
}

export function wireFromRow(row: SqlRow): StoredWire {
  return {
    id: text(row, 'id'),
    gatewayId: text(row, 'gateway_id'),
    paymentId: optionalText(row, 'payment_id'),
    operationId: optionalText(row, 'operation_id'),
    at: date(row, 'at'),
    method: text(row, 'method'),
    url: text(row, 'url'),
    requestHeaders: json<Record<string, string>>(row, 'request_headers'),
    requestBody: optionalText(row, 'request_body'),
    responseStatus: optionalInteger(row, 'response_status'),
    responseHeaders: json<Record<string, string>>(row, 'response_headers'),
    responseBody: optionalText(row, 'response_body'),
    durationMs: integer(row, 'duration_ms'),
    error: optionalText(row, 'error'),
    seq: integer(row, 'seq'),
    repeats: integer(row, 'repeats'),
    lastAt: optionalDate(row, 'last_at'),
  };
}

export function tokenFromRow(row: SqlRow): StoredToken {
  return {
    id: text(row, 'id'),
    profileId: text(row, 'profile_id'),
    gatewayId: text(row, 'gateway_id') as GatewayId,
    tokenValue: text(row, 'token_value'),
    brand: text(row, 'brand') as CardBrand,
    last4: optionalText(row, 'last4'),
    expiryMonth: optionalInteger(row, 'expiry_month'),
    expiryYear: optionalInteger(row, 'expiry_year'),
    holder: optionalText(row, 'holder'),
    originPaymentId: optionalText(row, 'origin_payment_id'),
    status: text(row, 'status') as StoredToken['status'],
    gatewayData: json<GatewayData>(row, 'gateway_data'),
    createdAt: date(row, 'created_at'),
  };
}

export function mandateFromRow(row: SqlRow): MandateRow {
  return {
    id: text(row, 'id'),
    profileId: text(row, 'profile_id'),
    gatewayId: text(row, 'gateway_id') as GatewayId,
    merchantReference: text(row, 'merchant_reference'),
    phone: text(row, 'phone'),
    customerName: text(row, 'customer_name'),
    mandateType: text(row, 'mandate_type') as MandateRow['mandateType'],
    status: text(row, 'status') as MandateStatus,
    createdAt: date(row, 'created_at'),
    gatewayMandateId: optionalText(row, 'gateway_mandate_id'),
    limitMinor: optionalBigInteger(row, 'limit_minor'),
    currency: optionalText(row, 'currency'),
    expiresAt: optionalDate(row, 'expires_at'),
    gatewayCode: optionalText(row, 'gateway_code'),
    gatewayMessage: optionalText(row, 'gateway_message'),
    gatewayData: json<GatewayData>(row, 'gateway_data'),
    updatedAt: date(row, 'updated_at'),
  };
}

export function pollFromRow(row: SqlRow): PollEntry {
  return {
    subject: text(row, 'subject') as PollEntry['subject'],
    subjectId: text(row, 'subject_id'),
    gatewayId: text(row, 'gateway_id') as GatewayId,
    profileId: text(row, 'profile_id'),
    firstSeenAt: date(row, 'first_seen_at'),
    nextCheckAt: date(row, 'next_check_at'),
    lastCheckedAt: optionalDate(row, 'last_checked_at'),
    attempts: integer(row, 'attempts'),
    failures: integer(row, 'failures'),
    lastAnswer: optionalText(row, 'last_answer'),
    lastError: optionalText(row, 'last_error'),
  };
}

/**
 * What the queue page selects of each entry's subject beside the schedule's columns (`q`), and the
 * joins that find it; both backends' page queries use them, and pollQueueRowFromRow reads them.
 */
export const POLL_QUEUE_SUBJECT_COLUMNS = `
      COALESCE(p.status, m.status) AS subject_status,
      p.profile_name AS subject_profile_name,
      p.method AS subject_method,
      p.amount_minor AS subject_amount_minor,
      p.currency AS subject_currency,
      COALESCE(p.merchant_reference, m.merchant_reference) AS subject_merchant_reference`;
export const POLL_QUEUE_SUBJECT_JOINS = `
    LEFT JOIN payments p ON q.subject = 'payment' AND p.id = q.subject_id
    LEFT JOIN mandates m ON q.subject = 'mandate' AND m.id = q.subject_id`;

/** A row of a queue page: the schedule's columns plus its subject's, under subject_* names. */
export function pollQueueRowFromRow(row: SqlRow): PollQueueRow {
  return {
    ...pollFromRow(row),
    status: optionalText(row, 'subject_status'),
    profileName: optionalText(row, 'subject_profile_name'),
    method: optionalText(row, 'subject_method'),
    amountMinor: optionalBigInteger(row, 'subject_amount_minor'),
    currency: optionalText(row, 'subject_currency'),
    merchantReference: optionalText(row, 'subject_merchant_reference'),
  };
}

/** The audit row as the hash chain sees it: `at` stays the stored text the hash was computed over. */
export function auditLinkFromRow(row: SqlRow): AuditLink & { readonly hash: string } {
  return {
    seq: integer(row, 'seq'),
    at: text(row, 'at'),
    operator: text(row, 'operator'),
    origin: text(row, 'origin'),
    action: text(row, 'action'),
    targetType: text(row, 'target_type'),
    targetId: optionalText(row, 'target_id'),
    outcome: text(row, 'outcome'),
    details: text(row, 'details'),
    prevHash: text(row, 'prev_hash'),
    hash: text(row, 'hash'),
  };
}

export function auditFromRow(row: SqlRow): AuditEntry {
  return { ...auditLinkFromRow(row), at: date(row, 'at') };
}
