/** The Reconciliation page's second source: a report fetched from the gateway, against a call function answering as the core would. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChannelOutput, ReconSession } from '../../../shared/ipc/contract.ts';
import type { Envelope } from '../../../shared/ipc/envelope.ts';
import { scriptedCall } from '../../helpers/scripted-call.ts';
import { createReconciliationStore } from '../../../renderer/src/features/reconciliation/stores/reconciliation-store.ts';
import { reconCacheOf } from '../../../renderer/src/features/reconciliation/queries/recon-queries.ts';
import { createConsoleQueryClient } from '../../../renderer/src/queries/query-client.ts';
import { reportNames } from '../../../renderer/src/features/reconciliation/utils/gateway-reports.ts';
import type { GatewayDescriptor } from '../../../renderer/src/stores/workspace-store.ts';

const ok = <T>(value: T): Promise<Envelope<T>> => Promise.resolve({ ok: true, value });

const SESSION: ReconSession = {
  id: 'rs_fetched',
  operator: 'agent',
  createdAt: '2026-12-01T10:00:00.000Z',
  profileId: 'sandbox-aci-oppwa',
  source: 'OPPWA transaction report, 2026-11-01T00:00:00.000Z → 2026-12-01T00:00:00.000Z',
  mapping: 'OPPWA transaction report',
  periodFrom: '2026-11-01T00:00:00.000Z',
  periodTo: '2026-12-01T00:00:00.000Z',
  status: 'done',
  rowCount: 2,
  finishedAt: '2026-12-01T10:00:01.000Z',
};

const SUMMARY: ChannelOutput<'recon:session'> = { session: SESSION, totals: [{ reconClass: 'matched', currency: 'EUR', count: 2, amount: '20.00' }] };

function gateway(statementReports: GatewayDescriptor['statementReports']): GatewayDescriptor {
  return { id: 'aci-oppwa', displayName: 'ACI OPPWA', capabilities: [], paymentMethods: ['card'], moto: true, voidTerm: 'reversal', singleCapture: true, defaultCurrencies: {}, credentialFields: [], optionFields: [], referenceRule: { rule: { characters: 'printable', minLength: 1, maxLength: 255 }, options: {} }, statementMappings: [], ...(statementReports ? { statementReports } : {}) };
}

test('a fetched report becomes the open session, like an imported file', async () => {
  const { call, calls } = scriptedCall({
    'recon:fetch': () => ok({ session: SESSION, rows: 2, skipped: [] }),
    'recon:sessions': () => ok([SESSION]),
    'recon:session': () => ok(SUMMARY),
    'recon:rows': () => ok({ rows: [], nextCursor: null }),
  });
  const store = createReconciliationStore(call, reconCacheOf(createConsoleQueryClient()));
  const period = { from: SESSION.periodFrom, to: SESSION.periodTo };
  await store.getState().runFetch({ profileId: SESSION.profileId, report: 'OPPWA transaction report', period });
  assert.deepEqual(calls.find((c) => c.channel === 'recon:fetch')?.input, { profileId: SESSION.profileId, report: 'OPPWA transaction report', period });
  assert.equal(calls.some((c) => c.channel === 'recon:import'), false);
  assert.equal(store.getState().openSessionId, SESSION.id);
  assert.equal(store.getState().importReport?.rows, 2);
  assert.equal(store.getState().importing, false);
});

test('a report the gateway never delivered is shown as the error, and no session opens', async () => {
  const { call } = scriptedCall({
    'recon:fetch': () => Promise.resolve({ ok: false, error: { kind: 'timeout', message: 'The gateway did not deliver the report within 300 s' } }),
    'recon:sessions': () => ok([]),
  });
  const store = createReconciliationStore(call, reconCacheOf(createConsoleQueryClient()));
  await store.getState().runFetch({ profileId: 'sandbox-be2bill', report: 'Be2bill exportTransactions', period: { from: SESSION.periodFrom, to: SESSION.periodTo } });
  assert.equal(store.getState().importError?.kind, 'timeout');
  assert.equal(store.getState().importSource, 'fetch', 'the error is the fetch form’s to show, not the file import’s');
  assert.equal(store.getState().openSessionId, null);
});

test('the reports a gateway offers, and none for one with files only', () => {
  assert.deepEqual(reportNames(gateway([{ name: 'OPPWA transaction report', mapping: 'OPPWA transaction report' }])), ['OPPWA transaction report']);
  assert.deepEqual(reportNames(gateway(undefined)), []);
  assert.deepEqual(reportNames(null), []);
});
