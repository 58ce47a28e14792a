/** Reconciliation rows as fast-check draws them, for the tests of the two block formats. */
import fc from 'fast-check';
import { statementEntryKindSchema, statementStatusSchema } from '../../../shared/domain/recon.ts';
import { PAYMENT_STATUSES } from '../../../shared/domain/schemas.ts';
import type { NewReconRow } from '../../../electron/core/ledger/recon-types.ts';

const MAX = 10n ** 15n;
const instant = fc.option(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 0, 1) }).map((ms) => new Date(ms)));
export const money = fc.bigInt({ min: -MAX, max: MAX });
/** Few distinct values, as a statement has, so that runs form. */
export const repeated = <T>(...values: T[]) => fc.constantFrom(...values);

/** A matched row with any text at all in its free-text columns (`text`), every other column drawn as a statement fills it. */
export function matchedRowArbitrary(text: fc.Arbitrary<string> = fc.string()): fc.Arbitrary<NewReconRow> {
  return fc.record({
    reconClass: fc.constant('matched' as const),
    reason: fc.option(fc.string()),
    paymentId: fc.option(text),
    line: fc.option(fc.integer({ min: 1, max: 50_000_000 })),
    gatewayTransactionId: fc.option(text),
    merchantReference: fc.option(text),
    kind: fc.option(fc.constantFrom(...statementEntryKindSchema.options)),
    statementStatus: fc.option(fc.constantFrom(...statementStatusSchema.options)),
    amountMinor: money,
    currency: repeated('EUR', 'NGN', 'USD'),
    feeMinor: fc.option(money),
    netMinor: fc.option(money),
    transactionAt: instant,
    settledAt: fc.oneof(instant, repeated(new Date(Date.UTC(2026, 4, 10)))),
    merchantAccount: fc.option(repeated('8ac7a4c77a9a1d6e', 'another', '')),
    ledgerAmountMinor: fc.option(money),
    ledgerStatus: fc.option(fc.constantFrom(...PAYMENT_STATUSES)),
  });
}
