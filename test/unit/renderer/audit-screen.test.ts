/**
 * The audit screen's queries, store and words over the real audit channels (a SQLite ledger behind
 * the core's own handlers): pages joined by the cursor, an answer to an older filter dropped, the
 * filter bar's days turned into a period that includes the last day, and the verification report
 * and the log's codes said in plain words in both languages.
 */
import { defaultCsvFileOptions } from '../../../renderer/src/format/csv-file-options.ts';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { channels, type ChannelName } from '../../../shared/ipc/contract.ts';
import { fail, ok, type Envelope } from '../../../shared/ipc/envelope.ts';
import { createAuditHandlers, type AuditChannel } from '../../../electron/core/audit-log/audit-handlers.ts';
import { ConsoleError } from '../../../electron/core/errors.ts';
import { openSqliteLedgerPort } from '../../../electron/core/ledger/sqlite-port.ts';
import type { CallFn } from '../../../renderer/src/api/client.ts';
import { InfiniteQueryObserver } from '@tanstack/react-query';
import { AUDIT_PAGE_SIZE, auditSearchQuery, entriesOfPages } from '../../../renderer/src/features/audit/queries/audit-queries.ts';
import { createAuditStore } from '../../../renderer/src/features/audit/stores/audit-store.ts';
import { isReadBefore, shouldLoadMore, virtualRowCount } from '../../../renderer/src/queries/keyset-list.ts';
import { createConsoleQueryClient } from '../../../renderer/src/queries/query-client.ts';
import { eventually } from '../../helpers/eventually.ts';
import { auditFilterInput, NO_AUDIT_FILTERS } from '../../../renderer/src/features/audit/utils/audit-query.ts';
import { auditActionLabel, auditOutcomeLabel, auditTargetLabel } from '../../../renderer/src/features/audit/utils/audit-vocabulary.ts';
import { verifySummary, type AuditReport } from '../../../renderer/src/features/audit/utils/verify-report.ts';
import { startOfLocalDay } from '../../../renderer/src/format/date-format.ts';
import { translate, type LocaleId } from '../../../renderer/src/i18n/translate.ts';
import type { MessageKey } from '../../../renderer/src/i18n/en.ts';
import { parseRoute, routeHref } from '../../../renderer/src/routing/route.ts';
import { tempLedgerPath } from '../ledger/ledger-fixtures.ts';

const T0 = Date.parse('2026-05-10T12:00:00.000Z');

/** The renderer's `call`, answered by the core's audit handlers through the contract, as the door does. */
async function auditCore(entries: number) {
  const ledger = openSqliteLedgerPort(tempLedgerPath());
  for (let n = 0; n < entries; n += 1) {
    await ledger.audit.append({
      at: new Date(T0 + n * 60_000),
      operator: n % 2 === 0 ? 'dora' : 'ivo',
      origin: 'browser@desk',
      action: 'payment.refund',
      targetType: 'payment',
      targetId: `pay_${n}`,
      outcome: 'succeeded',
      details: { n },
    });
  }
  const handlers = createAuditHandlers({ ledger, clock: { now: () => new Date(T0) }, dataDir: mkdtempSync(join(tmpdir(), 'audit-screen-')) });
  const asked: unknown[] = [];
  let hold: Promise<void> | null = null;
  const call = (async (channel: ChannelName, input: unknown): Promise<Envelope<unknown>> => {
    asked.push(input);
    if (hold !== null) await hold;
    const parsed = channels[channel as AuditChannel].input.safeParse(input);
    if (!parsed.success) return fail('validation', 'The request is not valid');
    try {
      return ok(await (handlers[channel as AuditChannel] as (input: unknown, context: unknown) => Promise<unknown>)(parsed.data, { origin: 'browser', operator: 'dora' }));
    } catch (error) {
      if (error instanceof ConsoleError) return fail(error.kind, error.message);
      throw error;
    }
  }) as CallFn;
  return { call, asked, holdNext: (until: Promise<void>) => (hold = until), release: () => (hold = null) };
}

