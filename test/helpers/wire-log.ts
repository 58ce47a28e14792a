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
