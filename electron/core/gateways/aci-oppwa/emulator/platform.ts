/**
 * What every OPPWA flow of the emulator shares: the transaction book, the merchants, the webhooks,
 * the answer of a transaction, 3-D Secure sessions timing out, and authentication (§1: Bearer
 * token and entityId; POST parameters never in the URL).
 */
import type { EmulatorEnvironment, EmulatorRequest, EmulatorResponse } from '../../types.ts';
import { answer, parameterErrorAnswer, registrationView, transactionView, unauthorized } from './answers.ts';
import { describeCode } from './code-catalogue.ts';
import { FormReader } from './form.ts';
import type { OppwaMerchantDirectory, OppwaSandboxMerchant } from './merchants.ts';
import type { OppwaNotifier } from './notifications.ts';
import type { OppwaEmulatorSettings } from './settings.ts';
import { stateOf, stateOfCode, type EmulatedCard, type EmulatedRegistration, type EmulatedTransaction, type TransactionBook } from './transaction-book.ts';
import { bearerTokenOf } from './wire-format.ts';

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly response: EmulatorResponse };

export interface OppwaPlatform {
  readonly book: TransactionBook;
  readonly merchants: OppwaMerchantDirectory;
  settings(): OppwaEmulatorSettings;
  now(): Date;
  successCode(testMode: string | null): string;
  httpStatusOf(code: string): number;
  view(transaction: EmulatedTransaction): Record<string, unknown>;
  transactionAnswer(transaction: EmulatedTransaction): EmulatorResponse;
  notifyPayment(transaction: EmulatedTransaction, action: 'CREATED' | 'UPDATED'): void;
  notifyRegistration(registration: EmulatedRegistration, action: 'CREATED' | 'DELETED'): void;
  finish(transaction: EmulatedTransaction, code: string, at: Date): void;
  touch(transaction: EmulatedTransaction): void;
  sweep(): void;
  authenticate(request: EmulatorRequest, entityId: string | null): Checked<OppwaSandboxMerchant>;
  postForm(request: EmulatorRequest): Checked<{ form: FormReader; merchant: OppwaSandboxMerchant }>;
  cardOf(form: FormReader): { number: string; card: EmulatedCard; cvv: string | null } | null;
}

export interface OppwaPlatformParts {
  readonly environment: EmulatorEnvironment;
  readonly settings: () => OppwaEmulatorSettings;
  readonly book: TransactionBook;
  readonly merchants: OppwaMerchantDirectory;
  readonly notifier: OppwaNotifier;
}

