/**
 * Every money action, credential change and settings change is in the audit log: each is done
 * through the door, as an operator would, against the sandbox, and then looked up on the log by
 * its target with `audit:search`, with its operator and a final outcome (a money action also has
 * its intent, written before the gateway was called). A channel the audit gate calls audited that
 * this file does not exercise fails it, unless it is listed below with the reason.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { channelIsAudited } from '../../electron/core/audit-gate.ts';
import { getGateway } from '../../electron/core/gateways/gateway-catalog.ts';
import { sandboxProfileId } from '../../electron/core/workspace/sandbox-workspace.ts';
import { CHANNEL_NAMES, type ChannelInput, type ChannelName, type ChannelOutput } from '../../shared/ipc/contract.ts';
import { PLAYS } from '../soak/lib/driver.ts';
import { removeDir, startTestCore, testContext, type TestCore } from '../helpers/test-core.ts';

const SIBS = sandboxProfileId('sibs-spg');
const SAYSWITCH = sandboxProfileId('sayswitch');

/** Audited channels this file leaves to others, and why. */
const NOT_EXERCISED: Partial<Record<ChannelName, string>> = {
  'payments:import': 'needs a payment the ledger does not know yet at a gateway; test/integration/core-sibs-import.test.ts',
  'payments:stopSchedule': 'needs a Be2bill instalment plan; test/integration/be2bill-flows.test.ts',
  'payments:rebill': 'needs a chargeback booked by webhook first; test/integration/be2bill-flows.test.ts',
  'mandates:charge': 'needs a mandate the customer approved with a limit; test/integration/core-sibs-async.test.ts',
  'recon:uploadBegin': 'the chunked form of recon:import, which is exercised here; the import it drives writes the same entry',
  'recon:uploadChunk': 'a part of an upload, as recon:uploadBegin',
  'recon:uploadFinish': 'a part of an upload, as recon:uploadBegin',
  'recon:uploadAbort': 'a part of an upload, as recon:uploadBegin',
  'recon:fetch': 'needs a gateway report API (OPPWA); the import it drives writes the same entry as recon:import',
  'recon:cancel': 'needs an import still running; test/unit/recon/recon-service.test.ts',
  'mitbatch:preview': 'a batch needs stored cards and a file; test/integration/mit-batch.test.ts finds each batch action on the log',
  'mitbatch:start': 'as mitbatch:preview',
  'mitbatch:pause': 'as mitbatch:preview',
  'mitbatch:resume': 'as mitbatch:preview',
  'mitbatch:cancel': 'as mitbatch:preview',
  'operators:save': 'operators exist in team mode (a shared PostgreSQL ledger); test/integration/team-operators.test.ts finds each change on the log',
  'operators:remove': 'as operators:save',
  'approvals:decide': 'requests exist in team mode; test/integration/four-eyes-refunds.test.ts finds each decision on the log',
  'approvals:saveThresholds': 'as approvals:decide',
};

let t: TestCore;
const exercised = new Set<ChannelName>();

before(async () => {
  t = await startTestCore({ requestTimeoutMs: 5_000 });
});

after(async () => {
  await t.close();
  removeDir(t.dataDir);
});

async function act<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  exercised.add(channel);
  return t.value(channel, input);
}

type Entry = ChannelOutput<'audit:search'>['entries'][number];

/** The entries for `targetId` with one of `actions`, found through the audit screen's own search. */
async function audited(targetId: string, actions: readonly string[]): Promise<Entry[]> {
  const page = await t.value('audit:search', { targetId, actions: [...actions], limit: 500 });
  for (const entry of page.entries) assert.equal(entry.operator, testContext.operator, `${entry.action} names who did it`);
  return page.entries;
}

async function assertAudited(targetId: string, action: string, outcome: string): Promise<void> {
  const entries = await audited(targetId, [action]);
  assert.ok(
    entries.some((entry) => entry.outcome === outcome),
    `${action} on ${targetId} is audited as ${outcome} (found: ${entries.map((entry) => entry.outcome).join(', ') || 'nothing'})`,
  );
}

