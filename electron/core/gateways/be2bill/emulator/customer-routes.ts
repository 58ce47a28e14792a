/**
 * The customer's side (fact sheet §7): the sandbox ACS or alternative-payment page that a
 * 3DSECUREHTML or REDIRECTHTML form posts to, and the same decisions as sandbox customer actions.
 * A page left open expires (4009 for 3-D Secure, 4015 for a redirection); a failed 3-D Secure ends
 * with 4008, an abandoned redirection with 4004. Each end is notified.
 */
import { acsDecisionPage, acsPageRoutes } from '../../../sandbox/emulator-kit/acs-page.ts';
import { escapeHtml, htmlPage } from '../../../sandbox/emulator-kit/html-page.ts';
import type { EmulatorResponse, EmulatorRoute, SandboxCustomerAction } from '../../types.ts';
import type { EmulatedTransaction } from './book.ts';
import type { Platform } from './platform.ts';

export const BE2BILL_CUSTOMER_ACTIONS: readonly SandboxCustomerAction[] = [
  { name: 'threeds.complete', label: 'Pass 3-D Secure at the issuer', target: 'payment' },
  { name: 'threeds.fail', label: 'Fail 3-D Secure at the issuer', target: 'payment' },
  { name: 'redirect.complete', label: 'Finish the payment at the alternative provider', target: 'payment' },
  { name: 'redirect.abandon', label: 'Abandon the payment at the alternative provider', target: 'payment' },
  { name: 'schedule.decline-next', label: 'Make the next instalment of this schedule decline (4002)', target: 'payment' },
];

export interface ActionOutcome {
  readonly ok: boolean;
  readonly message: string;
}

export interface CustomerSide {
  readonly routes: EmulatorRoute[];
  perform(action: string, gatewayId: string): Promise<ActionOutcome>;
  expireSessions(): void;
}

export function customerSide(platform: Platform): CustomerSide {
  const { book } = platform;

  function expireSessions(): void {
    const at = platform.now().getTime();
    for (const transaction of book.all()) {
      const session = transaction.session;
      if (session !== null && at >= session.expiresAt.getTime()) platform.finish(transaction, session.kind === '3ds' ? '4009' : '4015');
    }
  }

  function complete(transaction: EmulatedTransaction, passed: boolean): ActionOutcome {
    expireSessions();
    const session = transaction.session;
    if (session === null) return { ok: false, message: `Transaction ${transaction.id} has no open 3-D Secure or redirect page (${transaction.execCode})` };
    platform.finish(transaction, passed ? session.decision : session.kind === '3ds' ? '4008' : '4004');
    return { ok: true, message: `Transaction ${transaction.id}: ${transaction.execCode} ${transaction.message}` };
  }

  function perform(action: string, gatewayId: string): ActionOutcome {
    const transaction = book.get(gatewayId);
    if (transaction === null) return { ok: false, message: `No Be2bill transaction ${gatewayId}` };
    switch (action) {
      case 'threeds.complete':
      case 'redirect.complete':
        return complete(transaction, true);
      case 'threeds.fail':
      case 'redirect.abandon':
        return complete(transaction, false);
      case 'schedule.decline-next': {
        const schedule = book.schedule(transaction.scheduleId ?? transaction.id);
        if (schedule === null) return { ok: false, message: `Transaction ${gatewayId} has no N-times schedule` };
        schedule.nextOutcomes.push('4002');
        return { ok: true, message: `The next instalment of schedule ${schedule.id} will be declined (4002)` };
      }
      default:
        return { ok: false, message: `Unknown customer action ${action}` };
    }
  }

  const sessionTransaction = (sessionId: string): EmulatedTransaction | null => book.all().find((transaction) => transaction.session?.sessionId === sessionId) ?? null;

  function page(sessionId: string): EmulatorResponse {
    expireSessions();
    const transaction = sessionTransaction(sessionId);
    if (transaction === null) return htmlPage(404, 'No such page', '<p>This authentication or redirection is over or does not exist.</p>');
    const threeDS = transaction.session?.kind === '3ds';
    const [pass, fail] = threeDS ? ['Authenticate', 'Fail authentication'] : ['Pay', 'Abandon'];
    return acsDecisionPage(sessionId, threeDS ? 'Sandbox 3-D Secure' : 'Sandbox alternative payment', `<p>Transaction ${escapeHtml(transaction.id)}, ${transaction.amountMinor.toString()} cents</p>`, [
      { decision: 'pass', label: pass },
      { decision: 'fail', label: fail },
    ]);
  }

  const routes: EmulatorRoute[] = acsPageRoutes({
    show: page,
    answer(sessionId, decision) {
      const transaction = sessionTransaction(sessionId);
      // The browser arrives with the form of 3DSECUREHTML; the page then asks for the decision.
      if (decision === null || transaction === null) return null;
      const outcome = complete(transaction, decision === 'pass');
      return htmlPage(outcome.ok ? 200 : 409, 'Done', `<p>${escapeHtml(outcome.message)}</p><p>You can close this window.</p>`);
    },
  });

  return { routes, perform: (action, gatewayId) => Promise.resolve(perform(action, gatewayId)), expireSessions };
}
