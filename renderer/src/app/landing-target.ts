import type { CallFn } from '../api/client.ts';

/** Where the console opens: the dashboard once the ledger has a payment, the payments list before. */
export type LandingTarget = 'dashboard' | 'transactions';

export interface LandingQuestion {
  /** Asks now, for the landing to come: the page's code calls it before the shell has rendered. */
  askEarly(): Promise<LandingTarget>;
  /** The answer asked early, once; afterwards (the operator came back to the landing) a fresh one. */
  target(): Promise<LandingTarget>;
  /** Takes the answer asked early, if no landing has taken it yet: a later landing asks afresh. */
  takeEarly(): Promise<LandingTarget> | null;
}

/**
 * The landing's question, asked as soon as the page's code runs rather than once the shell has
 * rendered: the shell waits for its own first calls, and the question then went out a round of
 * calls later, before the list could even start to render.
 */
export function landingQuestion(call: CallFn): LandingQuestion {
  let early: Promise<LandingTarget> | null = null;
  const ask = (): Promise<LandingTarget> => call('payments:search', { limit: 1 }).then((result) => (result.ok && result.value.rows.length > 0 ? 'dashboard' : 'transactions'));
  return {
    askEarly() {
      early ??= ask();
      return early;
    },
    target() {
      const answer = early ?? ask();
      early = null;
      return answer;
    },
    takeEarly() {
      const answer = early;
      early = null;
      return answer;
    },
  };
}
