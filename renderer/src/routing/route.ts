import type { PaymentStatus } from '../../../shared/domain/schemas.ts';
import { isPaymentStatus } from '../domain/vocabulary.ts';

/** Hash routes, so the same bundle works from app://console/ and from a plain HTTP origin. */
export type Route =
  /** `status` opens the list filtered to that status (the needs-review badge's link). */
  | { readonly name: 'transactions'; readonly status?: PaymentStatus }
  | { readonly name: 'queue' }
  | { readonly name: 'payment'; readonly paymentId: string }
  | { readonly name: 'new-payment' }
  | { readonly name: 'settings' }
  /** `tokenId` opens the charge form of that stored card (the "charge again" shortcut of a payment). */
  | { readonly name: 'stored'; readonly tokenId: string | null }
  | { readonly name: 'sandbox' }
  | { readonly name: 'reconciliation' }
  | { readonly name: 'audit' };

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
  if (first === 'transactions' && parts.length === 1) {
    const status = new URLSearchParams(query).get('status');
    if (status !== null && isPaymentStatus(status)) return { name: 'transactions', status };
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
    case 'transactions':
      return route.status === undefined ? '#/transactions' : `#/transactions?status=${encodeURIComponent(route.status)}`;
  }
}

export function paymentHref(paymentId: string): string {
  return routeHref({ name: 'payment', paymentId });
}
