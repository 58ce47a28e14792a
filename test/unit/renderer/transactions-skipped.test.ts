import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChannelOutput } from '../../../shared/ipc/contract.ts';
import type { CallFn } from '../../../renderer/src/api/client.ts';
import { createTransactionsStore } from '../../../renderer/src/features/transactions/stores/transactions-store.ts';

test('counts the payments the core could not show, over the pages loaded, and forgets them on a new search', async () => {
  const pages: Record<string, ChannelOutput<'payments:search'>> = {
    first: { rows: [], nextCursor: 'page-2', skipped: 2 },
    'page-2': { rows: [], nextCursor: null, skipped: 1 },
    again: { rows: [], nextCursor: null },
  };
  let next = 'first';
  const call = (async (channel: string, input: { cursor?: string }) => {
    assert.equal(channel, 'payments:search');
    return { ok: true, value: pages[input.cursor ?? next] };
  }) as unknown as CallFn;
  const store = createTransactionsStore(call);
  await store.getState().loadFirstPage();
  assert.equal(store.getState().skipped, 2);
  await store.getState().loadNextPage();
  assert.equal(store.getState().skipped, 3);
  next = 'again';
  await store.getState().loadFirstPage();
  assert.equal(store.getState().skipped, 0);
});
