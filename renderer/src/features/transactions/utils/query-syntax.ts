import { isGatewayIdFormat, type Environment, type GatewayId, type PaymentKind, type PaymentStatus } from '../../../../../shared/domain/schemas.ts';
import { en } from '../../../i18n/en.ts';
import { ptPT } from '../../../i18n/pt-PT.ts';
import { isCurrencyCode } from '../../../../../shared/money/currencies.ts';
import { ENVIRONMENT_LIST, isPaymentKind, PAYMENT_STATUS_LIST } from '../../../domain/vocabulary.ts';
import { methodLabelKey, PAYMENT_METHOD_CODES } from '../../../format/method-label.ts';
import { normaliseAmountInput } from '../../../format/amount-input.ts';
import { isCalendarDay } from '../../../../../shared/time/zoned-days.ts';
import { parseTypedDay } from '../../../format/day-entry.ts';

/**
 * The power-user query language of the search box:
 *   status:pending,authorized  amount>50  amount<=100  amount:12.30  currency:EUR
 *   gateway:sibs-spg  kind:auth  profile:<id>  last4:4242  from:2024-05-01  to:2024-05-31
 *   method:mbway  env:production
 * Statuses, methods and environments are also taken as their labels say them, in every language
 * of the console (status:authorised, method:multibanco_reference, method:transferência, env:produção).
 * Anything else (including "quoted phrases" and unknown key:value words such as merchant
 * references with colons) stays free text.
 */

export interface AmountBound {
  readonly value: string;
  /** `>`/`<` rather than `>=`/`<=`: the search contract only has inclusive bounds, see search-input.ts. */
  readonly exclusive: boolean;
}

export interface QueryFilters {
  statuses?: PaymentStatus[];
  gatewayId?: GatewayId;
  kind?: PaymentKind;
  currency?: string;
  profileId?: string;
  environment?: Environment;
  method?: string;
  amountMin?: AmountBound;
  amountMax?: AmountBound;
  /** Calendar days (YYYY-MM-DD) in the operator's time zone. */
  fromDate?: string;
  toDate?: string;
}

export type QueryProblemCode =
  | 'unknown_status'
  | 'unknown_method'
  | 'unknown_environment'
  | 'unknown_gateway'
  | 'unknown_kind'
  | 'unknown_currency'
  | 'bad_amount'
  | 'bad_date'
  | 'bad_last4'
  | 'bad_profile'
  | 'exclusive_without_currency';

export interface QueryProblem {
  readonly code: QueryProblemCode;
  readonly token: string;
}

export interface ParsedQuery {
  readonly filters: QueryFilters;
  /** What is left for the ledger's free-text search, words joined by single spaces. */
  readonly text: string;
  readonly problems: QueryProblem[];
}

const KEYED = /^([a-z][a-z0-9]*)(>=|<=|:|=|>|<)(.*)$/i;
const PROFILE_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

export interface QueryToken {
  readonly text: string;
  /** A "quoted phrase" is always free text, even when it looks like key:value. */
  readonly quoted: boolean;
}

/** Splits on whitespace, keeping "double-quoted phrases" (quotes removed) as one token. */
export function tokenize(input: string): QueryToken[] {
  const tokens: QueryToken[] = [];
  for (const match of input.matchAll(/"([^"]*)"?|(\S+)/g)) {
    const quoted = match[1] !== undefined;
    const text = (match[1] ?? match[2] ?? '').trim();
    if (text !== '') tokens.push({ text, quoted });
  }
  return tokens;
}

export { isCalendarDay };

/**
 * `knownGatewayIds`: the gateways this console has (from the gateway list); a `gateway:` value
 * outside it is reported. Before the list has loaded, only the id's form is checked.
 * `dayLocale`: `from:` and `to:` also take days typed in this locale's order (as the date fields
 * do, format/day-entry.ts); without it only YYYY-MM-DD.
 */
export function parseQuery(input: string, knownGatewayIds: readonly string[] = [], dayLocale?: string): ParsedQuery {
  const context: KeyedContext = {
    isKnownGateway: (id) => isGatewayIdFormat(id) && (knownGatewayIds.length === 0 || knownGatewayIds.includes(id)),
    readDay: (value) => (dayLocale === undefined ? (isCalendarDay(value) ? value : null) : parseTypedDay(value, dayLocale)),
  };
  const filters: QueryFilters = {};
  const words: string[] = [];
  const problems: QueryProblem[] = [];
  for (const { text: token, quoted } of tokenize(input)) {
    const keyed = quoted ? null : KEYED.exec(token);
    if (!keyed) {
      words.push(token);
      continue;
    }
    const key = (keyed[1] ?? '').toLowerCase();
    const operator = keyed[2] ?? ':';
    const value = keyed[3] ?? '';
    const equality = operator === ':' || operator === '=';
    if (!applyKeyed(key, operator, equality, value, token, filters, words, problems, context)) words.push(token);
  }
  return { filters, text: words.join(' '), problems };
}

/** A word as typed or as a label says it: no accents, any case, spaces and hyphens as underscores. */
function plainWord(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '');
}

/** The same word without its separators, so "mbway" finds "MB WAY" and "banktransfer" "Bank transfer". */
function squeezed(word: string): string {
  return word.replaceAll('_', '');
}

interface Vocabulary<Code extends string> {
  /** Every whole way of writing each code. */
  readonly exact: ReadonlyMap<string, Code>;
  /** Each label's words too, for a word typed in part ("transfer", "transferência"). */
  readonly forms: ReadonlyArray<readonly [string, Code]>;
}

/** A typed word shorter than this is never taken as the start of a label: "mb" could be two methods. */
const MIN_PREFIX = 3;

