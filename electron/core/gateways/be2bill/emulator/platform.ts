/**
 * The emulated platform both hosts share: its settings, accounts, transaction book, money rules,
 * answers and notifications, and the steps every flow takes on a transaction (book it, end its
 * customer session, create its ALIAS, notify it). The flows (`*-routes.ts`) get this object.
 */
import { randomBytes } from 'node:crypto';
import type { EmulatorEnvironment } from '../../types.ts';
import { createAnswers, type Answers, type Reply } from './answers.ts';
import { createTransactionBook, type EmulatedTransaction, type TransactionBook } from './book.ts';
import { createBe2billAccountDirectory, type Be2billAccountDirectory, type Be2billSandboxAccount } from './merchants.ts';
import { createMoneyRules, type MoneyRules } from './money-rules.ts';
import { createBe2billNotifier, type Be2billNotifier } from './notifications.ts';
import type { PlatformParams } from './platform-form.ts';
import { platformMessage } from './platform-messages.ts';
import { DEFAULT_BE2BILL_EMULATOR_SETTINGS, type Be2billEmulatorSettings } from './settings.ts';
import { notificationParams } from './transaction-rows.ts';

/** A request that passed the checks every method shares (§11): a known account, a good HASH. */
export interface RequestContext {
  readonly account: Be2billSandboxAccount;
  readonly method: string;
  readonly params: PlatformParams;
  readonly version: string;
}

/** What one `method` does once its request is checked. */
export type MethodHandler = (context: RequestContext) => Reply;

/** What a flow gives to book a transaction; the platform numbers, dates and words it. */
export type NewTransaction = Pick<
  EmulatedTransaction,
  'identifier' | 'operationType' | 'orderId' | 'description' | 'clientIdent' | 'clientEmail' | 'amountMinor' | 'referenceId' | 'card' | 'version' | 'execCode'
>;

export type TransactionExtras = Partial<Pick<EmulatedTransaction, 'scheduleId' | 'instalmentDate' | 'cancellation' | 'createAlias' | 'session' | 'alias' | 'merchantInitiated'>>;

export interface Platform {
  readonly environment: EmulatorEnvironment;
  settings(): Be2billEmulatorSettings;
  updateSettings(patch: Partial<Be2billEmulatorSettings>): void;
  readonly accounts: Be2billAccountDirectory;
  readonly book: TransactionBook;
  readonly money: MoneyRules;
  readonly answers: Answers;
  readonly notifier: Be2billNotifier;
  now(): Date;
  /** The platform's calendar day (`YYYY-MM-DD` in its time zone), for same-day and N-times rules. */
  platformDay(date: Date): string;
  record(input: NewTransaction, extras?: TransactionExtras): EmulatedTransaction;
  /** Creates the ALIAS once the transaction that asked for it has succeeded (§9). */
  settleAlias(transaction: EmulatedTransaction, decision: string): void;
  /** Ends a transaction's 3-D Secure or redirect page with this code, and notifies it. */
  finish(transaction: EmulatedTransaction, code: string): void;
  notify(transaction: EmulatedTransaction, wait: boolean): Promise<void>;
}

export interface PlatformInit {
  readonly settings?: Partial<Be2billEmulatorSettings> | undefined;
  readonly accounts?: readonly Be2billSandboxAccount[] | undefined;
}

export function createPlatform(environment: EmulatorEnvironment, init: PlatformInit): Platform {
  let settings: Be2billEmulatorSettings = { ...DEFAULT_BE2BILL_EMULATOR_SETTINGS, ...init.settings };
  const accounts = createBe2billAccountDirectory();
  for (const account of init.accounts ?? []) accounts.admit(account);
  const book = createTransactionBook();
  const money = createMoneyRules(book, () => settings);
  const notifier = createBe2billNotifier(() => settings);
  const now = (): Date => environment.clock.now();

  function notify(transaction: EmulatedTransaction, wait: boolean): Promise<void> {
    const account = accounts.byIdentifier(transaction.identifier);
    if (account === null) return Promise.resolve();
    return notifier.send(account.password, notificationParams(transaction), `${transaction.operationType} ${transaction.id} ${transaction.execCode}`, wait);
  }

  function settleAlias(transaction: EmulatedTransaction, decision: string): void {
    if (!transaction.createAlias || transaction.alias !== null || !money.succeeded(transaction) || transaction.card === null) return;
    const alias = settings.aliasFormat === 'transaction-id' ? transaction.id : `AL${randomBytes(10).toString('hex').toUpperCase()}`;
    transaction.alias = alias;
    book.addAlias({ alias, identifier: transaction.identifier, clientIdent: transaction.clientIdent, card: transaction.card, chargeOutcome: decision });
  }

  return {
    environment,
    settings: () => settings,
    updateSettings(patch) {
      settings = { ...settings, ...patch };
    },
    accounts,
    book,
    money,
    answers: createAnswers(() => book.newId()),
    notifier,
    now,
    platformDay: (date) => new Intl.DateTimeFormat('en-CA', { timeZone: settings.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date),
    record(input, extras = {}) {
      const at = now();
      return book.add({
        ...input,
        id: book.newId(),
        createdAt: at,
        updatedAt: at,
        message: platformMessage(input.execCode),
        createAlias: extras.createAlias ?? false,
        alias: extras.alias ?? null,
        scheduleId: extras.scheduleId ?? null,
        instalmentDate: extras.instalmentDate ?? null,
        cancellation: extras.cancellation ?? false,
        session: extras.session ?? null,
        merchantInitiated: extras.merchantInitiated ?? false,
      });
    },
    settleAlias,
    finish(transaction, code) {
      const decision = transaction.session?.decision ?? code;
      transaction.execCode = code;
      transaction.message = platformMessage(code);
      transaction.updatedAt = now();
      transaction.session = null;
      settleAlias(transaction, decision);
      void notify(transaction, false);
    },
    notify,
  };
}