function watchLog(call: CallFn, filters = NO_AUDIT_FILTERS) {
  const observer = new InfiniteQueryObserver(createConsoleQueryClient(), auditSearchQuery(call, filters));
  const off = observer.subscribe(() => undefined);
  const entries = () => entriesOfPages(observer.getCurrentResult().data);
  const state = () => ({ rowCount: entries().length, hasMore: observer.getCurrentResult().hasNextPage, fetching: observer.getCurrentResult().isFetching, error: null });
  const answered = () => eventually(() => (observer.getCurrentResult().isSuccess && !observer.getCurrentResult().isFetching ? true : undefined), 'the log', 5_000);
  return { observer, off, entries, state, answered };
}

test('pages through the log by cursor to its end, each entry once', async () => {
  const core = await auditCore(450);
  const log = watchLog(core.call);
  await log.answered();
  assert.equal(log.entries().length, AUDIT_PAGE_SIZE);
  assert.equal(virtualRowCount(log.state()), AUDIT_PAGE_SIZE + 1, 'a loader row while more exist');
  assert.equal(shouldLoadMore(log.state(), 10, 30), false, 'not while far from the end');
  assert.equal(shouldLoadMore(log.state(), AUDIT_PAGE_SIZE - 5, 30), true);
  await log.observer.fetchNextPage();
  await log.observer.fetchNextPage();
  const seqs = log.entries().map((entry) => entry.seq);
  assert.equal(seqs.length, 450);
  assert.equal(new Set(seqs).size, 450);
  assert.deepEqual(seqs.slice(0, 2), [450, 449]);
  assert.equal(log.observer.getCurrentResult().hasNextPage, false);
  assert.equal(virtualRowCount(log.state()), 450);
  log.off();
});

test('drops the answer to a filter that was changed while it was being asked', async () => {
  const core = await auditCore(10);
  let release = () => {};
  core.holdNext(new Promise<void>((resolve) => (release = resolve)));
  const log = watchLog(core.call, { ...NO_AUDIT_FILTERS, operator: 'dora' });
  await eventually(() => (core.asked.length === 1 ? true : undefined), 'the first filter to be asked');
  core.release();
  log.observer.setOptions(auditSearchQuery(core.call, { ...NO_AUDIT_FILTERS, operator: 'ivo' }));
  await log.answered();
  release();
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.ok(log.entries().length > 0);
  assert.ok(log.entries().every((entry) => entry.operator === 'ivo'));
  log.off();
});

test('says the list may be behind once something happened after it was read, until it is read again', () => {
  assert.equal(isReadBefore(1_000, 0), false, 'nothing is shown yet, so nothing is behind');
  assert.equal(isReadBefore(null, 500), false);
  assert.equal(isReadBefore(1_000, 500), true);
  assert.equal(isReadBefore(1_000, 1_500), false, 'read again after the change');
  const store = createAuditStore(async () => ({ ok: false, error: { kind: 'connection', message: 'unused' } }));
  store.getState().noteChange(1_000);
  assert.equal(store.getState().changedAt, 1_000);
});

test('exports and verifies through the store, and shows a refused export as an error', async () => {
  const core = await auditCore(3);
  const store = createAuditStore(core.call);
  store.getState().setFilters({ operator: 'ivo' });
  await store.getState().exportEntries(defaultCsvFileOptions('pt-PT', 'Europe/Lisbon'));
  assert.equal(store.getState().exported?.rows, 1);
  await store.getState().exportEntries(defaultCsvFileOptions('en', 'Mars/Olympus'));
  assert.equal(store.getState().exported, null);
  assert.equal(store.getState().exportError?.kind, 'validation');
  await store.getState().verify();
  assert.equal(store.getState().report?.ok, true);
  assert.equal(store.getState().report?.checked, 3);
});

