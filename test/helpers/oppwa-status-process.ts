/**
 * A second console process for OPPWA's shared status budget: opens the given ledger file, reads
 * one payment's status through the adapter, and prints what it got and the URLs it called.
 * Run as `node oppwa-status-process.ts '<json>'`.
 */
import { aciOppwa } from '../../electron/core/gateways/aci-oppwa/index.ts';
import type { PaymentRef, ProfileConfig } from '../../electron/core/gateways/types.ts';
import { createHttpClient } from '../../electron/core/http/http-client.ts';
import { openSqliteLedgerPort } from '../../electron/core/ledger/sqlite-port.ts';

interface Input {
  readonly ledgerFile: string;
  readonly profile: ProfileConfig;
  readonly credentials: Record<string, string>;
  readonly payment: Omit<PaymentRef, 'amountMinor' | 'createdAt'> & { readonly amountMinor: string };
  /** The emulator's clock runs this far ahead of the system clock. */
  readonly clockOffsetMs: number;
}

const input = JSON.parse(process.argv[2] ?? '{}') as Input;
const clock = { now: () => new Date(Date.now() + input.clockOffsetMs) };
const urls: string[] = [];
const http = createHttpClient({ clock, wireSink: { record: (entry) => void urls.push(entry.url) }, requestTimeoutMs: 5_000 });
const ledger = openSqliteLedgerPort(input.ledgerFile);
try {
  const adapter = aciOppwa.createAdapter({
    profile: input.profile,
    secret: async (field) => input.credentials[field] ?? '',
    http: http.withContext({ gatewayId: 'aci-oppwa', paymentId: null, operationId: null }),
    clock,
    rateLedger: ledger.callRates,
  });
  const status = await adapter.sync({ ...input.payment, amountMinor: BigInt(input.payment.amountMinor), createdAt: new Date() });
  process.stdout.write(JSON.stringify({ status: status.status, urls }));
} finally {
  await ledger.close();
  await http.close();
}
