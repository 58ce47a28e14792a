/**
 * The emulator's platform state, shared by both hosts: transactions (every operation is one, with
 * its own TRANSACTIONID), ALIASes and N-times schedules. No card number is kept: a transaction
 * holds the masked card, an ALIAS the EXECCODE its card gives (what the PAN decided).
 */
import { randomInt } from 'node:crypto';
import type { RefusedRequest } from '../../../sandbox/sandbox-book.ts';

export type EmulatedOperationType = 'payment' | 'authorization' | 'capture' | 'refund' | 'credit';

export interface MaskedCard {
  readonly code: string;
  readonly validity: string;
  readonly type: string;
  readonly fullName: string;
}

export interface ActionSession {
  readonly sessionId: string;
  readonly kind: '3ds' | 'redirect';
  readonly expiresAt: Date;
  /** What the card gives once the customer is through. */
  readonly decision: string;
}

export interface EmulatedTransaction {
  readonly id: string;
  readonly identifier: string;
  readonly operationType: EmulatedOperationType;
  readonly orderId: string;
  readonly description: string;
  readonly clientIdent: string;
  readonly clientEmail: string;
  readonly amountMinor: bigint;
  readonly createdAt: Date;
  readonly referenceId: string | null;
  readonly card: MaskedCard | null;
  readonly version: string;
  execCode: string;
  message: string;
  updatedAt: Date;
  /** An ALIAS to create once the transaction succeeds (CREATEALIAS=yes). */
  createAlias: boolean;
  alias: string | null;
  scheduleId: string | null;
  /** For an instalment: the date it was due. */
  instalmentDate: string | null;
  /** A refund on the day of the payment: nothing is collected (§4). */
  cancellation: boolean;
  /** Paid with an ALIAS in subscription or oneclick mode, without the card. */
  readonly merchantInitiated: boolean;
  session: ActionSession | null;
}

export interface EmulatedAlias {
  readonly alias: string;
  readonly identifier: string;
  readonly clientIdent: string;
  readonly card: MaskedCard;
  /** The EXECCODE later charges give (0000 unless the sandbox tools change it). */
  chargeOutcome: string;
}

export interface Instalment {
  readonly date: string;
  readonly amountMinor: bigint;
  transactionId: string | null;
  state: 'due' | 'charged' | 'declined' | 'stopped';
}

export interface EmulatedSchedule {
  readonly id: string;
  readonly identifier: string;
  readonly instalments: Instalment[];
  /** EXECCODEs the next instalments give, first first; 0000 once empty. */
  nextOutcomes: string[];
  stopped: boolean;
}

export interface TransactionBook {
  newId(): string;
  add(transaction: EmulatedTransaction): EmulatedTransaction;
  get(id: string): EmulatedTransaction | null;
  all(): readonly EmulatedTransaction[];
  children(id: string, type: EmulatedOperationType): EmulatedTransaction[];
  addAlias(alias: EmulatedAlias): void;
  alias(value: string): EmulatedAlias | null;
  addSchedule(schedule: EmulatedSchedule): void;
  schedule(id: string): EmulatedSchedule | null;
  schedules(): readonly EmulatedSchedule[];
  /** Keeps a capture or refund the platform refused: it received it, and the book says so. */
  refuse(refusal: RefusedRequest): void;
  refusals(): readonly RefusedRequest[];
}

export function createTransactionBook(): TransactionBook {
  const transactions = new Map<string, EmulatedTransaction>();
  const aliases = new Map<string, EmulatedAlias>();
  const schedules = new Map<string, EmulatedSchedule>();
  const refused: RefusedRequest[] = [];
  // Transaction ids look like `A` + digits (§5).
  let next = randomInt(100_000, 900_000);
  return {
    newId() {
      next += 1;
      return `A${next}`;
    },
    add(transaction) {
      transactions.set(transaction.id, transaction);
      return transaction;
    },
    get: (id) => transactions.get(id) ?? null,
    all: () => [...transactions.values()],
    children: (id, type) => [...transactions.values()].filter((candidate) => candidate.referenceId === id && candidate.operationType === type),
    addAlias(alias) {
      aliases.set(alias.alias, alias);
    },
    alias: (value) => aliases.get(value) ?? null,
    addSchedule(schedule) {
      schedules.set(schedule.id, schedule);
    },
    schedule: (id) => schedules.get(id) ?? null,
    schedules: () => [...schedules.values()],
    refuse(refusal) {
      refused.push(refusal);
    },
    refusals: () => [...refused],
  };
}
