import { isGatewayIdFormat, type GatewayId, type PaymentStatus } from '../../../shared/domain/schemas.ts';
import { isCurrencyCode } from '../../../shared/money/currencies.ts';
import { isCalendarDay } from '../../../shared/time/zoned-days.ts';
import { isPaymentStatus } from '../domain/vocabulary.ts';

/**
 * The filters a link opens the payments list with: the needs-review badge's, and each chart
 * element's on the dashboard. Days are calendar days in the operator's time zone, as the list's
 * date filter takes them.
 */
export interface ListLink {
  readonly statuses?: readonly PaymentStatus[];
  readonly gatewayId?: GatewayId;
  readonly profileId?: string;
  readonly currency?: string;
  readonly fromDate?: string;
  readonly toDate?: string;
  readonly gatewayCode?: string;
}

/** Hash routes, so the same bundle works from app://console/ and from a plain HTTP origin. */
export type Route =
  /** `link` opens the list with those filters set (and only those). */
  | { readonly name: 'transactions'; readonly link?: ListLink }
  | { readonly name: 'dashboard' }
  /** No screen named: the dashboard once there are payments, the list before. */
  | { readonly name: 'home' }
  | { readonly name: 'queue' }
  | { readonly name: 'payment'; readonly paymentId: string }
  | { readonly name: 'new-payment' }
  | { readonly name: 'settings' }
  /** `tokenId` opens the charge form of that stored card (the "charge again" shortcut of a payment). */
  | { readonly name: 'stored'; readonly tokenId: string | null }
  | { readonly name: 'sandbox' }
  | { readonly name: 'reconciliation' }
  | { readonly name: 'batches' }
  | { readonly name: 'audit' }
  | { readonly name: 'approvals' }
  | { readonly name: 'operators' };

const LEDGER_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

function decodeId(segment: string): string | null {
  let id: string;
  try {
    id = decodeURIComponent(segment);
  } catch {
    return null;
  }
  return LEDGER_ID.test(id) ? id : null;
}

export function parseRoute(hash: string): Route {
  const [rawPath = '', query = ''] = hash.replace(/^#/, '').split('?', 2);
  const path = rawPath.replace(/\/+$/, '');
  const parts = path.split('/').filter((part) => part !== '');
  const [first, second] = parts;
  if (first === 'payments' && second !== undefined && parts.length === 2) {
    const paymentId = decodeId(second);
    if (paymentId !== null) return { name: 'payment', paymentId };
  }
  if (first === 'new' && parts.length === 1) return { name: 'new-payment' };
  if (first === 'settings' && parts.length === 1) return { name: 'settings' };
  if (first === 'sandbox' && parts.length === 1) return { name: 'sandbox' };
  if (first === 'queue' && parts.length === 1) return { name: 'queue' };
  if (first === 'reconciliation' && parts.length === 1) return { name: 'reconciliation' };
  if (first === 'audit' && parts.length === 1) return { name: 'audit' };
  if (first === 'batches' && parts.length === 1) return { name: 'batches' };
  if (first === 'approvals' && parts.length === 1) return { name: 'approvals' };
  if (first === 'operators' && parts.length === 1) return { name: 'operators' };
  if (first === 'dashboard' && parts.length === 1) return { name: 'dashboard' };
  if (parts.length === 0) return { name: 'home' };
  if (first === 'transactions' && parts.length === 1) {
    const link = parseListLink(new URLSearchParams(query));
    if (link !== null) return { name: 'transactions', link };
  }
  if (first === 'stored' && parts.length === 1) return { name: 'stored', tokenId: null };
  if (first === 'stored' && second !== undefined && parts.length === 2) {
    const tokenId = decodeId(second);
    if (tokenId !== null) return { name: 'stored', tokenId };
  }
  return { name: 'transactions' };
}

export function routeHref(route: Route): string {
  switch (route.name) {
    case 'payment':
      return `#/payments/${encodeURIComponent(route.paymentId)}`;
    case 'new-payment':
      return '#/new';
    case 'settings':
      return '#/settings';
    case 'stored':
      return route.tokenId === null ? '#/stored' : `#/stored/${encodeURIComponent(route.tokenId)}`;
    case 'sandbox':
      return '#/sandbox';
    case 'queue':
      return '#/queue';
    case 'reconciliation':
      return '#/reconciliation';
    case 'audit':
      return '#/audit';
    case 'batches':
      return '#/batches';
    case 'approvals':
      return '#/approvals';
    case 'operators':
      return '#/operators';
    case 'dashboard':
      return '#/dashboard';
    case 'home':
      return '#/';
    case 'transactions': {
      const query = route.link === undefined ? '' : listLinkQuery(route.link);
      return query === '' ? '#/transactions' : `#/transactions?${query}`;
    }
  }
}

/** A gateway's answer code as a link may carry it: printable, without spaces at either end. */
const GATEWAY_CODE = /^[\x21-\x7E](?:[\x20-\x7E]{0,62}[\x21-\x7E])?$/;

const LINK_PARAMS = {
  gateway: (value: string) => (isGatewayIdFormat(value) ? { gatewayId: value } : null),
  profile: (value: string) => (LEDGER_ID.test(value) ? { profileId: value } : null),
  currency: (value: string) => (isCurrencyCode(value) ? { currency: value } : null),
  from: (value: string) => (isCalendarDay(value) ? { fromDate: value } : null),
  to: (value: string) => (isCalendarDay(value) ? { toDate: value } : null),
  code: (value: string) => (GATEWAY_CODE.test(value) ? { gatewayCode: value } : null),
} as const satisfies Record<string, (value: string) => Partial<ListLink> | null>;

/** The link's filters, each checked; one that does not check out is dropped, not guessed at. Null when none is left. */
function parseListLink(params: URLSearchParams): ListLink | null {
  let link: ListLink = {};
  const statuses = (params.get('status') ?? '').split(',').filter(isPaymentStatus);
  if (statuses.length > 0) link = { statuses };
  for (const [name, read] of Object.entries(LINK_PARAMS)) {
    const value = params.get(name);
    const filter = value === null ? null : read(value);
    if (filter !== null) link = { ...link, ...filter };
  }
  return Object.keys(link).length > 0 ? link : null;
}

function listLinkQuery(link: ListLink): string {
  const params = new URLSearchParams();
  if (link.statuses !== undefined && link.statuses.length > 0) params.set('status', link.statuses.join(','));
  const values: Record<keyof typeof LINK_PARAMS, string | undefined> = {
    gateway: link.gatewayId,
    profile: link.profileId,
    currency: link.currency,
    from: link.fromDate,
    to: link.toDate,
    code: link.gatewayCode,
  };
  for (const [name, value] of Object.entries(values)) if (value !== undefined && value !== '') params.set(name, value);
  return params.toString();
}

export function paymentHref(paymentId: string): string {
  return routeHref({ name: 'payment', paymentId });
}
