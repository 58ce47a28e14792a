import { createStore } from 'zustand/vanilla';
import type { Mandate, PaymentSummary } from '../../../../../shared/ipc/contract.ts';
import type { ErrorShape } from '../../../../../shared/ipc/envelope.ts';
import type { CallFn } from '../../../api/client.ts';
import { OPEN_PAYMENT_STATUSES, selectOpenMandates, selectOpenPayments, type CustomerAction } from '../utils/sandbox-actions.ts';

export interface ActionResult {
  readonly action: string;
  readonly targetId: string;
  readonly ok: boolean;
  readonly message: string;
}

export interface SandboxToolsState {
  profileId: string | null;
  customerActions: CustomerAction[];
  payments: PaymentSummary[];
  mandates: Mandate[];
  phase: 'idle' | 'loading' | 'ready' | 'error';
  error: ErrorShape | null;
  acting: { action: string; targetId: string } | null;
  lastResult: ActionResult | null;
  actionError: ErrorShape | null;
  load(profileId: string): Promise<void>;
  refresh(): Promise<void>;
  act(action: string, targetId: string): Promise<boolean>;
}

const PAGE = 200;

/** The customer's side of the sandbox: what is waiting on them, and the buttons that play them. */
export function createSandboxToolsStore(call: CallFn) {
  // A burst of events (poller, webhooks) becomes one reload now and at most one after it.
  let reloading: Promise<void> | null = null;
  let reloadAgain = false;
  return createStore<SandboxToolsState>()((set, get) => ({
    profileId: null,
    customerActions: [],
    payments: [],
    mandates: [],
    phase: 'idle',
    error: null,
    acting: null,
    lastResult: null,
    actionError: null,
    async load(profileId) {
      const switching = get().profileId !== profileId;
      set({
        profileId,
        phase: switching || get().phase === 'idle' ? 'loading' : get().phase,
        ...(switching ? { payments: [], mandates: [], lastResult: null, actionError: null } : {}),
      });
      const [info, payments, mandates] = await Promise.all([
        call('sandbox:info', {}),
        call('payments:search', { profileId, statuses: [...OPEN_PAYMENT_STATUSES], limit: PAGE }),
        call('mandates:list', { profileId }),
      ]);
      if (get().profileId !== profileId) return;
      const failed = [info, payments, mandates].find((result) => !result.ok);
      set({
        customerActions: info.ok ? info.value.customerActions : get().customerActions,
        payments: payments.ok ? selectOpenPayments(payments.value.rows, profileId) : get().payments,
        mandates: mandates.ok ? selectOpenMandates(mandates.value, profileId) : get().mandates,
        phase: failed ? 'error' : 'ready',
        error: failed && !failed.ok ? failed.error : null,
      });
    },
    refresh() {
      if (reloading) {
        reloadAgain = true;
        return reloading;
      }
      reloading = (async () => {
        do {
          reloadAgain = false;
          const { profileId } = get();
          if (profileId) await get().load(profileId);
        } while (reloadAgain);
      })().finally(() => {
        reloading = null;
      });
      return reloading;
    },
    async act(action, targetId) {
      if (get().acting !== null) return false;
      set({ acting: { action, targetId }, actionError: null, lastResult: null });
      const result = await call('sandbox:act', { action, targetId });
      if (!result.ok) {
        set({ acting: null, actionError: result.error });
        return false;
      }
      set({ acting: null, lastResult: { action, targetId, ok: result.value.ok, message: result.value.message } });
      await get().refresh();
      return result.value.ok;
    },
  }));
}
