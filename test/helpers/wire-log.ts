import type { Ledger } from '../../electron/core/ledger/port.ts';
import type { WireEntry } from '../../shared/ipc/contract.ts';
import type { TestCore } from './test-core.ts';

/** A payment's whole wire log through the contract, every page, oldest first. */
export async function wireLogOf(t: Pick<TestCore, 'value'>, paymentId: string): Promise<WireEntry[]> {
  const entries: WireEntry[] = [];
  for (let cursor: string | null = null; ; ) {
    const page: { entries: WireEntry[]; nextCursor: string | null } = await t.value('payments:wireLog', { paymentId, limit: 100, cursor });
    entries.push(...page.entries);
    if (page.nextCursor === null) return entries.reverse();
    cursor = page.nextCursor;
  }
}

/** How many exchanges were made about the payment: a repeated one counts each time it was made. */
export async function wireCallsOf(t: Pick<TestCore, 'value'>, paymentId: string): Promise<number> {
  return (await wireLogOf(t, paymentId)).reduce((sum, entry) => sum + entry.repeats, 0);
}

/**
 * `entries` SIBS status checks about the payment, a minute apart from `firstAt`, as a poller leaves
 * them; each answer differs from the others, so none is counted as a repeat of another.
 */
export async function recordStatusChecks(ledger: Ledger, paymentId: string, entries: number, firstAt: Date): Promise<void> {
  for (let n = 0; n < entries; n += 1) {
    await ledger.wire.record({
      gatewayId: 'sibs-spg', paymentId, operationId: null, at: new Date(firstAt.getTime() + n * 60_000), method: 'GET',
      url: `https://spg.example/api/v2/payments/${paymentId}/status`, requestHeaders: { 'x-ibm-client-id': '[REDACTED]', authorization: '[REDACTED]' }, requestBody: null,
      responseStatus: 200, responseHeaders: { 'content-type': 'application/json' },
      responseBody: JSON.stringify({ returnStatus: { statusCode: '000', statusMsg: 'Pending' }, paymentStatus: 'Pending', check: n }), durationMs: 40, error: null,
    });
  }
}
