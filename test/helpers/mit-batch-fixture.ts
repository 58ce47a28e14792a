/**
 * What MIT batch tests and the bench share: stored cards made through the door against the SIBS
 * emulator, a batch file naming them, and the emulator's book of merchant-initiated charges.
 */
import { sandboxProfileId } from '../../electron/core/workspace/sandbox-workspace.ts';
import type { TestCore } from './test-core.ts';

export const SIBS = sandboxProfileId('sibs-spg');
export const HEADER = 'token_id,amount,currency,merchant_reference,recurrence,description';

const card = () => ({ number: '4761340000000035', cvv: '536', expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 2, holder: 'Ana Silva' });

/** `count` active stored cards of the SIBS sandbox profile. */
export async function storedCards(t: TestCore, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let n = 0; n < count; n += 1) {
    const sale = await t.value('payments:createMoto', { profileId: SIBS, kind: 'sale', storeCard: true, money: { amount: '1.00', currency: 'EUR' }, card: card() });
    const token = (await t.value('tokens:list', { profileId: SIBS })).find((candidate) => candidate.originPaymentId === sale.paymentId);
    if (!token) throw new Error('the stored-card sale left no token');
    ids.push(token.id);
  }
  return ids;
}

/** A file of `rows` good charges over `tokens`, amounts 1.01, 1.02, …, references SUB-<tag>-<n>. */
export function batchFile(tokens: readonly string[], rows: number, tag: string): string {
  const lines = [HEADER];
  for (let n = 1; n <= rows; n += 1) lines.push(`${tokens[n % tokens.length]},${(1 + (n % 100) / 100).toFixed(2)},EUR,SUB-${tag}-${n},recurring,Monthly plan`);
  return `${lines.join('\n')}\n`;
}

export interface BookCharge {
  readonly gatewayId: string;
  readonly merchantReference: string;
  readonly state: string;
  readonly amountMinor: string;
}

/** The emulator's merchant-initiated charges whose reference starts with `prefix`. */
export async function bookCharges(sandboxBaseUrl: string, prefix: string): Promise<BookCharge[]> {
  const response = await fetch(`${sandboxBaseUrl}/control/sibs-spg/book`);
  const book = (await response.json()) as { payments: Array<BookCharge & { merchantInitiated: boolean }> };
  return book.payments.filter((payment) => payment.merchantInitiated && payment.merchantReference.startsWith(prefix));
}

export async function setFaults(sandboxBaseUrl: string, faults: readonly Record<string, unknown>[]): Promise<void> {
  const response = await fetch(`${sandboxBaseUrl}/control/sibs-spg/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ faults }) });
  if (!response.ok) throw new Error(`faults refused: ${await response.text()}`);
}
