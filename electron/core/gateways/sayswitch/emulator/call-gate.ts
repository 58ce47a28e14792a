/**
 * The door every wire route goes through (fact sheet §1, §7): the Bearer secret key (test keys
 * only: the sandbox is the `test` domain), the JSON body, and on S2S endpoints the merchant's
 * payload encryption — `{"data": "<hex>"}` in and out when it is on, plaintext refused — plus the
 * field checks every initialize shares (amount, currency, e-mail, a reference not used before).
 */
import { isCurrencyCode } from '../../../../../shared/money/currencies.ts';
import { parseDecimal } from '../../../../../shared/money/money.ts';
import type { EmulatorRequest, EmulatorResponse } from '../../types.ts';
import type { SayswitchMerchantDirectory, SayswitchSandboxMerchant } from './merchants.ts';
import { envelopeCiphertextOf, merchantCipher, type MerchantCipher } from './payload-cipher.ts';
import { bearerSecretKeyOf, isJsonObject, jsonOf, textField } from './request-reading.ts';
import { plainError, type Call, type Checked } from './route-kit.ts';
import type { SayswitchEmulatorSettings } from './settings.ts';
import type { TransactionBook } from './transaction-book.ts';

const DECIMAL_AMOUNT = /^(0|[1-9]\d{0,11})(\.\d{1,2})?$/;
/**
 * A merchant's reference travels in URL paths (`…/transaction/verify/{reference}`, fact sheet §2,
 * §5). Sayswitch publishes no pattern; this server takes Paystack's documented one — "Only -, ., =
 * and alphanumeric characters allowed" — plus the `_` of Sayswitch's own `SSW_…`/`RF_…`, up to 64
 * (our assumption). Anything else is a 400 "Validation error".
 */
const REFERENCE = /^[A-Za-z0-9_.=-]{1,64}$/;

