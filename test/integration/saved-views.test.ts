/**
 * The payments list's saved views through the door: kept in the workspace's settings (and read
 * back by a console started afresh on the same folder), one pinned at a time, renamed, replaced,
 * deleted, each change audited; duplicate names and card numbers refused with nothing stored; an
 * entry this version cannot read kept as it is.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { ChannelInput } from '../../shared/ipc/contract.ts';
import { createNodeSettingsStore } from '../../electron/core/settings/conf-backend.ts';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';

let t: TestCore;
let dataDir: string;

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'console-test-'));
  t = await startTestCore({ dataDir, sandbox: { enabled: false }, notifications: { enabled: false } });
});
after(async () => {
  await t.close();
  removeDir(dataDir);
});

type Content = ChannelInput<'views:save'>['content'];
const CAPTURED_EUR: Content = { filters: { statuses: ['captured'], currency: 'EUR' }, queryText: 'method:mbway', sort: 'amount_desc', columns: ['date', 'amount', 'status', 'customer'] };

test('saves, pins one at a time, renames and deletes views, each audited, and a new console on the folder reads them', async () => {
  const captured = await t.value('views:save', { name: 'Captured in euros', content: CAPTURED_EUR, pinned: true });
  const review = await t.value('views:save', { name: 'Needs review', content: { filters: { statuses: ['needs_review'] } } });
  assert.equal(review.content.sort, 'newest', 'what the view leaves out takes the list defaults');
  assert.equal(review.content.filters.currency, '');

  const pinned = await t.value('views:update', { id: review.id, pinned: true });
  assert.equal(pinned.pinned, true);
  const listed = await t.value('views:list', {});
  assert.deepEqual(listed.map((view) => [view.name, view.pinned]), [['Needs review', true], ['Captured in euros', false]], 'pinning one unpins the other; the pinned one comes first');

  const renamed = await t.value('views:update', { id: captured.id, name: 'Euro sales' });
  assert.equal(renamed.name, 'Euro sales');
  assert.deepEqual([renamed.content.filters.statuses, renamed.content.queryText, renamed.content.sort], [['captured'], 'method:mbway', 'amount_desc'], 'a rename keeps what the view shows');

  const duplicate = await t.call('views:save', { name: '  euro SALES ', content: CAPTURED_EUR });
  assert.equal(duplicate.ok ? 'ok' : duplicate.error.kind, 'conflict');
  const withCard = await t.call('views:save', { name: 'Card 4111 1111 1111 1111', content: CAPTURED_EUR });
  assert.equal(withCard.ok ? 'ok' : withCard.error.kind, 'validation');
  const cardInQuery = await t.call('views:save', { name: 'Card search', content: { ...CAPTURED_EUR, queryText: '4111111111111111' } });
  assert.equal(cardInQuery.ok ? 'ok' : cardInQuery.error.kind, 'validation');
  assert.equal((await t.value('views:list', {})).length, 2, 'nothing refused was stored');

  const restarted = await startTestCore({ dataDir, keychainService: t.keychainService, sandbox: { enabled: false }, notifications: { enabled: false } });
  try {
    assert.deepEqual(await restarted.value('views:list', {}), await t.value('views:list', {}));
  } finally {
    await restarted.core.close();
  }

  assert.deepEqual(await t.value('views:delete', { id: captured.id }), { deleted: true });
  assert.deepEqual(await t.value('views:delete', { id: captured.id }), { deleted: false });
  assert.deepEqual((await t.value('views:list', {})).map((view) => view.name), ['Needs review']);

  const actions = (await t.value('audit:list', { limit: 50 })).map((entry) => entry.action).filter((action) => action.startsWith('settings.view.'));
  assert.deepEqual(actions.sort(), ['settings.view.delete', 'settings.view.save', 'settings.view.save', 'settings.view.update', 'settings.view.update'].sort());
});

test('keeps a view it cannot read as it is, and leaves it out of the list', async () => {
  const settings = createNodeSettingsStore(dataDir);
  const foreign = { id: 'view_fromnewer', name: 'From a newer version', pinned: false, content: { layout: 'cards' }, savedAt: 'soon', savedBy: 'x' };
  settings.update((current) => ({ ...current, savedViews: [...current.savedViews, foreign] }));
  const saved = await t.value('views:save', { name: 'Another', content: CAPTURED_EUR, pinned: true });
  assert.ok(!(await t.value('views:list', {})).some((view) => view.id === foreign.id));
  await t.value('views:delete', { id: saved.id });
  assert.deepEqual(createNodeSettingsStore(dataDir).read().savedViews.find((raw) => (raw as { id: string }).id === foreign.id), foreign);
});
