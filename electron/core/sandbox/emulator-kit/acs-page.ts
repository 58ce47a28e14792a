/**
 * The sandbox issuer's (ACS) or provider's page a customer's browser is sent to: GET shows it,
 * the browser's POST carries the customer's answer in one form field. What the page says, which
 * answers pass and where the browser goes afterwards are the gateway's; the page is not part of
 * any gateway's API, so it is mounted beside the wire routes and never faulted.
 */
import type { EmulatorResponse, EmulatorRoute } from '../../gateways/types.ts';
import { formField } from './body-readers.ts';
import { escapeHtml, htmlPage } from './html-page.ts';

export interface AcsPage {
  /** The page for this session, or the page saying it is over or unknown. */
  show(sessionId: string): EmulatorResponse;
  /**
   * Applies the customer's answer (null when the POST had none, as when the shop's auto-submitted
   * form first lands here) and answers the browser; null shows the page again.
   */
  answer(sessionId: string, answer: string | null): EmulatorResponse | null;
  /** The form field the page posts; `decision` unless said. */
  readonly field?: string;
}

export function acsPageRoutes(page: AcsPage): EmulatorRoute[] {
  const field = page.field ?? 'decision';
  return [
    { method: 'GET', path: '/acs/:sessionId', handle: (request) => page.show(request.params['sessionId'] ?? '') },
    {
      method: 'POST',
      path: '/acs/:sessionId',
      handle(request) {
        const sessionId = request.params['sessionId'] ?? '';
        return page.answer(sessionId, formField(request.rawBody, field)) ?? page.show(sessionId);
      },
    },
  ];
}

export interface AcsChoice {
  /** The value posted in the `decision` field. */
  readonly decision: string;
  readonly label: string;
}

/** A page offering one button per choice, each posting its `decision` back to this session. */
export function acsDecisionPage(sessionId: string, title: string, intro: string, choices: readonly AcsChoice[]): EmulatorResponse {
  const action = escapeHtml(encodeURIComponent(sessionId));
  const forms = choices.map(
    (choice) => `<form method="post" action="${action}"><input type="hidden" name="decision" value="${escapeHtml(choice.decision)}"><button>${escapeHtml(choice.label)}</button></form>`,
  );
  return htmlPage(200, title, intro + forms.join(''));
}