test('the filter bar becomes the channel’s filter: the last day included, outcomes by what they mean', () => {
  assert.deepEqual(auditFilterInput(NO_AUDIT_FILTERS), {});
  const input = auditFilterInput({ ...NO_AUDIT_FILTERS, text: '  parcel  ', operator: ' dora ', action: 'payment.refund', targetId: 'pay_1', outcome: 'succeeded', fromDate: '2026-03-28', toDate: '2026-03-29' });
  assert.equal(input.text, 'parcel');
  assert.equal(input.operator, 'dora');
  assert.deepEqual(input.actions, ['payment.refund']);
  assert.deepEqual(input.outcomes, ['succeeded', 'applied', 'active'], 'the core adds older spellings of each');
  assert.equal(input.from, startOfLocalDay('2026-03-28'));
  assert.equal(input.to, startOfLocalDay('2026-03-30'), 'the period ends where the day after the last one starts');
  assert.equal(auditFilterInput({ ...NO_AUDIT_FILTERS, text: 'x'.repeat(300) }).text?.length, 200);
  assert.equal(auditFilterInput({ ...NO_AUDIT_FILTERS, fromDate: '28/03/2026' }).from, undefined, 'a day the date input did not give is left out');
});

function words(locale: LocaleId) {
  return (key: MessageKey, vars?: Readonly<Record<string, string | number>>) => translate(locale, key, vars);
}

const INTACT: AuditReport = { ok: true, checked: 42, firstBrokenSeq: null, problem: null, keyed: true, legacyEntries: 0, anchoredEntries: 40 };

test('says what verification found, in both languages, naming the entry where the chain breaks', () => {
  assert.deepEqual(verifySummary(words('en'), INTACT).sentences, [
    'The log is intact: 42 entries checked, each sealed and in order.',
    '2 of the newest entries are not in the outside seal yet; they are checked as part of the chain.',
  ]);
  const edited: AuditReport = { ...INTACT, ok: false, checked: 6, firstBrokenSeq: 7, problem: { kind: 'edited', seq: 7, message: 'Entry #7 does not match its seal' } };
  assert.deepEqual(verifySummary(words('en'), edited), { ok: false, sentences: ['The log is not intact.', 'Entry no. 7 was changed after it was written.', '6 entries before it are intact.'] });
  assert.deepEqual(verifySummary(words('pt-PT'), edited).sentences, ['O registo não está íntegro.', 'O registo n.º 7 foi alterado depois de escrito.', 'Os 6 registos anteriores estão íntegros.']);
  const mismatch: AuditReport = { ...INTACT, ok: false, firstBrokenSeq: 40, problem: { kind: 'anchor_mismatch', seq: 40, message: '…' } };
  assert.deepEqual(verifySummary(words('en'), mismatch).sentences, ['The log is not intact.', 'The log does not match its seal kept outside the database: entry no. 40 differs from the one sealed.']);
  const keyless: AuditReport = { ...INTACT, ok: false, keyed: false, anchoredEntries: null, problem: { kind: 'key_unavailable', seq: null, message: '…' } };
  assert.match(verifySummary(words('pt-PT'), keyless).sentences[1] ?? '', /porta-chaves/);
});

test('codes the log stores are shown in words; one this version does not know is named as other', () => {
  const en = words('en');
  const pt = words('pt-PT');
  assert.equal(auditActionLabel(en, 'payment.refund'), 'Refund');
  assert.equal(auditActionLabel(pt, 'credential.set'), 'Credencial guardada');
  assert.equal(auditActionLabel(en, 'payment.teleport'), 'Other action (payment.teleport)');
  assert.equal(auditOutcomeLabel(en, 'success'), 'Succeeded');
  assert.equal(auditOutcomeLabel(pt, 'intent'), 'Pedido');
  assert.equal(auditOutcomeLabel(en, 'partially_refunded'), 'Partially refunded', 'a status change names the new status');
  assert.equal(auditTargetLabel(en, 'profile', 'prf_1'), 'Profile prf_1');
  assert.equal(auditTargetLabel(pt, 'workspace', null), 'Este espaço de trabalho');
});

test('#/audit opens the audit screen', () => {
  assert.deepEqual(parseRoute('#/audit'), { name: 'audit' });
  assert.equal(routeHref({ name: 'audit' }), '#/audit');
});
