/**
 * Readings of Be2bill answers shared by the verbs and the notification parser: the action a
 * `3DSECUREHTML`/`REDIRECTHTML` page asks for (§5, §7), card brands, masked card fields.
 */
import { detectBrand } from '../../../../shared/card/card-rules.ts';
import type { CardBrand } from '../../../../shared/domain/schemas.ts';
import type { PendingAction } from '../types.ts';

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** The attributes of one start tag's text (`<form method="post" action=…>`), names lower-cased. */
export function attributesOf(tag: string): Record<string, string> {
  const attributes: Record<string, string> = Object.create(null) as Record<string, string>;
  const inner = tag.replace(/^<\s*[a-z0-9]+/i, '').replace(/\/?>$/, '');
  for (const match of inner.matchAll(/([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)) {
    const name = (match[1] ?? '').toLowerCase();
    if (name === '' || name in attributes) continue;
    attributes[name] = decodeHtmlEntities(match[2] ?? match[3] ?? match[4] ?? '');
  }
  return attributes;
}

export interface HtmlForm {
  readonly action: string | null;
  readonly method: string;
  readonly inputs: ReadonlyArray<{ name: string; value: string }>;
}

/** The first form of a page, with its named inputs: what the browser would submit. */
export function firstFormOf(html: string): HtmlForm | null {
  const open = /<form\b[^>]*>/i.exec(html);
  if (open === null) return null;
  const rest = html.slice(open.index + open[0].length);
  const close = /<\/form\s*>/i.exec(rest);
  const body = close === null ? rest : rest.slice(0, close.index);
  const form = attributesOf(open[0]);
  const inputs: Array<{ name: string; value: string }> = [];
  for (const tag of body.match(/<input\b[^>]*>/gi) ?? []) {
    const input = attributesOf(tag);
    const name = input['name'];
    const type = (input['type'] ?? 'text').toLowerCase();
    if (name === undefined || name === '' || type === 'submit' || type === 'button' || type === 'image' || type === 'reset') continue;
    inputs.push({ name, value: input['value'] ?? '' });
  }
  return { action: form['action'] ?? null, method: (form['method'] ?? 'GET').toUpperCase(), inputs };
}

export function decodeBase64Html(encoded: string): string | null {
  const compact = encoded.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return null;
  return Buffer.from(compact, 'base64').toString('utf8');
}

/**
 * EXECCODE 0001 carries `3DSECUREHTML`, 0002 `REDIRECTHTML`: base64 HTML for the customer's
 * browser (§5). Its form says where the browser goes and with what; a page without a form is still
 * an action, with no URL the console can show.
 */
export function pendingActionOfHtml(encoded: string | undefined, type: 'THREEDS_HTML' | 'REDIRECT'): PendingAction {
  const message =
    type === 'THREEDS_HTML'
      ? 'The cardholder must complete 3-D Secure in a browser; Be2bill sends the result by notification'
      : 'The customer must finish the payment at the page Be2bill redirects to; the result comes by notification';
  const html = encoded === undefined ? null : decodeBase64Html(encoded);
  const form = html === null ? null : firstFormOf(html);
  if (form === null) return { id: null, type, url: null, method: null, parameters: [], message };
  return { id: null, type, url: form.action, method: form.method, parameters: form.inputs, message };
}

/** `CARDTYPE` values seen in clients (INFERRED list); anything else falls back to the digits. */
const CARD_TYPES: Readonly<Record<string, CardBrand>> = {
  VISA: 'visa',
  MASTERCARD: 'mastercard',
  MASTER: 'mastercard',
  AMEX: 'amex',
  'AMERICAN EXPRESS': 'amex',
  MAESTRO: 'maestro',
  DINERS: 'diners',
  JCB: 'jcb',
  DISCOVER: 'discover',
};

export function cardBrandOf(cardType: string | undefined, maskedCode: string | undefined): CardBrand {
  const fromType = cardType === undefined ? undefined : CARD_TYPES[cardType.trim().toUpperCase()];
  if (fromType !== undefined) return fromType;
  const digits = /^\d{6}/.exec(maskedCode ?? '')?.[0];
  return digits === undefined ? 'unknown' : detectBrand(digits);
}

/** `XXXXXXXXXXXX1234` (§5): the last four digits, and the first six when they are shown. */
export function maskedCardParts(maskedCode: string | undefined): { bin: string; last4: string } | null {
  const code = maskedCode?.trim() ?? '';
  const last4 = /(\d{4})$/.exec(code)?.[1];
  if (last4 === undefined || code.length < 12) return null;
  return { bin: /^(\d{6})/.exec(code)?.[1] ?? '', last4 };
}