/** The gateway's messages about `targetId`, waited for: the emulator posts them after it answered. */
async function webhookEntries(targetId: string): Promise<Entry[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { entries } = await t.value('audit:search', { targetId, actions: ['notification.received'], limit: 50 });
    if (entries.length > 0 || Date.now() > deadline) return entries;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A money action: its intent before the call, its outcome after. */
async function assertMoneyAudited(paymentId: string, action: string, outcome: string): Promise<void> {
  await assertAudited(paymentId, action, 'intent');
  await assertAudited(paymentId, action, outcome);
}

function card(gatewayId: keyof typeof PLAYS, holder: string) {
  return { ...PLAYS[gatewayId].card, expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 2, holder };
}

test('a MOTO sale, its refund, an authorisation captured and one voided, a stored card charged and deleted', async () => {
  const sale = await act('payments:createMoto', { profileId: SIBS, kind: 'sale', money: { amount: '40.00', currency: 'EUR' }, card: card('sibs-spg', 'Ana Lopes'), storeCard: true });
  await assertMoneyAudited(sale.paymentId, 'payment.purchase', 'succeeded');
  await act('payments:refund', { paymentId: sale.paymentId, amount: '15.00', expectedRefundable: '40.00', reason: 'Customer returned one item' });
  await assertMoneyAudited(sale.paymentId, 'payment.refund', 'succeeded');
  await act('payments:sync', { paymentId: sale.paymentId });
  await assertAudited(sale.paymentId, 'payment.sync', 'succeeded');

  const captured = await act('payments:createMoto', { profileId: SIBS, kind: 'auth', money: { amount: '25.00', currency: 'EUR' }, card: card('sibs-spg', 'Rui Sousa') });
  await assertMoneyAudited(captured.paymentId, 'payment.authorize', 'succeeded');
  await act('payments:capture', { paymentId: captured.paymentId, amount: '25.00', expectedCapturable: '25.00' });
  await assertMoneyAudited(captured.paymentId, 'payment.capture', 'succeeded');

  const voided = await act('payments:createMoto', { profileId: SIBS, kind: 'auth', money: { amount: '12.00', currency: 'EUR' }, card: card('sibs-spg', 'Eva Nunes') });
  await act('payments:void', { paymentId: voided.paymentId, expectedCapturable: '12.00' });
  await assertMoneyAudited(voided.paymentId, 'payment.void', 'succeeded');

  const token = (await t.value('tokens:list', { profileId: SIBS })).find((stored) => stored.originPaymentId === sale.paymentId);
  assert.ok(token, 'the sale stored its card');
  const mit = await act('payments:chargeStored', { tokenId: token.id, money: { amount: '9.99', currency: 'EUR' }, recurrence: 'recurring', reason: 'Monthly subscription' });
  await assertMoneyAudited(mit.paymentId, 'payment.mit', 'succeeded');
  await act('tokens:delete', { tokenId: token.id });
  await assertAudited(token.id, 'token.delete', 'succeeded');
});

test('MB WAY and Multibanco requests, the customer paying in the sandbox, a mandate asked for, and a status check now', async () => {
  const mbway = await act('payments:requestMbway', { profileId: SIBS, money: { amount: '15.90', currency: 'EUR' }, phone: '+351 912 345 678' });
  await assertAudited(mbway.paymentId, 'payment.purchase', 'intent');
  const approve = (await t.value('sandbox:info', {})).customerActions.find((action) => action.gatewayId === 'sibs-spg' && action.target === 'payment' && action.name.startsWith('mbway'));
  assert.ok(approve, 'the SIBS sandbox lets the customer approve an MB WAY request');
  await act('sandbox:act', { action: approve.name, targetId: mbway.paymentId });
  await assertAudited(mbway.paymentId, 'sandbox.customer-action', 'succeeded');
  const [webhook] = await webhookEntries(mbway.paymentId);
  assert.ok(webhook, 'the gateway’s message about the approval is filed under the payment, like every other action on it');
  assert.equal(webhook.targetType, 'payment');
  assert.equal(webhook.operator, 'gateway');
  const { payment } = await t.value('payments:get', { paymentId: mbway.paymentId });
  assert.equal(JSON.parse(webhook.details).gatewayTransactionId, payment.gatewayTransactionId, 'the gateway’s id is in the details');
  await act('poller:syncNow', { paymentIds: [mbway.paymentId] });
  await assertAudited(mbway.paymentId, 'payment.sync', 'succeeded');

  const multibanco = await act('payments:createMultibancoReference', { profileId: SIBS, money: { amount: '5.10', currency: 'EUR' }, validForHours: 48 });
  await assertMoneyAudited(multibanco.paymentId, 'payment.purchase', 'pending');

  const mandate = await act('mandates:create', { profileId: SIBS, phone: '912345678', customerName: 'Marta Dias' });
  await assertAudited(mandate.id, 'mandate.create', 'intent');
  await act('mandates:sync', { mandateId: mandate.id });
  await act('mandates:cancel', { mandateId: mandate.id });
  await assertAudited(mandate.id, 'mandate.status', 'cancelled');
});

test('the customer steps of a card charge, a bank transfer and a USSD code', async () => {
  const play = PLAYS.sayswitch;
  const sale = await act('payments:createMoto', { profileId: SAYSWITCH, kind: 'sale', money: { amount: '5000.00', currency: play.currency }, card: card('sayswitch', 'Ada Obi'), customer: { email: 'ada@example.com' } });
  assert.ok(play.otp);
  await act('payments:continueAction', { paymentId: sale.paymentId, otp: play.otp });
  await assertAudited(sale.paymentId, 'payment.continue', 'intent');
  const transfer = await act('payments:requestBankTransfer', { profileId: SAYSWITCH, money: { amount: '2500.00', currency: play.currency }, customer: { email: 'ada@example.com' } });
  await assertAudited(transfer.paymentId, 'payment.purchase', 'intent');
  const [bank] = await t.value('payments:ussdBanks', { profileId: SAYSWITCH });
  assert.ok(bank);
  const ussd = await act('payments:requestUssd', { profileId: SAYSWITCH, money: { amount: '1500.00', currency: play.currency }, bankCode: bank.code, customer: { email: 'ada@example.com' } });
  await assertAudited(ussd.paymentId, 'payment.purchase', 'intent');
});

test('a profile created, changed and deleted, its credentials set and removed, and the ledger chosen', async () => {
  const sandbox = (await t.value('app:info', {})).sandbox.baseUrl ?? 'http://127.0.0.1:9';
  const profile = await act('profiles:create', { name: 'Loja do Porto', gatewayId: 'sibs-spg', environment: 'sandbox', baseUrl: `${sandbox}/sibs-spg`, options: { terminalId: 12345 } });
  await assertAudited(profile.id, 'profile.create', 'succeeded');
  await act('profiles:update', { id: profile.id, name: 'Loja do Porto (Baixa)' });
  await assertAudited(profile.id, 'profile.update', 'succeeded');
  const [field] = getGateway('sibs-spg').descriptor.credentialFields;
  assert.ok(field);
  await act('credentials:set', { profileId: profile.id, field: field.name, value: 'sandbox-secret-value' });
  await assertAudited(profile.id, 'credential.set', 'succeeded');
  await act('credentials:delete', { profileId: profile.id, field: field.name });
  await assertAudited(profile.id, 'credential.delete', 'succeeded');
  await act('profiles:delete', { id: profile.id });
  await assertAudited(profile.id, 'profile.delete', 'succeeded');
  const log = await t.value('audit:search', { text: 'sandbox-secret-value', limit: 10 });
  assert.deepEqual(log.entries, [], 'the secret itself is nowhere in the log');

  await act('ledger:save', { choice: { backend: 'sqlite' } });
  const chosen = await t.value('audit:search', { actions: ['ledger.choose'], outcomes: ['succeeded'], limit: 10 });
  assert.equal(chosen.entries.length, 1);

  await act('receiver:save', { publicBaseUrl: 'https://hooks.example.com' });
  const receiver = await t.value('audit:search', { actions: ['settings.receiver'], outcomes: ['succeeded'], limit: 10 });
  assert.equal(receiver.entries.length, 1);
});

test('a statement imported, a row resolved, and a statement mapping saved and deleted', async () => {
  await act('payments:createMoto', { profileId: SIBS, kind: 'sale', money: { amount: '31.00', currency: 'EUR' }, card: card('sibs-spg', 'Recon Reader') });
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const statement = await t.value('sandbox:statement', { gatewayId: 'sibs-spg', from: day(-1), to: day(1), seed: 3, plant: { counts: { missing: 1 } } });
  const imported = await act('recon:import', {
    profileId: SIBS,
    mapping: getGateway('sibs-spg').statementMappings?.[0]?.name ?? '',
    fileName: statement.fileName,
    contentBase64: statement.encoding === 'base64' ? statement.content : Buffer.from(statement.content, 'utf8').toString('base64'),
    period: { from: `${day(-1)}T00:00:00Z`, to: `${day(2)}T00:00:00Z` },
  });
  await assertAudited(imported.session.id, 'recon.import', 'succeeded');
  const { rows } = await t.value('recon:rows', { sessionId: imported.session.id, reconClass: 'missing_in_ledger' });
  const [row] = rows;
  assert.ok(row, 'the planted row is missing from the ledger');
  await act('recon:resolve', { sessionId: imported.session.id, rowId: row.id, action: 'accept', note: 'A test order from the shop floor' });
  await assertAudited(`${imported.session.id}/${row.id}`, 'recon.resolve', 'succeeded');

  const mapping = {
    name: 'Banco Exemplo — extrato TPA',
    columns: { transactionAt: 'Data', merchantReference: 'Referência', gatewayTransactionId: 'ID transação', amount: 'Montante', currency: 'Moeda', status: 'Estado' },
    amountUnit: 'major' as const,
    statusValues: { liquidado: 'succeeded' as const, devolvido: 'refunded' as const },
    format: { dateFormat: 'DD/MM/YYYY', timeZone: 'Europe/Lisbon' },
  };
  await act('recon:saveMapping', { mapping });
  await assertAudited(mapping.name, 'recon.mapping.save', 'succeeded');
  await act('recon:deleteMapping', { name: mapping.name });
  await assertAudited(mapping.name, 'recon.mapping.delete', 'succeeded');
});

test("a saved view of the payments list made, pinned and deleted", async () => {
  const view = await act('views:save', { name: 'Refunded in euros', content: { filters: { statuses: ['refunded'], currency: 'EUR' } } });
  await assertAudited(view.id, 'settings.view.save', 'succeeded');
  await act('views:update', { id: view.id, pinned: true });
  await assertAudited(view.id, 'settings.view.update', 'succeeded');
  await act('views:delete', { id: view.id });
  await assertAudited(view.id, 'settings.view.delete', 'succeeded');
});

test('every audited channel was exercised above or is listed with the reason it is not', () => {
  const missing = CHANNEL_NAMES.filter((channel) => channelIsAudited(channel) && !exercised.has(channel) && !(channel in NOT_EXERCISED));
  assert.deepEqual(missing, []);
  const listedButExercised = Object.keys(NOT_EXERCISED).filter((channel) => exercised.has(channel as ChannelName));
  assert.deepEqual(listedButExercised, []);
});

test('the log verifies after all of it', async () => {
  const report = await t.value('audit:verify', {});
  assert.equal(report.ok, true, report.problem?.message);
  assert.equal(report.keyed, true);
});
