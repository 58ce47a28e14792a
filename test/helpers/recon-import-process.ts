/**
 * A console process in the middle of a reconciliation import, for the killed-import test: opens
 * the given ledger, imports a statement that never ends (rows keep coming, a few thousand a
 * second), and prints `{"sessionId": …, "rowsSaved": …}` lines as batches are saved, until it is
 * killed. Run as `node recon-import-process.ts '<json>'`.
 */
import { createAuditor } from '../../electron/core/audit.ts';
import { openLedger } from '../../electron/core/ledger/open-ledger.ts';
import type { LedgerLocation } from '../../electron/core/ledger/port.ts';
import { systemClock } from '../../electron/core/ports.ts';
import { createReconService } from '../../electron/core/recon/recon-service.ts';
import type { StatementRow } from '../../electron/core/recon/statement-row.ts';
import { inBatches } from '../../electron/core/recon/row-batches.ts';

interface Input {
  readonly location: LedgerLocation;
  readonly heartbeatIntervalMs: number;
  readonly owner: string;
}

const input = JSON.parse(process.argv[2] ?? '{}') as Input;
const ledger = await openLedger(input.location);
const at = new Date();

async function* endlessStatement(): AsyncGenerator<StatementRow> {
  for (let n = 0; ; n += 1) {
    if (n % 500 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    yield {
      line: n + 2, gatewayTransactionId: `gw-${n}`, merchantReference: `REF-${n}`, kind: 'payment', status: 'succeeded', amountMinor: 1000n, currency: 'EUR',
      feeMinor: null, netMinor: null, transactionAt: at, settledAt: null, merchantAccount: null,
    };
  }
}

const recon = createReconService({
  ledger,
  auditor: createAuditor(ledger, systemClock),
  clock: systemClock,
  payments: { sync: async () => undefined, importPayment: async () => Promise.reject(new Error('not in this process')) },
  heartbeat: { intervalMs: input.heartbeatIntervalMs, owner: input.owner },
});
await recon.startReconImport(
  { batches: inBatches(endlessStatement(), 1_000), period: { from: new Date(at.getTime() - 86_400_000), to: new Date(at.getTime() + 86_400_000) }, profileId: 'profile_sibs', source: 'endless.csv', mapping: 'sibs-spg' },
  { context: { origin: 'cli', operator: 'killed-import' }, onProgress: (progress) => process.stdout.write(`${JSON.stringify({ sessionId: progress.sessionId, rowsSaved: progress.rowsRead })}\n`) },
);
