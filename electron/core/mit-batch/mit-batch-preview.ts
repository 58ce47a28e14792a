/**
 * A batch file checked row by row before anything is charged, and kept as a previewed batch: each
 * row against the profile's stored cards (exists, active, this profile's) and the contract's own
 * rules (money, merchant reference, free text without a card number), with its problems by line.
 * A refused row keeps only cells that hold no card number, and no merchant reference to be charged
 * under. Every good row gets the reference its charge will go out under, derived from the batch
 * and the row (merchant-reference.ts in this folder).
 */
import { containsCardNumber } from '../../../shared/card/card-number-in-text.ts';
import { explainReferenceProblem, referenceProblem } from '../../../shared/domain/merchant-reference.ts';
import { CARD_NUMBER_IN_TEXT_MESSAGE, merchantReferenceSchema, moneySchema, shortTextSchema } from '../../../shared/domain/schemas.ts';
import { parseDecimal } from '../../../shared/money/money.ts';
import type { InvocationContext } from '../door.ts';
import type { Auditor } from '../audit.ts';
import { NotSupportedError } from '../errors.ts';
import { referenceRuleFor } from '../gateways/reference-rule.ts';
import type { Ledger } from '../ledger/port.ts';
import type { MitBatchRecord as StoredBatch, MitBatchRowProblem, NewMitBatchRow } from '../ledger/mit-batch-types.ts';
import type { StoredToken } from '../ledger/types.ts';
import type { Clock } from '../ports.ts';
import type { ProfileService } from '../profiles/profile-service.ts';
import { MIT_BATCH_COLUMNS, readMitBatchFile, type MitBatchColumn, type MitBatchRecord } from './mit-batch-file.ts';
import { batchChargeDescription, batchMerchantReference, newMitBatchId } from './batch-references.ts';

export interface MitBatchPreviewDeps {
  readonly ledger: Ledger;
  readonly profiles: ProfileService;
  readonly auditor: Auditor;
  readonly clock: Clock;
}

const TEXT_LIMIT = 255;

/** The profile's active cards, found by id or by the customer reference they were stored under. */
async function cardsOf(ledger: Ledger, profileId: string) {
  const active = await ledger.tokens.list(profileId);
  const byCustomer = new Map<string, StoredToken[]>();
  for (const token of active) {
    const origin = token.originPaymentId ? await ledger.payments.get(token.originPaymentId) : null;
    for (const key of [origin?.merchantReference, origin?.customerEmail]) {
      if (!key) continue;
      byCustomer.set(key, [...(byCustomer.get(key) ?? []), token]);
    }
  }
  return { byCustomer, originCurrency: async (token: StoredToken) => (token.originPaymentId ? ((await ledger.payments.get(token.originPaymentId))?.currency ?? null) : null) };
}