export function createCallGate(deps: { settings(): SayswitchEmulatorSettings; merchants: SayswitchMerchantDirectory; book: TransactionBook }) {
  const { settings, merchants, book } = deps;

  /** Null when the merchant's dashboard key or IV could not encrypt anything (§7). */
  function cipherOf(merchant: SayswitchSandboxMerchant): MerchantCipher | null {
    return merchantCipher(merchant.encryptionKey, merchant.encryptionIv);
  }

  function sealAnswer(cipher: MerchantCipher | null, status: number, body: unknown): EmulatorResponse {
    if (cipher === null) return { status, body };
    const plaintext = typeof body === 'string' ? body : JSON.stringify(body);
    return { status, headers: { 'content-type': 'application/json' }, body: { data: cipher.encrypt(plaintext) } };
  }

  function authenticate(request: EmulatorRequest): Checked<SayswitchSandboxMerchant> {
    const key = bearerSecretKeyOf(request.headers['authorization']);
    if (key?.startsWith('sk_live_')) return { ok: false, response: plainError(403, 'Live keys cannot be used on the test environment', 'Use your sk_test_ key with this sandbox') };
    const merchant = merchants.bySecretKey(key);
    if (merchant === null) return { ok: false, response: plainError(401, 'Unauthorized', 'Invalid or missing secret key') };
    return { ok: true, value: merchant };
  }

  /** An S2S call (§7): when encryption is on, `{"data": "<hex>"}` in, `{"data": "<hex>"}` out, plaintext refused. */
  function s2sCall(request: EmulatorRequest): Checked<Call> {
    const auth = authenticate(request);
    if (!auth.ok) return auth;
    const merchant = auth.value;
    const encrypted = settings().payloadEncryption;
    const cipher = encrypted ? cipherOf(merchant) : null;
    if (encrypted && cipher === null) return { ok: false, response: plainError(400, 'Payload encryption is enabled but its key is not usable', 'Generate a new key and IV in Settings → API Keys') };
    const answer = (status: number, body: unknown) => sealAnswer(cipher, status, body);
    if (request.method === 'GET') return { ok: true, value: { merchant, body: {}, answer } };
    const json = jsonOf(request.rawBody);
    if (!isJsonObject(json)) return { ok: false, response: answer(400, { status: false, message: 'The body must be a JSON object' }) };
    const ciphertext = envelopeCiphertextOf(json, settings().acceptBase64Ciphertext);
    if (cipher === null) {
      if (ciphertext !== null) return { ok: false, response: answer(400, { status: false, message: 'Payload encryption is not enabled for this merchant', error: 'Send the JSON payload as it is, or enable encryption in Settings → API Keys' }) };
      return { ok: true, value: { merchant, body: json, answer } };
    }
    // A client that could not encrypt its request could not read an encrypted refusal either.
    if (ciphertext === null) {
      return { ok: false, response: plainError(400, 'Payload encryption is enabled for this merchant', 'Send {"data": "<hex AES-256-CBC ciphertext>"}; plaintext payloads are refused') };
    }
    const plaintext = cipher.decrypt(ciphertext);
    if (plaintext === null) return { ok: false, response: plainError(400, 'Unable to decrypt payload', 'Check the encryption key and IV') };
    const inner = jsonOf(plaintext);
    if (!isJsonObject(inner)) return { ok: false, response: answer(400, { status: false, message: 'The decrypted payload is not a JSON object' }) };
    return { ok: true, value: { merchant, body: inner, answer } };
  }

  /** `/api/v1/…` calls: never encrypted (§7: S2S endpoints only). */
  function v1Call(request: EmulatorRequest): Checked<Call> {
    const auth = authenticate(request);
    if (!auth.ok) return auth;
    const merchant = auth.value;
    const answer = (status: number, body: unknown): EmulatorResponse => ({ status, body: body as Record<string, unknown> });
    if (request.method === 'GET') return { ok: true, value: { merchant, body: {}, answer } };
    const json = jsonOf(request.rawBody);
    if (!isJsonObject(json)) return { ok: false, response: plainError(400, 'The body must be a JSON object') };
    return { ok: true, value: { merchant, body: json, answer } };
  }

  /** The steps `_links` point to: S2S calls when link steps are encrypted, plain JSON otherwise (INFERRED default). */
  function linkStepCall(request: EmulatorRequest): Checked<Call> {
    return settings().encryptedLinkSteps ? s2sCall(request) : v1Call(request);
  }

  function declineAnswer(call: Call, message: string, extra: Record<string, unknown> = {}): EmulatorResponse {
    return call.answer(settings().declineHttpStatus, { status: false, message, error: message, ...extra });
  }

  function moneyOf(call: Call, allowed: readonly string[]): Checked<{ requestedMinor: bigint; currency: string }> {
    const amount = textField(call.body, 'amount');
    const currency = textField(call.body, 'currency');
    if (currency === null || !isCurrencyCode(currency) || !allowed.includes(currency)) {
      return { ok: false, response: call.answer(400, { status: false, message: 'Validation error', error: `currency must be one of ${allowed.join(', ')}` }) };
    }
    if (amount === null || !DECIMAL_AMOUNT.test(amount)) return { ok: false, response: call.answer(400, { status: false, message: 'Validation error', error: 'amount must be a decimal string such as "100.00"' }) };
    const requestedMinor = parseDecimal(amount, currency);
    if (requestedMinor <= 0n) return { ok: false, response: call.answer(400, { status: false, message: 'Validation error', error: 'amount must be greater than 0' }) };
    return { ok: true, value: { requestedMinor, currency } };
  }

  function newReference(call: Call, generated?: () => string): Checked<{ reference: string; email: string }> {
    const reference = textField(call.body, 'reference') || (generated?.() ?? null);
    const email = textField(call.body, 'email');
    if (email === null || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return { ok: false, response: call.answer(400, { status: false, message: 'Validation error', error: 'email is required' }) };
    if (reference === null || !REFERENCE.test(reference)) return { ok: false, response: call.answer(400, { status: false, message: 'Validation error', error: 'reference is required: letters, digits, - . = _ only' }) };
    if (book.byReference(call.merchant.publicKey, reference) !== null) return { ok: false, response: call.answer(409, { status: false, message: 'Duplicate transaction reference', error: `A transaction with reference ${reference} exists` }) };
    return { ok: true, value: { reference, email } };
  }

  return { authenticate, s2sCall, v1Call, linkStepCall, declineAnswer, moneyOf, newReference };
}
