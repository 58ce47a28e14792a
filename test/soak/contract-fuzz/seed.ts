/**
 * Real objects for the fuzz to aim at (payments in several states, a stored card, a mandate), made
 * through the door against the sandbox, and a valid-looking base input per channel that names them.
 */
import fc from 'fast-check';
import type { ChannelName } from '../../../shared/ipc/contract.ts';
import type { TestCore } from '../../helpers/test-core.ts';

export interface Seeded {
  readonly profiles: Record<'sibs' | 'oppwa' | 'be2bill' | 'sayswitch', string>;
  readonly sale: string;
  readonly auth: string;
  readonly oppwaSale: string;
  readonly multibanco: string;
  readonly tokenId: string;
  readonly mandateId: string;
  /** Every id above: a schema-valid input that names one of them could really act on it. */
  readonly realIds: ReadonlySet<string>;
}

const card = () => ({ number: '4761340000000035', cvv: '536', expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 2, holder: 'Ana Silva' });
const oppwaCard = () => ({ number: '4200000000000000', cvv: '123', expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 2, holder: 'Ana Silva' });

export async function seed(t: TestCore): Promise<Seeded> {
  const byGateway = (gatewayId: string): string => {
    const found = t.core.internals.profiles.list().find((profile) => profile.gatewayId === gatewayId);
    if (!found) throw new Error(`no sandbox profile for ${gatewayId}`);
    return found.id;
  };
  const profiles = { sibs: byGateway('sibs-spg'), oppwa: byGateway('aci-oppwa'), be2bill: byGateway('be2bill'), sayswitch: byGateway('sayswitch') };
  const sale = (await t.value('payments:createMoto', { profileId: profiles.sibs, kind: 'sale', storeCard: true, money: { amount: '40.00', currency: 'EUR' }, card: card() })).paymentId;
  const auth = (await t.value('payments:createMoto', { profileId: profiles.sibs, kind: 'auth', money: { amount: '30.00', currency: 'EUR' }, card: card() })).paymentId;
  const oppwaSale = (await t.value('payments:createMoto', { profileId: profiles.oppwa, kind: 'sale', money: { amount: '25.00', currency: 'EUR' }, card: oppwaCard() })).paymentId;
  const multibanco = (await t.value('payments:createMultibancoReference', { profileId: profiles.sibs, money: { amount: '12.00', currency: 'EUR' } })).paymentId;
  const token = (await t.value('tokens:list', { profileId: profiles.sibs })).find((candidate) => candidate.originPaymentId === sale);
  if (!token) throw new Error('the stored-card sale left no token');
  const mandate = await t.value('mandates:create', { profileId: profiles.sibs, phone: '936543210', customerName: 'Rita Alves', mandateType: 'SUBSCRIPTION' });
  const realIds = new Set([...Object.values(profiles), sale, auth, oppwaSale, multibanco, token.id, mandate.id]);
  return { profiles, sale, auth, oppwaSale, multibanco, tokenId: token.id, mandateId: mandate.id, realIds };
}

const money = { amount: '10.00', currency: 'EUR' };

/** One valid-looking input per channel; the fuzz bends it. */
/** A user's mapping for a bank's own export, which no gateway ships. */
const BANK_EXPORT_MAPPING = {
  name: 'Bank export',
  columns: { gatewayTransactionId: 'Id', amount: 'Valor' },
  fixedCurrency: 'EUR',
  amountUnit: 'major',
  defaultStatus: 'succeeded',
};
const BANK_EXPORT_FILE = 'Id;Valor\n8ac7a4a1;25,00\n';

