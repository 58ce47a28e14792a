import { createStore } from 'zustand/vanilla';
import type { CallFn } from '../api/client.ts';

/** What the shell's badges show: entries the poller waits on, and payments a person must look at. */
export interface PollerSummaryState {
  /** null until the core first answers (or when it has no poller): no badge rather than a wrong 0. */
  waiting: number | null;
  needsReview: number | null;
  load(): Promise<void>;
  /** Coalesces bursts of events into one load now and at most one after it. */
  refresh(): Promise<void>;
  reported(summary: { waiting: number; needsReview: number }): void;
}

export function createPollerSummaryStore(call: CallFn) {
  let reloading: Promise<void> | null = null;
  let reloadAgain = false;
  return createStore<PollerSummaryState>()((set, get) => ({
    waiting: null,
    needsReview: null,
    async load() {
      // The badges' own read: two counts, cheap enough to ask again after every payment change.
      const result = await call('poller:summary', {});
      if (!result.ok) return;
      set({ waiting: result.value.waiting, needsReview: result.value.needsReview });
    },
    refresh() {
      if (reloading) {
        reloadAgain = true;
        return reloading;
      }
      reloading = (async () => {
        do {
          reloadAgain = false;
          await get().load();
        } while (reloadAgain);
      })().finally(() => {
        reloading = null;
      });
      return reloading;
    },
    reported(summary) {
      set({ waiting: summary.waiting, needsReview: summary.needsReview });
    },
  }));
}

export type PollerSummaryStore = ReturnType<typeof createPollerSummaryStore>;

// ---------- selectors ----------

/** A badge shows only a known, non-zero count. */
export function badgeCount(count: number | null): number | null {
  return count !== null && count > 0 ? count : null;
}

export function selectWaitingBadge(state: Pick<PollerSummaryState, 'waiting'>): number | null {
  return badgeCount(state.waiting);
}

export function selectNeedsReviewBadge(state: Pick<PollerSummaryState, 'needsReview'>): number | null {
  return badgeCount(state.needsReview);
}

/** Badges are small: past 999 the exact figure is on the screen they lead to. */
export function badgeLabel(count: number): string {
  return count > 999 ? '999+' : String(count);
}
