/**
 * What other processes on the same ledger changed (another console's partial refund, a webhook
 * receiver's settlement) reaches this console's screens as if it had changed it itself: each
 * payment is announced with its summary, as payment:changed, and the status badge gets fresh counts.
 */
import type { EventBus } from '../door.ts';
import type { Ledger, LedgerChange } from '../ledger/port.ts';
import type { Logger } from '../ports.ts';
import type { PaymentEngine } from './payment-engine.ts';

export interface ChangesElsewhereDeps {
  readonly ledger: Pick<Ledger, 'views'>;
  readonly engine: Pick<PaymentEngine, 'announce'>;
  readonly bus: EventBus;
  readonly logger: Logger;
}

/** The listener for `ledger.onChangesElsewhere`; resolves once the badge counts are sent. */
export function changesElsewhereListener(deps: ChangesElsewhereDeps): (changes: readonly LedgerChange[]) => Promise<void> {
  return async (changes) => {
    if (changes.length === 0) return;
    for (const paymentId of new Set(changes.map((change) => change.paymentId))) deps.engine.announce(paymentId, 'elsewhere');
    try {
      deps.bus.emit('poller:summary', await deps.ledger.views.pollQueueSummary());
    } catch (error) {
      deps.logger.warn('could not refresh the status counts after a change elsewhere', { error: error instanceof Error ? error.message : String(error) });
    }
  };
}

/** Subscribes the listener; returns the unsubscribe. */
export function followChangesElsewhere(ledger: Pick<Ledger, 'onChangesElsewhere' | 'views'>, deps: Omit<ChangesElsewhereDeps, 'ledger'>): () => void {
  const listener = changesElsewhereListener({ ...deps, ledger });
  return ledger.onChangesElsewhere((changes) => void listener(changes));
}