export function createOppwaPlatform({ environment, settings, book, merchants, notifier }: OppwaPlatformParts): OppwaPlatform {
  const now = () => environment.clock.now();

  function successCode(testMode: string | null): string {
    // INTERNAL (OPP's simulator) is the default when testMode is absent (§2).
    return testMode === 'EXTERNAL' ? '000.100.112' : '000.100.110';
  }

  function httpStatusOf(code: string): number {
    return stateOfCode(code) === 'rejected' ? settings().rejectionHttpStatus : 200;
  }

  function view(transaction: EmulatedTransaction): Record<string, unknown> {
    const session = transaction.threeDS;
    return transactionView(transaction, session === null ? null : { acsUrl: `${environment.baseUrl()}/acs/${session.sessionId}` });
  }

  function transactionAnswer(transaction: EmulatedTransaction): EmulatorResponse {
    return answer(httpStatusOf(transaction.code), view(transaction));
  }

  function notifyPayment(transaction: EmulatedTransaction, action: 'CREATED' | 'UPDATED'): void {
    notifier.send(transaction.entityId, 'PAYMENT', action, { ...view(transaction), authentication: { entityId: transaction.entityId } }, `${transaction.paymentType} ${transaction.id} ${transaction.code}`);
  }

  function notifyRegistration(registration: EmulatedRegistration, action: 'CREATED' | 'DELETED'): void {
    notifier.send(registration.entityId, 'REGISTRATION', action, registrationView(registration, '000.000.000', registration.updatedAt), `registration ${registration.id} ${action}`);
  }

  function settleRegistrationOf(transaction: EmulatedTransaction, at: Date): void {
    if (transaction.registrationId === null) return;
    const registration = book.registration(transaction.registrationId);
    if (registration === null || registration.status !== 'pending') return;
    registration.status = stateOf(transaction) === 'success' ? 'active' : 'deleted';
    registration.updatedAt = at;
    if (registration.status === 'active') notifyRegistration(registration, 'CREATED');
  }

  function finish(transaction: EmulatedTransaction, code: string, at: Date): void {
    transaction.code = code;
    transaction.description = describeCode(code);
    transaction.updatedAt = at;
    settleRegistrationOf(transaction, at);
    notifyPayment(transaction, 'UPDATED');
  }

  /** An open 000.200 session ends after `threeDSSessionTimeoutMs` with 100.396.103. */
  function touch(transaction: EmulatedTransaction): void {
    const session = transaction.threeDS;
    if (session === null || stateOf(transaction) !== 'pending') return;
    const at = now();
    if (at.getTime() >= session.expiresAt.getTime()) finish(transaction, '100.396.103', at);
  }

  function sweep(): void {
    for (const transaction of book.all()) touch(transaction);
  }

  function authenticate(request: EmulatorRequest, entityId: string | null): Checked<OppwaSandboxMerchant> {
    const at = now();
    const merchant = merchants.byToken(bearerTokenOf(request.headers['authorization']));
    if (merchant === null) return { ok: false, response: unauthorized(401, 'invalid or missing access token', at) };
    if (entityId === null || entityId === '') return { ok: false, response: parameterErrorAnswer(null, [{ name: 'entityId', message: 'is required' }], at) };
    if (entityId !== merchant.entityId) return { ok: false, response: unauthorized(settings().wrongEntityHttpStatus, 'the access token may not use this entityId', at) };
    return { ok: true, value: merchant };
  }

  /** "POST parameters must never go in the URL" (§1). */
  function parametersInUrl(request: EmulatorRequest): EmulatorResponse | null {
    const names = [...request.query.keys()];
    if (names.length === 0) return null;
    return parameterErrorAnswer(null, names.map((name) => ({ name, message: 'must be sent in the body of a POST, not in the URL' })), now());
  }

  function postForm(request: EmulatorRequest): Checked<{ form: FormReader; merchant: OppwaSandboxMerchant }> {
    const inUrl = parametersInUrl(request);
    if (inUrl !== null) return { ok: false, response: inUrl };
    const form = new FormReader(request.rawBody);
    const auth = authenticate(request, form.optional('entityId'));
    return auth.ok ? { ok: true, value: { form, merchant: auth.value } } : auth;
  }

  function cardOf(form: FormReader): { number: string; card: EmulatedCard; cvv: string | null } | null {
    const number = form.matching('card.number', /^\d{12,19}$/, 'must match ^[0-9]{12,19}$', true);
    const holder = form.matching('card.holder', /^[\s\S]{1,128}$/, 'must be 1 to 128 characters', false);
    const month = form.matching('card.expiryMonth', /^(0[1-9]|1[0-2])$/, 'must match ^(0[1-9]|1[0-2])$', true);
    const year = form.matching('card.expiryYear', /^\d{4}$/, 'must match ^[0-9]{4}$', true);
    const cvv = form.matching('card.cvv', /^\d{3,4}$/, 'must match ^[0-9]{3,4}$', false);
    if (number === null || month === null || year === null) return null;
    return { number, cvv, card: { bin: number.slice(0, 6), last4Digits: number.slice(-4), holder, expiryMonth: month, expiryYear: year } };
  }

  return { book, merchants, settings, now, successCode, httpStatusOf, view, transactionAnswer, notifyPayment, notifyRegistration, finish, touch, sweep, authenticate, postForm, cardOf };
}
