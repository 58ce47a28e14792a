/**
 * An import's outcomes gathered into the batches the ledger saves (ReconRowBatch): rows numbered
 * in the order they came, matched ones into a packed block, the others as rows. A clean match
 * (matcher.ts) goes into the block from the statement's columns and the index's slot, so the
 * million matched rows of a statement are never made into objects, here or on the way.
 */
import { MatchedBlockWriter, PAYMENTS_VALUE } from '../ledger/recon-packed-blocks.ts';
import type { NewReconRow, PlacedReconRow, ReconRowBatch } from '../ledger/recon-types.ts';
import type { MatchedBatch, MatchOutcome, ReconIndex } from './matcher.ts';
import { KINDS, STATUSES, textAt, type StatementRowColumns } from './statement-row-columns.ts';

export function reconRowOf(outcome: MatchOutcome): NewReconRow {
  const { row, ledger } = outcome;
  return {
    reconClass: outcome.reconClass,
    reason: outcome.reason,
    paymentId: outcome.paymentId,
    line: row?.line ?? null,
    gatewayTransactionId: row?.gatewayTransactionId ?? null,
    merchantReference: row?.merchantReference ?? null,
    kind: row?.kind ?? null,
    statementStatus: row?.status ?? null,
    amountMinor: row?.amountMinor ?? ledger?.amountMinor ?? 0n,
    currency: row?.currency ?? ledger?.currency ?? '',
    feeMinor: row?.feeMinor ?? null,
    netMinor: row?.netMinor ?? null,
    transactionAt: row?.transactionAt ?? null,
    settledAt: row?.settledAt ?? null,
    merchantAccount: row?.merchantAccount ?? null,
    ledgerAmountMinor: ledger?.amountMinor ?? null,
    ledgerStatus: ledger?.status ?? null,
  };
}

export class ImportBatchBuilder {
  readonly #index: ReconIndex;
  #matched = new MatchedBlockWriter();
  #others: PlacedReconRow[] = [];
  #size = 0;
  /** Statement rows gathered since the import began (payments missing from the file are not rows read). */
  rowsRead = 0;

  constructor(index: ReconIndex) {
    this.#index = index;
  }

  /** Rows gathered since the last take. */
  get size(): number {
    return this.#size;
  }

  add(batch: MatchedBatch): void {
    const base = this.#size;
    const { outcomes, places, clean } = batch;
    let next = 0;
    const cleanCount = clean?.count ?? 0;
    // Both lists are in the batch's order: merged by place, so the block's rows stay in order.
    for (let at = 0; at < outcomes.length; at += 1) {
      const place = places[at] as number;
      for (; next < cleanCount && (clean?.places[next] as number) < place; next += 1) this.#addClean(base, clean as NonNullable<typeof clean>, next);
      const outcome = outcomes[at] as MatchOutcome;
      if (outcome.row !== null) this.rowsRead += 1;
      const row = reconRowOf(outcome);
      if (row.reconClass === 'matched') this.#matched.addRow(base + place, row);
      else this.#others.push({ position: base + place, row });
    }
    for (; next < cleanCount; next += 1) this.#addClean(base, clean as NonNullable<typeof clean>, next);
    this.rowsRead += cleanCount;
    this.#size += batch.size;
  }

  #addClean(base: number, clean: { readonly columns: StatementRowColumns; readonly places: Int32Array; readonly slots: Int32Array }, at: number): void {
    const { columns } = clean;
    const row = clean.places[at] as number;
    const slot = clean.slots[at] as number;
    const index = this.#index;
    const amount = columns.amountMinor[row] as number;
    // A clean match has the ledger's amount and its status agrees: the ledger's side is the payment's;
    // it was found by its gateway id, which the block leaves to the payment, as it does the reference when the same.
    this.#matched.add(
      base + row, columns.line[row] as number, null, index.idOf(slot), PAYMENTS_VALUE, index.referenceIsAt(slot, columns.merchantReference, row) ? PAYMENTS_VALUE : textAt(columns.merchantReference, row),
      KINDS[columns.kind[row] as number] ?? null, STATUSES[columns.status[row] as number] ?? null, amount, columns.currencies[columns.currency[row] as number] as string,
      columns.feeMinor[row] as number, columns.netMinor[row] as number, columns.transactionAt[row] as number, columns.settledAt[row] as number,
      columns.merchantAccounts[columns.merchantAccount[row] as number] ?? null, amount, index.status(slot),
    );
  }

  /** The rows gathered since the last take, as one batch to save. */
  take(): ReconRowBatch {
    const batch: ReconRowBatch = { size: this.#size, others: this.#others, matched: this.#matched.finish() };
    this.#matched = new MatchedBlockWriter();
    this.#others = [];
    this.#size = 0;
    return batch;
  }
}
