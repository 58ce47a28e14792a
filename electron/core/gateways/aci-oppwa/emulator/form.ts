/**
 * Reading an OPPWA form body the way the platform validates it: flat dotted keys, every problem
 * collected as a parameterError (`{name, value, message}`), answered together as 200.300.404.
 * Card numbers and CVVs are never echoed in `value`.
 */
import { isCurrencyCode } from '../../../../../shared/money/currencies.ts';
import { fromMajor } from '../../../../../shared/money/money.ts';
import { AMOUNT_PATTERN, type ParameterError } from './wire-format.ts';

const SECRET_FIELDS: ReadonlySet<string> = new Set(['card.number', 'card.cvv']);

export class FormReader {
  readonly errors: ParameterError[] = [];
  readonly #form: URLSearchParams;

  constructor(rawBody: string) {
    this.#form = new URLSearchParams(rawBody);
  }

  has(name: string): boolean {
    return this.#form.has(name);
  }

  optional(name: string): string | null {
    return this.#form.get(name);
  }

  fail(name: string, message: string): void {
    const value = this.#form.get(name);
    this.errors.push({ name, ...(value === null || SECRET_FIELDS.has(name) ? {} : { value }), message });
  }

  required(name: string): string | null {
    const value = this.#form.get(name);
    if (value === null || value === '') {
      this.errors.push({ name, message: 'is required' });
      return null;
    }
    return value;
  }

  matching(name: string, pattern: RegExp, message: string, required: boolean): string | null {
    const value = required ? this.required(name) : this.optional(name);
    if (value === null) return null;
    if (!pattern.test(value)) {
      this.fail(name, message);
      return null;
    }
    return value;
  }

  oneOf(name: string, allowed: readonly string[], required: boolean): string | null {
    return this.matching(name, new RegExp(`^(${allowed.map((value) => value.replace(/\./g, '\\.')).join('|')})$`), `must be one of [${allowed.join(', ')}]`, required);
  }

  /** amount + currency; the amount checked against the gateway's regex and the currency's decimals. */
  money(): { amountMinor: bigint; currency: string } | null {
    const amount = this.matching('amount', AMOUNT_PATTERN, 'must match ^[0-9]{1,12}(\\.[0-9]{2})?$', true);
    const currency = this.matching('currency', /^[A-Z]{3}$/, 'must match ^[A-Z]{3}$', true);
    if (amount === null || currency === null) return null;
    if (!isCurrencyCode(currency)) {
      this.fail('currency', 'is not an ISO 4217 currency');
      return null;
    }
    try {
      const amountMinor = fromMajor(amount, currency);
      if (amountMinor <= 0n) {
        this.fail('amount', 'must be greater than 0.00');
        return null;
      }
      return { amountMinor, currency };
    } catch {
      this.fail('amount', `has more decimals than ${currency} allows`);
      return null;
    }
  }

  /** `customParameters[NAME]=value` pairs. */
  customParameters(): Record<string, string> {
    const found: Record<string, string> = {};
    for (const [key, value] of this.#form) {
      const match = /^customParameters\[([A-Za-z0-9_.-]{1,64})\]$/.exec(key);
      if (match?.[1] !== undefined) found[match[1]] = value;
    }
    return found;
  }

  /** `standingInstruction.*` fields as one map (null when none is sent). */
  standingInstruction(): Record<string, string> | null {
    const mode = this.oneOf('standingInstruction.mode', ['INITIAL', 'REPEATED'], false);
    const type = this.oneOf('standingInstruction.type', ['UNSCHEDULED', 'RECURRING', 'INSTALLMENT'], false);
    const source = this.oneOf('standingInstruction.source', ['CIT', 'MIT'], false);
    const initialTransactionId = this.matching('standingInstruction.initialTransactionId', /^[0-9a-f]{32}$/, 'must be a transaction id (32 hex)', false);
    const found: Record<string, string> = {};
    if (mode !== null) found['mode'] = mode;
    if (type !== null) found['type'] = type;
    if (source !== null) found['source'] = source;
    if (initialTransactionId !== null) found['initialTransactionId'] = initialTransactionId;
    if (found['source'] === 'MIT' && initialTransactionId === null && !this.errors.some((error) => error.name === 'standingInstruction.initialTransactionId')) {
      this.errors.push({ name: 'standingInstruction.initialTransactionId', message: 'is required for a merchant-initiated transaction' });
    }
    return Object.keys(found).length === 0 ? null : found;
  }
}