export async function previewMitBatch(deps: MitBatchPreviewDeps, input: { profileId: string; fileName: string; content: string }, context: InvocationContext): Promise<StoredBatch> {
  const { ledger, profiles, clock } = deps;
  const profile = profiles.get(input.profileId);
  const descriptor = profiles.descriptorOf(profile.gatewayId);
  if (!descriptor.capabilities.includes('storedCredentials')) throw new NotSupportedError(`${descriptor.displayName} has no merchant-initiated charges with stored cards`);
  const records = readMitBatchFile(input.content);
  const now = clock.now();
  const batchId = newMitBatchId();
  const rule = referenceRuleFor(descriptor, profile);
  const cards = await cardsOf(ledger, profile.id);
  const firstLineOf = new Map<string, number>();

  const rows: NewMitBatchRow[] = [];
  for (const record of records) {
    const problems: MitBatchRowProblem[] = [];
    const problem = (field: string, message: string) => problems.push({ field, message });
    // A cell holding a card number is refused and never kept, whatever its column.
    const cell = (column: MitBatchColumn): string | null => {
      const value = record.cells[column];
      if (value === undefined) return null;
      if (containsCardNumber(value)) {
        problem(column, CARD_NUMBER_IN_TEXT_MESSAGE);
        return null;
      }
      return value.length > TEXT_LIMIT ? (problem(column, `At most ${TEXT_LIMIT} characters`), null) : value;
    };
    const cells = Object.fromEntries(MIT_BATCH_COLUMNS.map((column) => [column, cell(column)])) as Record<MitBatchColumn, string | null>;

    let token: StoredToken | null = null;
    if (cells.token_id !== null) {
      const found = await ledger.tokens.get(cells.token_id);
      if (found === null || found.profileId !== profile.id) problem('token_id', `No stored card ${cells.token_id} in this profile`);
      else if (found.status !== 'active') problem('token_id', 'This stored card was deleted');
      else token = found;
    } else if (cells.customer_reference !== null) {
      const matches = cards.byCustomer.get(cells.customer_reference) ?? [];
      if (matches.length === 0) problem('customer_reference', 'No active stored card of this profile was stored under this customer reference');
      else if (matches.length > 1) problem('customer_reference', `${matches.length} stored cards match: give the token_id`);
      else token = matches[0] ?? null;
    } else if (record.cells.token_id === undefined && record.cells.customer_reference === undefined) {
      problem('token_id', 'Give the stored card (token_id) or the customer reference');
    }

    let amountMinor: bigint | null = null;
    const money = moneySchema.safeParse({ amount: cells.amount ?? '', currency: (cells.currency ?? '').toUpperCase() });
    if (!money.success) {
      for (const issue of money.error.issues) problem(String(issue.path[0] ?? 'amount'), issue.message);
    } else {
      amountMinor = parseDecimal(money.data.amount, money.data.currency);
      if (amountMinor <= 0n) problem('amount', 'Must be greater than zero');
      const stored = token === null ? null : await cards.originCurrency(token);
      if (stored !== null && stored !== money.data.currency) problem('currency', `The card was stored with a ${stored} payment; charge it in ${stored}`);
    }

    let reference: string | null = null;
    const parsedReference = merchantReferenceSchema.safeParse(cells.merchant_reference ?? '');
    if (!parsedReference.success) problem('merchant_reference', parsedReference.error.issues[0]?.message ?? 'Not a merchant reference');
    else {
      reference = parsedReference.data;
      const earlier = firstLineOf.get(reference);
      if (earlier !== undefined) problem('merchant_reference', `Already on line ${earlier} of this file`);
      else firstLineOf.set(reference, record.line);
    }

    const recurrence = cells.recurrence?.toLowerCase();
    if (recurrence !== 'recurring' && recurrence !== 'unscheduled') problem('recurrence', 'recurring or unscheduled');

    const description = cells.description;
    if (description !== null && !shortTextSchema.safeParse(description).success) problem('description', 'At most 256 characters');
    if (reference !== null && batchChargeDescription(reference, description).length > 256) problem('description', 'With the merchant reference, at most 256 characters');

    const merchantReference = batchMerchantReference(batchId, record.ordinal);
    const derivedProblem = referenceProblem(rule, merchantReference);
    if (derivedProblem !== null) problem('merchant_reference', `The batch's own reference does not fit this profile: ${explainReferenceProblem(descriptor.displayName, rule, derivedProblem)}`);

    rows.push(rowOf(record, cells, { token, amountMinor, reference, recurrence, problems, merchantReference, currency: money.success ? money.data.currency : null }));
  }

  const invalid = rows.filter((row) => row.merchantReference === null).length;
  return ledger.withTransaction(async () => {
    const batch = await ledger.mitBatches.create({ id: batchId, profileId: profile.id, gatewayId: profile.gatewayId, operator: context.operator, fileName: input.fileName, createdAt: now }, rows);
    await deps.auditor.record(context, 'mitbatch.preview', { type: 'mitbatch', id: batchId }, 'succeeded', { profileId: profile.id, fileName: input.fileName, rows: rows.length, invalid });
    return batch;
  });
}

function rowOf(
  record: MitBatchRecord,
  cells: Record<MitBatchColumn, string | null>,
  checked: { token: StoredToken | null; amountMinor: bigint | null; reference: string | null; recurrence: string | undefined; problems: MitBatchRowProblem[]; merchantReference: string; currency: string | null },
): NewMitBatchRow {
  const ok = checked.problems.length === 0 && checked.token !== null;
  return {
    ordinal: record.ordinal,
    line: record.line,
    tokenId: checked.token?.id ?? cells.token_id,
    customerReference: cells.customer_reference,
    amount: cells.amount,
    amountMinor: ok ? checked.amountMinor : null,
    currency: checked.currency ?? cells.currency,
    reference: checked.reference ?? cells.merchant_reference,
    recurrence: checked.recurrence === 'recurring' || checked.recurrence === 'unscheduled' ? checked.recurrence : null,
    description: cells.description,
    merchantReference: ok ? checked.merchantReference : null,
    problems: checked.problems,
  };
}