export function baseInputs(s: Seeded): Record<ChannelName, Record<string, unknown>> {
  return {
    'app:info': {},
    'gateways:list': {},
    'profiles:list': {},
    'profiles:create': { name: 'Fuzz profile', gatewayId: 'sibs-spg', environment: 'test', baseUrl: 'https://spg.example.invalid/api/v2', options: { terminalId: 52221 } },
    'profiles:update': { id: s.profiles.sibs, name: 'Renamed' },
    'profiles:delete': { id: s.profiles.oppwa },
    'credentials:set': { profileId: s.profiles.sibs, field: 'authToken', value: 'token-value' },
    'credentials:delete': { profileId: s.profiles.sibs, field: 'authToken' },
    'credentials:test': { profileId: s.profiles.be2bill },
    'payments:createMoto': { profileId: s.profiles.sibs, kind: 'sale', money, card: card(), customer: { name: 'Ana Silva', email: 'ana@example.com', phone: '+351912345678' }, description: 'Phone order' },
    'payments:requestMbway': { profileId: s.profiles.sibs, money, phone: '351#912345678', customer: { name: 'Ana' } },
    'payments:createMultibancoReference': { profileId: s.profiles.sibs, money, validForHours: 48 },
    'payments:continueAction': { paymentId: s.sale, otp: '123456' },
    'payments:requestBankTransfer': { profileId: s.profiles.sayswitch, money: { amount: '1000.00', currency: 'NGN' }, customer: { email: 'ana@example.com' } },
    'payments:ussdBanks': { profileId: s.profiles.sayswitch },
    'payments:requestUssd': { profileId: s.profiles.sayswitch, money: { amount: '1000.00', currency: 'NGN' }, bankCode: 'GTB', customer: { email: 'ana@example.com' } },
    'payments:import': { profileId: s.profiles.be2bill, gatewayTransactionId: 'A1234567' },
    'payments:stopSchedule': { paymentId: s.sale },
    'payments:chargeStored': { tokenId: s.tokenId, money, recurrence: 'unscheduled', reason: 'Monthly plan' },
    'tokens:list': { profileId: s.profiles.sibs },
    'mitbatch:preview': { profileId: s.profiles.sibs, fileName: 'charges.csv', content: `token_id,amount,currency,merchant_reference,recurrence\n${s.tokenId},10.00,EUR,SUB-1,recurring\n` },
    'mitbatch:start': { batchId: 'mtb_none', confirmRows: 1 },
    'mitbatch:pause': { batchId: 'mtb_none' },
    'mitbatch:resume': { batchId: 'mtb_none' },
    'mitbatch:cancel': { batchId: 'mtb_none' },
    'mitbatch:list': { profileId: s.profiles.sibs },
    'mitbatch:get': { batchId: 'mtb_none' },
    'mitbatch:rows': { batchId: 'mtb_none', limit: 50 },
    'mitbatch:export': { batchId: 'mtb_none', timeZone: 'Europe/Lisbon' },
    'tokens:delete': { tokenId: s.tokenId },
    'mandates:create': { profileId: s.profiles.sibs, phone: '351#912345678', customerName: 'Rita Alves' },
    'mandates:list': { profileId: s.profiles.sibs },
    'mandates:sync': { mandateId: s.mandateId },
    'mandates:cancel': { mandateId: s.mandateId },
    'mandates:charge': { mandateId: s.mandateId, money },
    'payments:search': { text: 'Ana', limit: 20, statuses: ['captured'], currency: 'EUR', amountMin: '1.00' },
    'payments:totals': { text: 'Ana', statuses: ['captured'], currency: 'EUR', method: 'card', environment: 'sandbox' },
    'payments:get': { paymentId: s.sale },
    'payments:wireLog': { paymentId: s.sale, limit: 5 },
    'payments:capture': { paymentId: s.auth, amount: '5.00', expectedCapturable: '30.00' },
    'payments:refund': { paymentId: s.sale, amount: '5.00', expectedRefundable: '40.00', reason: 'Customer asked' },
    'payments:void': { paymentId: s.auth, expectedCapturable: '30.00' },
    'payments:rebill': { paymentId: s.oppwaSale, amount: '5.00', reason: 'After a chargeback' },
    'payments:sync': { paymentId: s.multibanco },
    'poller:queue': { limit: 50 },
    'poller:summary': {},
    'poller:syncNow': { paymentIds: [s.multibanco] },
    'audit:list': { limit: 20 },
    'audit:search': { operator: 'test-operator', actions: ['payment.refund'], from: '2026-01-01T00:00:00Z', to: '2026-12-31T00:00:00Z', text: 'refund', limit: 20 },
    'audit:export': { outcomes: ['succeeded'], timeZone: 'Europe/Lisbon' },
    'dashboard:summary': { from: '2026-05-01', to: '2026-05-31', timeZone: 'Europe/Lisbon', currency: 'EUR' },
    'audit:verify': {},
    'sandbox:info': {},
    'sandbox:act': { action: 'reference.pay', targetId: s.multibanco },
    'sandbox:statement': { gatewayId: 'sibs-spg', from: '2026-01-01', to: '2026-12-31', plant: { counts: { unknown: 1 } }, seed: 7 },
    'ledger:get': {},
    'ledger:save': { choice: { backend: 'sqlite' } },
    // Port 9 (discard) on loopback: nothing listens there, so a bent input never reaches a database.
    'ledger:testConnection': { connectionString: 'postgresql://console@127.0.0.1:9/ledger', password: 'not-a-real-one' },
    'receiver:get': {},
    'receiver:save': { publicBaseUrl: 'https://hooks.example.com' },
    'recon:mappings': { profileId: s.profiles.oppwa },
    'recon:saveMapping': { mapping: BANK_EXPORT_MAPPING },
    'recon:deleteMapping': { name: BANK_EXPORT_MAPPING.name },
    'views:list': {},
    'views:save': { name: 'Captured in euros', pinned: true, content: { filters: { statuses: ['captured'], currency: 'EUR' }, queryText: 'method:card', sort: 'amount_desc', columns: ['date', 'amount', 'status'] } },
    'views:update': { id: 'view_fuzz', name: 'Renamed' },
    'views:delete': { id: 'view_fuzz' },
    'recon:preview': { contentBase64: Buffer.from(BANK_EXPORT_FILE).toString('base64'), mapping: BANK_EXPORT_MAPPING, format: { decimalSeparator: ',' } },
    // No session exists in the fuzz's workspace: every bent input is refused, none resolves anything.
    'recon:import': {
      profileId: s.profiles.oppwa,
      mapping: 'OPPWA transaction report',
      fileName: 'report.csv',
      contentBase64: Buffer.from('id,merchantTransactionId,paymentType,amount,currency,result.code,timestamp\n8ac7a4a1,REF-1,DB,25.00,EUR,000.100.110,2026-01-01 10:00:00+0000\n').toString('base64'),
      period: { from: '2026-01-01T00:00:00Z', to: '2026-01-31T00:00:00Z' },
    },
    // The upload begun here is given up by the idle timer or the core's close; no chunk goes to it.
    'recon:uploadBegin': {
      profileId: s.profiles.oppwa,
      mapping: 'OPPWA transaction report',
      fileName: 'report.csv',
      period: { from: '2026-01-01T00:00:00Z', to: '2026-01-31T00:00:00Z' },
    },
    'recon:uploadChunk': { uploadId: 'upl_neverBegun0000', sequence: 0, bytesBase64: Buffer.from('id,amount\n').toString('base64') },
    'recon:uploadFinish': { uploadId: 'upl_neverBegun0000', chunks: 1 },
    'recon:uploadAbort': { uploadId: 'upl_neverBegun0000' },
    'recon:sessions': {},
    'recon:session': { sessionId: 'rcn_none' },
    'recon:rows': { sessionId: 'rcn_none', reconClass: 'matched', text: 'REF' },
    'recon:resolve': { sessionId: 'rcn_none', rowId: 1, action: 'accept', note: 'fee agreed' },
    'recon:export': { sessionId: 'rcn_none', timeZone: 'Europe/Lisbon' },
    'recon:cancel': { sessionId: 'rcn_none' },
    'payments:export': { text: 'Ana', statuses: ['captured'], currency: 'EUR', timeZone: 'Europe/Lisbon' },
    'payments:exportCancel': { exportId: 'exp_none' },
    // SIBS has no report API: a schema-valid input is refused before anything is asked of a gateway.
    'recon:fetch': { profileId: s.profiles.sibs, report: 'OPPWA transaction report', period: { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' } },
    'operators:me': {},
    'operators:list': {},
    'operators:save': { login: 'ana_agent', role: 'agent', added: ['refund'], removed: ['moto'] },
    'operators:remove': { login: 'ana_agent' },
    'approvals:list': { status: 'pending', limit: 20 },
    'approvals:decide': { requestId: 'apr_fuzz', decision: 'approve', note: 'Checked with the customer' },
    'approvals:thresholds': {},
    'approvals:saveThresholds': { profileId: s.profiles.sibs, thresholds: [{ currency: 'EUR', amount: '100.00' }] },
  };
}

/**
 * Inputs the schema accepts but the core must refuse (they name real objects, so a slip would
 * really move money in the sandbox): each must come back as a typed error and change nothing.
 */
export function refusedByTheCore(s: Seeded): Array<{ channel: ChannelName; input: Record<string, unknown>; why: string }> {
  const year = new Date().getUTCFullYear();
  return [
    { channel: 'payments:createMoto', input: { profileId: s.profiles.sibs, kind: 'sale', money, card: { ...card(), number: '4761340000000036' } }, why: 'card number fails Luhn' },
    { channel: 'payments:createMoto', input: { profileId: s.profiles.sibs, kind: 'sale', money, card: { ...card(), expiryYear: year - 1 } }, why: 'card expired' },
    { channel: 'payments:createMoto', input: { profileId: s.profiles.sibs, kind: 'sale', money, card: { ...card(), cvv: '12' } }, why: 'CVV too short for the brand' },
    { channel: 'payments:createMoto', input: { profileId: s.profiles.sibs, kind: 'sale', money, card: { ...card(), number: '4761' } }, why: 'card number too short' },
    { channel: 'payments:createMoto', input: { profileId: s.profiles.sibs, kind: 'sale', money: { amount: '0.00', currency: 'EUR' }, card: card() }, why: 'zero amount' },
    { channel: 'payments:createMoto', input: { profileId: s.profiles.be2bill, kind: 'sale', money: { amount: '10.00', currency: 'USD' }, card: card() }, why: 'currency other than the Be2bill account’s' },
    { channel: 'payments:createMoto', input: { profileId: s.profiles.sayswitch, kind: 'auth', money: { amount: '10.00', currency: 'NGN' }, card: card() }, why: 'Sayswitch has no authorisation' },
    { channel: 'payments:createMoto', input: { profileId: s.profiles.sibs, kind: 'sale', money, card: card(), installments: [{ date: '2020-01-01', amount: '5.00' }, { date: '2020-02-01', amount: '5.00' }] }, why: 'instalments on a gateway without N-times, dated in the past' },
    { channel: 'payments:createMoto', input: { profileId: s.profiles.sayswitch, kind: 'sale', money: { amount: '10.00', currency: 'GHS' }, card: card(), customer: { email: 'ana@example.com' } }, why: 'a currency Sayswitch cards do not take' },
    { channel: 'payments:createMoto', input: { profileId: s.profiles.oppwa, kind: 'sale', money, card: { ...card(), number: '9000000000000008', cvv: '123' } }, why: 'a card of no brand OPPWA knows' },
    { channel: 'payments:createMoto', input: { profileId: s.profiles.be2bill, kind: 'auth', money, card: card(), installments: [{ date: `${year}-12-01`, amount: '5.00' }, { date: `${year + 1}-01-01`, amount: '5.00' }] }, why: 'instalments on an authorisation' },
    { channel: 'payments:createMoto', input: { profileId: s.profiles.be2bill, kind: 'sale', money, card: card(), installments: [{ date: `${year}-12-01`, amount: '5.00' }, { date: `${year}-12-01`, amount: '5.00' }] }, why: 'two instalments on one date' },
    { channel: 'payments:createMoto', input: { profileId: s.profiles.be2bill, kind: 'sale', money, card: card(), installments: [{ date: `${year}-12-01`, amount: '5.00' }, { date: `${year + 1}-01-01`, amount: '6.00' }] }, why: 'instalments that do not add up to the amount' },
    { channel: 'payments:refund', input: { paymentId: s.sale, amount: '40.01', expectedRefundable: '40.00', reason: 'Too much' }, why: 'refund above what was captured' },
    { channel: 'payments:refund', input: { paymentId: s.sale, amount: '5.00', expectedRefundable: '39.00', reason: 'Stale form' }, why: 'the form showed another refundable amount' },
    { channel: 'payments:refund', input: { paymentId: s.sale, amount: '0.00', expectedRefundable: '40.00', reason: 'Nothing' }, why: 'zero refund' },
    { channel: 'payments:refund', input: { paymentId: s.auth, amount: '5.00', expectedRefundable: '0.00', reason: 'Nothing captured' }, why: 'refund of an uncaptured authorisation' },
    { channel: 'payments:refund', input: { paymentId: s.multibanco, amount: '1.00', expectedRefundable: '0.00', reason: 'Not paid yet' }, why: 'refund of an unpaid reference' },
    { channel: 'payments:capture', input: { paymentId: s.auth, amount: '30.01', expectedCapturable: '30.00' }, why: 'capture above the authorisation' },
    { channel: 'payments:capture', input: { paymentId: s.auth, amount: '5.00', expectedCapturable: '29.00' }, why: 'the form showed another capturable amount' },
    { channel: 'payments:capture', input: { paymentId: s.sale, amount: '5.00', expectedCapturable: '0.00' }, why: 'capture of a sale' },
    { channel: 'payments:void', input: { paymentId: s.sale, expectedCapturable: '0.00' }, why: 'void of a captured sale' },
    { channel: 'payments:void', input: { paymentId: s.auth, expectedCapturable: '1.00' }, why: 'the form showed another capturable amount' },
    { channel: 'payments:rebill', input: { paymentId: s.sale, amount: '5.00', reason: 'No rebill at SIBS' }, why: 'rebill where the gateway has none' },
    { channel: 'payments:rebill', input: { paymentId: s.oppwaSale, amount: '0.00', reason: 'Zero rebill' }, why: 'zero rebill' },
    { channel: 'payments:chargeStored', input: { tokenId: s.tokenId, money: { amount: '0.00', currency: 'EUR' }, recurrence: 'unscheduled', reason: 'Zero charge' }, why: 'zero MIT' },
    { channel: 'payments:chargeStored', input: { tokenId: s.tokenId, money: { amount: '10.00', currency: 'XTS' }, recurrence: 'unscheduled', reason: 'Test currency' }, why: 'MIT in the ISO test currency' },
    { channel: 'mandates:charge', input: { mandateId: s.mandateId, money }, why: 'charge through a mandate the customer has not approved' },
    { channel: 'payments:stopSchedule', input: { paymentId: s.sale }, why: 'stop a schedule on a payment without one' },
    { channel: 'payments:continueAction', input: { paymentId: s.sale }, why: 'continue a payment that waits for nothing' },
    { channel: 'sandbox:act', input: { action: 'nothing.here', targetId: s.sale }, why: 'unknown customer action' },
    { channel: 'credentials:set', input: { profileId: s.profiles.sibs, field: 'noSuchField', value: 'v' }, why: 'credential the gateway does not have' },
    { channel: 'credentials:set', input: { profileId: s.profiles.sayswitch, field: 'secretKey', value: 'sk_live_abc' }, why: 'live key on a test profile' },
    { channel: 'profiles:update', input: { id: s.profiles.sibs, baseUrl: 'http://spg.example.com/api/v2' }, why: 'plain HTTP to a remote host' },
    { channel: 'profiles:update', input: { id: s.profiles.sibs, options: { terminalId: 'abc' } }, why: 'option of the wrong type' },
    { channel: 'profiles:create', input: { name: 'x', gatewayId: 'sibs-spg', environment: 'production', baseUrl: 'http://spg.example.com' }, why: 'production over plain HTTP' },
    { channel: 'profiles:create', input: { name: 'x', gatewayId: 'aci-oppwa', environment: 'test', baseUrl: 'https://x.example.com/', options: { noSuchOption: true } }, why: 'unknown option' },
    { channel: 'payments:requestMbway', input: { profileId: s.profiles.oppwa, money, phone: '351#912345678' }, why: 'MB WAY on a gateway without it' },
    { channel: 'payments:requestBankTransfer', input: { profileId: s.profiles.sibs, money, customer: { email: 'a@example.com' } }, why: 'bank transfer on a gateway without it' },
    { channel: 'mandates:create', input: { profileId: s.profiles.be2bill, phone: '351#912345678', customerName: 'Ana' }, why: 'mandate on a gateway without them' },
    { channel: 'ledger:save', input: { choice: { backend: 'sqlite' }, password: 'secret' }, why: 'a password for a ledger on this computer' },
    { channel: 'receiver:save', input: { publicBaseUrl: 'http://hooks.example.com' }, why: 'a public receiver address over plain HTTP' },
    { channel: 'receiver:save', input: { publicBaseUrl: 'https://hooks.example.com/notifications' }, why: 'a receiver base URL with a path' },
    { channel: 'recon:saveMapping', input: { mapping: { ...BANK_EXPORT_MAPPING, fixedCurrency: undefined } }, why: 'a mapping with neither a currency column nor a fixed currency' },
    { channel: 'recon:saveMapping', input: { mapping: { ...BANK_EXPORT_MAPPING, name: 'OPPWA transaction report' } }, why: 'a saved mapping under a name a gateway ships' },
    { channel: 'recon:preview', input: { contentBase64: Buffer.from(BANK_EXPORT_FILE).toString('base64'), format: { delimiter: '#' } }, why: 'a delimiter the reader does not know' },
  ];
}

/** A decimal string for `minor` cents ("40.01"), for amounts in EUR. */
function euros(minor: bigint): string {
  return `${minor / 100n}.${String(minor % 100n).padStart(2, '0')}`;
}

/**
 * Property-based refusals on the seeded payments (sale: 40.00 refundable; auth: 30.00
 * capturable): amounts beyond the balance, up to far past 64-bit minor units, and forms that do
 * not match what is there. The schema accepts every one; the core must refuse every one.
 */
export function beyondTheBalance(s: Seeded): fc.Arbitrary<{ channel: ChannelName; input: Record<string, unknown>; why: string }> {
  const above = (minor: bigint) => fc.oneof(fc.bigInt({ min: minor + 1n, max: minor + 10_000n }), fc.bigInt({ min: minor + 1n, max: 10n ** 22n - 1n })).map(euros);
  const notEqual = (minor: bigint) => fc.bigInt({ min: 0n, max: 10n ** 12n }).filter((value) => value !== minor).map(euros);
  const reason = fc.constantFrom('Customer asked', 'Goodwill', 'Duplicate charge');
  return fc.oneof(
    fc.tuple(above(4000n), reason).map(([amount, why]) => ({ channel: 'payments:refund' as const, input: { paymentId: s.sale, amount, expectedRefundable: '40.00', reason: why }, why: `refund of ${amount} on 40.00` })),
    fc.tuple(fc.bigInt({ min: 1n, max: 4000n }).map(euros), notEqual(4000n), reason).map(([amount, expected, why]) => ({ channel: 'payments:refund' as const, input: { paymentId: s.sale, amount, expectedRefundable: expected, reason: why }, why: `refund with the form showing ${expected} instead of 40.00` })),
    above(3000n).map((amount) => ({ channel: 'payments:capture' as const, input: { paymentId: s.auth, amount, expectedCapturable: '30.00' }, why: `capture of ${amount} on 30.00` })),
    fc.tuple(fc.bigInt({ min: 1n, max: 3000n }).map(euros), notEqual(3000n)).map(([amount, expected]) => ({ channel: 'payments:capture' as const, input: { paymentId: s.auth, amount, expectedCapturable: expected }, why: `capture with the form showing ${expected} instead of 30.00` })),
    notEqual(3000n).map((expected) => ({ channel: 'payments:void' as const, input: { paymentId: s.auth, expectedCapturable: expected }, why: `void with the form showing ${expected} instead of 30.00` })),
    fc.tuple(above(0n), fc.constantFrom(s.multibanco, s.auth)).map(([amount, paymentId]) => ({ channel: 'payments:refund' as const, input: { paymentId, amount, expectedRefundable: '0.00', reason: 'Nothing to refund' }, why: `refund of ${amount} where nothing was captured` })),
  );
}
