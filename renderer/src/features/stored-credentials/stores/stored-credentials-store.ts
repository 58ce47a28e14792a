import { createStore, type StateCreator } from 'zustand/vanilla';
import type { Mandate, OperationOutcome, StoredCredential } from '../../../../../shared/ipc/contract.ts';
import type { Envelope, ErrorShape } from '../../../../../shared/ipc/envelope.ts';
import type { PaymentStatus } from '../../../../../shared/domain/schemas.ts';
import type { CallFn } from '../../../api/client.ts';
import type { ChargeStoredRequest, CreateMandateRequest, MandateAction } from '../utils/stored-forms.ts';

/*
 * Cached lists (the ledger is the truth) and the one request in flight. Only masked card facts
 * (brand, last 4, expiry) ever arrive here; a token's value never crosses the contract.
 */

export type ListPhase = 'idle' | 'loading' | 'ready' | 'error';

export interface TokensSlice {
  tokens: StoredCredential[];
  tokensPhase: ListPhase;
  tokensError: ErrorShape | null;
  loadTokens(): Promise<void>;
}

export interface MandatesSlice {
  mandates: Mandate[];
  mandatesPhase: ListPhase;
  mandatesError: ErrorShape | null;
  loadMandates(): Promise<void>;
}

export type StoredOperation = 'charge' | 'delete' | 'create' | MandateAction;

/** The last money-moving answer, with what it was for, so the screen can link to the payment. */
export interface StoredOutcome {
  readonly operation: 'charge' | 'collect';
  readonly targetId: string;
  readonly outcome: OperationOutcome;
}

export interface OperationsSlice {
  /** One request at a time on this screen: a second click is refused here, whatever the buttons show. */
  inFlight: { operation: StoredOperation; targetId: string } | null;
  operationError: { operation: StoredOperation; targetId: string; error: ErrorShape } | null;
  lastOutcome: StoredOutcome | null;
  notice: { operation: StoredOperation; targetId: string } | null;
  chargeStored(request: ChargeStoredRequest): Promise<boolean>;
  deleteToken(tokenId: string): Promise<boolean>;
  createMandate(request: CreateMandateRequest): Promise<boolean>;
  syncMandate(mandateId: string): Promise<boolean>;
  cancelMandate(mandateId: string): Promise<boolean>;
  collect(mandateId: string, amount: string, currency: string): Promise<boolean>;
  paymentStatusChanged(paymentId: string, status: PaymentStatus): void;
  clearResult(): void;
}

export type StoredCredentialsState = TokensSlice & MandatesSlice & OperationsSlice;

const createTokensSlice =
  (call: CallFn): StateCreator<StoredCredentialsState, [], [], TokensSlice> =>
  (set, get) => ({
    tokens: [],
    tokensPhase: 'idle',
    tokensError: null,
    async loadTokens() {
      set({ tokensPhase: get().tokens.length === 0 ? 'loading' : get().tokensPhase });
      const result = await call('tokens:list', {});
      if (!result.ok) {
        set({ tokensPhase: 'error', tokensError: result.error });
        return;
      }
      set({ tokens: result.value, tokensPhase: 'ready', tokensError: null });
    },
  });

const createMandatesSlice =
  (call: CallFn): StateCreator<StoredCredentialsState, [], [], MandatesSlice> =>
  (set, get) => ({
    mandates: [],
    mandatesPhase: 'idle',
    mandatesError: null,
    async loadMandates() {
      set({ mandatesPhase: get().mandates.length === 0 ? 'loading' : get().mandatesPhase });
      const result = await call('mandates:list', {});
      if (!result.ok) {
        set({ mandatesPhase: 'error', mandatesError: result.error });
        return;
      }
      set({ mandates: result.value, mandatesPhase: 'ready', mandatesError: null });
    },
  });

function replaceMandate(mandates: readonly Mandate[], fresh: Mandate): Mandate[] {
  const known = mandates.some((mandate) => mandate.id === fresh.id);
  return known ? mandates.map((mandate) => (mandate.id === fresh.id ? fresh : mandate)) : [fresh, ...mandates];
}

const createOperationsSlice =
  (call: CallFn): StateCreator<StoredCredentialsState, [], [], OperationsSlice> =>
  (set, get) => {
    async function run<T>(operation: StoredOperation, targetId: string, send: () => Promise<Envelope<T>>, apply: (value: T) => void): Promise<boolean> {
      if (get().inFlight !== null) return false;
      set({ inFlight: { operation, targetId }, operationError: null, notice: null, lastOutcome: null });
      const result = await send();
      if (!result.ok) {
        set({ inFlight: null, operationError: { operation, targetId, error: result.error } });
        return false;
      }
      apply(result.value);
      set({ inFlight: null, notice: { operation, targetId } });
      return true;
    }

    return {
      inFlight: null,
      operationError: null,
      lastOutcome: null,
      notice: null,
      chargeStored: (request) =>
        run('charge', request.tokenId, () => call('payments:chargeStored', request), (outcome) => set({ lastOutcome: { operation: 'charge', targetId: request.tokenId, outcome } })),
      deleteToken: (tokenId) =>
        run(
          'delete',
          tokenId,
          () => call('tokens:delete', { tokenId }),
          () => set({ tokens: get().tokens.map((token) => (token.id === tokenId ? { ...token, status: 'deleted' as const } : token)) }),
        ),
      createMandate: (request) =>
        run('create', request.profileId, () => call('mandates:create', request), (mandate) => set({ mandates: replaceMandate(get().mandates, mandate) })),
      syncMandate: (mandateId) => run('sync', mandateId, () => call('mandates:sync', { mandateId }), (mandate) => set({ mandates: replaceMandate(get().mandates, mandate) })),
      cancelMandate: (mandateId) =>
        run('cancel', mandateId, () => call('mandates:cancel', { mandateId }), (mandate) => set({ mandates: replaceMandate(get().mandates, mandate) })),
      collect: (mandateId, amount, currency) =>
        run('collect', mandateId, () => call('mandates:charge', { mandateId, money: { amount, currency } }), (outcome) =>
          set({ lastOutcome: { operation: 'collect', targetId: mandateId, outcome } }),
        ),
      paymentStatusChanged(paymentId, status) {
        const last = get().lastOutcome;
        if (!last || last.outcome.paymentId !== paymentId || last.outcome.paymentStatus === status) return;
        set({ lastOutcome: { ...last, outcome: { ...last.outcome, paymentStatus: status } } });
      },
      clearResult() {
        set({ operationError: null, notice: null, lastOutcome: null });
      },
    };
  };

export function createStoredCredentialsStore(call: CallFn) {
  return createStore<StoredCredentialsState>()((...args) => ({
    ...createTokensSlice(call)(...args),
    ...createMandatesSlice(call)(...args),
    ...createOperationsSlice(call)(...args),
  }));
}
