/**
 * The emulator's ledger (fact sheet §11): every transaction OPPWA would keep, each with its own
 * id, and the registrations. Balances are derived from it the way §3's rules read: a PA is open
 * until its one capture or a reversal; the refundable amount of a DB/CP/RB is its amount minus
 * successful refunds; a chargeback closes it to refunds and reversals until it is reversed.
 */
import { randomBytes, randomInt } from 'node:crypto';

export type TransactionState = 'success' | 'pending' | 'rejected';

export interface EmulatedCard {
  readonly bin: string;
  readonly last4Digits: string;
  readonly holder: string | null;
  readonly expiryMonth: string;
  readonly expiryYear: string;
}

export interface ThreeDSSession {
  readonly sessionId: string;
  readonly shopperResultUrl: string;
  readonly expiresAt: Date;
  readonly paReq: string;
}

export interface EmulatedTransaction {
  readonly id: string;
  readonly entityId: string;
  readonly paymentType: string;
  readonly referencedId: string | null;
  readonly amountMinor: bigint | null;
  readonly currency: string | null;
  code: string;
  description: string;
  readonly merchantTransactionId: string | null;
  registrationId: string | null;
  readonly paymentBrand: string | null;
  readonly card: EmulatedCard | null;
  readonly customParameters: Readonly<Record<string, string>>;
  readonly standingInstruction: Readonly<Record<string, string>> | null;
  readonly testMode: string | null;
  readonly shortId: string;
  readonly createdAt: Date;
  updatedAt: Date;
  threeDS: ThreeDSSession | null;
}

export interface EmulatedRegistration {
  readonly id: string;
  readonly entityId: string;
  readonly paymentBrand: string;
  readonly card: EmulatedCard;
  status: 'pending' | 'active' | 'deleted';
  /** The payment that created it with createRegistration=true, if any. */
  readonly initialTransactionId: string | null;
  readonly createdAt: Date;
  updatedAt: Date;
}

/**
 * Fact sheet §7's groups, current generation, in its order; only the ones that are not a
 * rejection matter here (success, success_review and chargeback bookings stand; pending and
 * pending_long are open). No earlier group overlaps these, so every other code is a rejection.
 */
const STANDING_OR_OPEN: ReadonlyArray<readonly [RegExp, TransactionState]> = [
  [/^(000\.000\.|000\.100\.1|000\.[36]|000\.400\.[1][12]0)/, 'success'],
  [/^(000\.400\.0[^3]|000\.400\.100)/, 'success'],
  [/^(000\.200)/, 'pending'],
  [/^(800\.400\.5|100\.400\.500)/, 'pending'],
  [/^(000\.100\.2)/, 'success'],
];

export function stateOfCode(code: string): TransactionState {
  if (!/^\d{3}\.\d{3}\.\d{3}$/.test(code)) return 'rejected';
  return STANDING_OR_OPEN.find(([pattern]) => pattern.test(code))?.[1] ?? 'rejected';
}

export function stateOf(transaction: Pick<EmulatedTransaction, 'code'>): TransactionState {
  return stateOfCode(transaction.code);
}

export function newOppwaId(): string {
  return randomBytes(16).toString('hex');
}

/** `dddd.dddd.dddd` (§9). */
function newShortId(): string {
  return [0, 1, 2].map(() => String(randomInt(0, 10_000)).padStart(4, '0')).join('.');
}

export type NewTransaction = Omit<EmulatedTransaction, 'id' | 'shortId' | 'updatedAt' | 'threeDS' | 'registrationId'> & {
  readonly registrationId?: string | null;
  readonly threeDS?: ThreeDSSession | null;
};

export interface TransactionBook {
  add(transaction: NewTransaction): EmulatedTransaction;
  get(id: string): EmulatedTransaction | null;
  all(): readonly EmulatedTransaction[];
  byMerchantTransactionId(entityId: string, merchantTransactionId: string): EmulatedTransaction[];
  /** Successful transactions of these types referencing `id`. */
  successfulChildren(id: string, types: readonly string[]): EmulatedTransaction[];
  /** Every transaction whose chain of referencedIds leads to `id`. */
  linked(id: string): EmulatedTransaction[];
  refundableMinor(transaction: EmulatedTransaction): bigint;
  /** A successful CB on it that no successful CR reverses. */
  chargebacked(transaction: EmulatedTransaction): boolean;
  addRegistration(registration: Omit<EmulatedRegistration, 'id' | 'updatedAt'>): EmulatedRegistration;
  registration(id: string): EmulatedRegistration | null;
}

export function createTransactionBook(): TransactionBook {
  const transactions = new Map<string, EmulatedTransaction>();
  const registrations = new Map<string, EmulatedRegistration>();

  function successfulChildren(id: string, types: readonly string[]): EmulatedTransaction[] {
    return [...transactions.values()].filter((candidate) => candidate.referencedId === id && types.includes(candidate.paymentType) && stateOf(candidate) === 'success');
  }

  return {
    add(input) {
      const transaction: EmulatedTransaction = {
        ...input,
        id: newOppwaId(),
        shortId: newShortId(),
        updatedAt: input.createdAt,
        registrationId: input.registrationId ?? null,
        threeDS: input.threeDS ?? null,
      };
      transactions.set(transaction.id, transaction);
      return transaction;
    },
    get: (id) => transactions.get(id) ?? null,
    all: () => [...transactions.values()],
    byMerchantTransactionId: (entityId, merchantTransactionId) =>
      [...transactions.values()].filter((candidate) => candidate.entityId === entityId && candidate.merchantTransactionId === merchantTransactionId),
    successfulChildren,
    linked(id) {
      const found: EmulatedTransaction[] = [];
      const frontier = [id];
      while (frontier.length > 0) {
        const parent = frontier.shift() ?? '';
        for (const candidate of transactions.values()) {
          if (candidate.referencedId === parent && !found.includes(candidate)) {
            found.push(candidate);
            frontier.push(candidate.id);
          }
        }
      }
      return found;
    },
    refundableMinor(transaction) {
      const refunded = successfulChildren(transaction.id, ['RF']).reduce((sum, refund) => sum + (refund.amountMinor ?? 0n), 0n);
      return (transaction.amountMinor ?? 0n) - refunded;
    },
    chargebacked(transaction) {
      return successfulChildren(transaction.id, ['CB']).some((chargeback) => successfulChildren(chargeback.id, ['CR']).length === 0);
    },
    addRegistration(input) {
      const registration: EmulatedRegistration = { ...input, id: newOppwaId(), updatedAt: input.createdAt };
      registrations.set(registration.id, registration);
      return registration;
    },
    registration: (id) => registrations.get(id) ?? null,
  };
}
