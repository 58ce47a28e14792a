/**
 * The audit log's channels over a real ledger file: a filtered search paged by its cursor, input
 * the contract refuses with a typed validation error (a period that ends before it starts, a
 * cursor the ledger never issued), and an export whose file name and first line name the time
 * zone, whose records parse back with times in that zone, and that carries no card number or
 * secret even when an entry holds one.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { channels, type ChannelParsedInput } from '../../../shared/ipc/contract.ts';
import { createAuditHandlers, type AuditChannel } from '../../../electron/core/audit-log/audit-handlers.ts';
import type { InvocationContext } from '../../../electron/core/door.ts';
import { ValidationError } from '../../../electron/core/errors.ts';
import { openSqliteLedgerPort } from '../../../electron/core/ledger/sqlite-port.ts';
import type { AuditInput } from '../../../electron/core/ledger/types.ts';
import { tempLedgerPath } from '../ledger/ledger-fixtures.ts';

const CONTEXT: InvocationContext = { origin: 'cli', operator: 'dora' };
const T0 = Date.parse('2026-05-10T12:00:00.000Z');

function entry(n: number, overrides: Partial<AuditInput> = {}): AuditInput {
  return {
    at: new Date(T0 + n * 3_600_000),
    operator: n % 2 === 0 ? 'dora' : 'ivo',
    origin: 'electron@desk',
    action: n % 2 === 0 ? 'payment.refund' : 'profile.update',
    targetType: 'payment',
    targetId: `pay_${n}`,
    outcome: 'succeeded',
    details: { n },
    ...overrides,
  };
}

async function setUp() {
  const ledger = openSqliteLedgerPort(tempLedgerPath());
  for (let n = 0; n < 6; n += 1) await ledger.audit.append(entry(n));
  const dataDir = mkdtempSync(join(tmpdir(), 'audit-export-'));
  const handlers = createAuditHandlers({ ledger, clock: { now: () => new Date('2026-06-02T08:00:00.000Z') }, dataDir });
  const call = <C extends AuditChannel>(channel: C, input: unknown) => handlers[channel](channels[channel].input.parse(input) as ChannelParsedInput<C>, CONTEXT);
  return { ledger, call, dataDir };
}

test('a filtered search comes in pages joined by the cursor', async () => {
  const { call } = await setUp();
  const first = await call('audit:search', { operator: 'dora', limit: 2 });
  assert.deepEqual(first.entries.map((found) => found.seq), [5, 3]);
  assert.equal(first.entries[0]?.at, '2026-05-10T16:00:00.000Z');
  assert.ok(first.nextCursor);
  const second = await call('audit:search', { operator: 'dora', limit: 2, cursor: first.nextCursor });
  assert.deepEqual(second.entries.map((found) => found.seq), [1]);
  assert.equal(second.nextCursor, null);
  const period = await call('audit:search', { from: '2026-05-10T14:00:00+01:00', to: '2026-05-10T15:00:00.000Z' });
  assert.deepEqual(period.entries.map((found) => found.seq), [3, 2], 'the offset of each end is read');
});

test('a search for succeeded also finds the entries an earlier version wrote as success, which stay as written', async () => {
  const { ledger, call } = await setUp();
  await ledger.audit.append(entry(6, { action: 'recon.import', targetType: 'recon_session', targetId: 'rcn_1', outcome: 'success' }));
  await ledger.audit.append(entry(7, { action: 'recon.import', targetType: 'recon_session', targetId: 'rcn_2', outcome: 'failed' }));
  const found = await call('audit:search', { outcomes: ['succeeded'], actions: ['recon.import'] });
  assert.deepEqual(found.entries.map((hit) => [hit.targetId, hit.outcome]), [['rcn_1', 'success']]);
  assert.equal((await ledger.audit.report()).ok, true, 'the chain is untouched');
});

test('refuses a period that ends before it starts, a cursor it never issued and an action that is not a name, each by field', () => {
  const input = channels['audit:search'].input;
  const issues = (value: unknown) => input.safeParse(value).error?.issues.map((issue) => issue.path.join('.')) ?? [];
  assert.deepEqual(issues({ from: '2026-05-10T12:00:00Z', to: '2026-05-09T12:00:00Z' }), ['to']);
  assert.deepEqual(issues({ cursor: 'abc' }), ['cursor']);
  assert.deepEqual(issues({ cursor: '0' }), ['cursor']);
  assert.deepEqual(issues({ actions: ["payment.refund' OR 1=1"] }), ['actions.0']);
  assert.deepEqual(issues({ text: 'a\u0000b' }), ['text']);
  assert.deepEqual(issues({ outcomes: [] }), ['outcomes']);
  assert.deepEqual(issues({ operator: 'dora', actions: ['payment.refund'], outcomes: ['succeeded'], text: 'refund', limit: 500 }), []);
});

test('the export names its time zone in the file name and first line, keeps the filter, and parses back', async () => {
  const { call } = await setUp();
  const exported = await call('audit:export', { operator: 'dora', timeZone: 'Europe/Lisbon' });
  assert.equal(exported.rows, 3);
  assert.match(basename(exported.path), /^audit-log-2026-06-02-090000-Europe-Lisbon\.csv$/, 'made at 09:00 in Lisbon');
  const text = readFileSync(exported.path, 'utf8');
  assert.equal(text.split('\n')[0], '\uFEFF# Times are in Europe/Lisbon', 'after the byte-order mark that makes Excel read UTF-8');
  const records = parse(text, { bom: true, columns: true, comment: '#' }) as Array<Record<string, string>>;
  assert.deepEqual(records.map((record) => record['seq']), ['5', '3', '1']);
  assert.equal(records[2]?.['time'], '2026-05-10 13:00:00', 'Lisbon is an hour ahead of UTC in May');
  assert.equal(records[2]?.['operator'], 'dora');
  assert.equal(records[2]?.['action'], 'payment.refund');
  assert.equal(records[2]?.['details'], '{"n":0}');
  assert.match(records[2]?.['seal'] ?? '', /^[0-9a-f]{64}$/);
});

test('an export writes no card number, secret or formula, whatever an entry holds', async () => {
  const { ledger, call } = await setUp();
  await ledger.audit.append(entry(7, { operator: '=cmd|calc', targetId: 'ref 4111 1111 1111 1111', details: { note: 'card 4761340000000035 read out', apiKey: 'sk_live_abc123', field: 'authToken' } }));
  const exported = await call('audit:export', { actions: ['profile.update'], timeZone: 'UTC' });
  const text = readFileSync(exported.path, 'utf8');
  assert.doesNotMatch(text, /4111 1111 1111 1111|4761340000000035|sk_live_abc123/);
  const records = parse(text, { bom: true, columns: true, comment: '#' }) as Array<Record<string, string>>;
  const tampered = records.find((record) => record['seq'] === '7');
  assert.equal(tampered?.['operator'], "'=cmd|calc");
  assert.equal(tampered?.['target_id'], 'ref [PAN REDACTED]');
  assert.deepEqual(JSON.parse(tampered?.['details'] ?? '{}'), { apiKey: '[REDACTED]', field: 'authToken', note: 'card [PAN REDACTED] read out' });
});

test('an unknown time zone is refused before a file is made', async () => {
  const { call, dataDir } = await setUp();
  await assert.rejects(call('audit:export', { timeZone: 'Mars/Olympus' }), ValidationError);
  assert.deepEqual(readdirSync(dataDir), []);
});
