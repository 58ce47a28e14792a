/** The second console of refund-race.ts, in its own thread with its own connection. */
import { parentPort, workerData } from 'node:worker_threads';
import { openLedger } from '../../electron/core/ledger/open-ledger.ts';
import { reserveRefund, type RaceOrder } from './refund-race.ts';

const order = workerData as RaceOrder;
const port = parentPort;
if (port === null) throw new Error('refund-race-worker runs as a worker thread');
const ledger = await openLedger(order.location);
port.once('message', () => {
  reserveRefund(ledger, order.paymentId, order.amountMinor, order.pauseMs, order.tag)
    .then(
      (reserved) => port.postMessage({ reserved }),
      (error: unknown) => port.postMessage({ error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }),
    )
    .finally(() => ledger.close());
});
port.postMessage('ready');