/**
 * Codes of one vocabulary by every way people write them: the code, and each label in every
 * language the console speaks, with and without separators and without a bracketed aside
 * ("Card (MOTO)" is "card" too).
 */
function vocabularyIndex<Code extends string>(codes: readonly Code[], keyOf: (code: Code) => string | undefined): Vocabulary<Code> {
  const exact = new Map<string, Code>();
  const forms: Array<readonly [string, Code]> = [];
  const add = (word: string, code: Code) => {
    if (word === '') return;
    for (const form of [word, squeezed(word)]) if (!exact.has(form)) exact.set(form, code);
    forms.push([squeezed(word), code]);
    for (const part of word.split('_')) forms.push([part, code]);
  };
  for (const code of codes) {
    add(plainWord(code), code);
    const key = keyOf(code);
    if (key === undefined) continue;
    for (const messages of [en, ptPT] as ReadonlyArray<Readonly<Record<string, string>>>) {
      const label = messages[key];
      if (label === undefined) continue;
      add(plainWord(label), code);
      add(plainWord(label.replace(/\([^)]*\)/g, '')), code);
    }
  }
  return { exact, forms };
}

/** The code a word names: written whole, or the start of a label or of one of its words when that names one code only. */
function lookUp<Code extends string>(vocabulary: Vocabulary<Code>, raw: string): Code | null {
  const word = plainWord(raw);
  const whole = vocabulary.exact.get(word) ?? vocabulary.exact.get(squeezed(word));
  if (whole !== undefined) return whole;
  if (squeezed(word).length < MIN_PREFIX) return null;
  const candidates = new Set(vocabulary.forms.filter(([form]) => form.startsWith(squeezed(word))).map(([, code]) => code));
  return candidates.size === 1 ? ([...candidates][0] ?? null) : null;
}

const STATUSES = vocabularyIndex(PAYMENT_STATUS_LIST, (status) => `status.${status}`);
const METHODS = vocabularyIndex(PAYMENT_METHOD_CODES, methodLabelKey);
const ENVIRONMENTS = vocabularyIndex(ENVIRONMENT_LIST, (environment) => `environment.${environment}`);

/** Returns false when the word is not one of ours, so it stays free text. */
/** What reading a keyed token depends on beyond the token. */
interface KeyedContext {
  readonly isKnownGateway: (id: string) => boolean;
  /** A `from:`/`to:` value → YYYY-MM-DD, or null when it is not a day. */
  readonly readDay: (value: string) => string | null;
}

function applyKeyed(
  key: string,
  operator: string,
  equality: boolean,
  value: string,
  token: string,
  filters: QueryFilters,
  words: string[],
  problems: QueryProblem[],
  context: KeyedContext,
): boolean {
  const { isKnownGateway, readDay } = context;
  switch (key) {
    case 'status': {
      if (!equality) return false;
      for (const raw of value.split(',')) {
        const status = lookUp(STATUSES, raw);
        if (raw.trim() === '') continue;
        if (status === null) {
          problems.push({ code: 'unknown_status', token: raw });
          continue;
        }
        const statuses = filters.statuses ?? [];
        if (!statuses.includes(status)) statuses.push(status);
        filters.statuses = statuses;
      }
      return true;
    }
    case 'method': {
      if (!equality) return false;
      const method = lookUp(METHODS, value);
      if (method !== null) filters.method = method;
      else problems.push({ code: 'unknown_method', token });
      return true;
    }
    case 'env':
    case 'environment': {
      if (!equality) return false;
      const environment = lookUp(ENVIRONMENTS, value);
      if (environment !== null) filters.environment = environment;
      else problems.push({ code: 'unknown_environment', token });
      return true;
    }
    case 'gateway': {
      if (!equality) return false;
      const gatewayId = value.toLowerCase();
      if (isKnownGateway(gatewayId)) filters.gatewayId = gatewayId;
      else problems.push({ code: 'unknown_gateway', token });
      return true;
    }
    case 'kind':
    case 'type': {
      if (!equality) return false;
      const kind = value.toLowerCase();
      if (isPaymentKind(kind)) filters.kind = kind;
      else problems.push({ code: 'unknown_kind', token });
      return true;
    }
    case 'currency': {
      if (!equality) return false;
      const code = value.toUpperCase();
      if (/^[A-Z]{3}$/.test(code) && isCurrencyCode(code)) filters.currency = code;
      else problems.push({ code: 'unknown_currency', token });
      return true;
    }
    case 'profile': {
      if (!equality) return false;
      if (PROFILE_ID.test(value)) filters.profileId = value;
      else problems.push({ code: 'bad_profile', token });
      return true;
    }
    case 'amount': {
      const amount = normaliseAmountInput(value);
      if (amount === null) {
        problems.push({ code: 'bad_amount', token });
        return true;
      }
      if (equality) {
        filters.amountMin = { value: amount, exclusive: false };
        filters.amountMax = { value: amount, exclusive: false };
      } else if (operator.startsWith('>')) {
        filters.amountMin = { value: amount, exclusive: operator === '>' };
      } else {
        filters.amountMax = { value: amount, exclusive: operator === '<' };
      }
      return true;
    }
    case 'last4': {
      if (!equality) return false;
      // The ledger's free text already covers the card's last four digits.
      if (/^\d{4}$/.test(value)) words.push(value);
      else problems.push({ code: 'bad_last4', token });
      return true;
    }
    case 'from':
    case 'to': {
      if (!equality) return false;
      const day = readDay(value);
      if (day === null) {
        problems.push({ code: 'bad_date', token });
        return true;
      }
      if (key === 'from') filters.fromDate = day;
      else filters.toDate = day;
      return true;
    }
    default:
      return false;
  }
}
