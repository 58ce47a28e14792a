/** Hash routes, so the same bundle works from app://console/ and from a plain HTTP origin. */
export type Route =
  | { readonly name: 'transactions' }
  | { readonly name: 'payment'; readonly paymentId: string }
  | { readonly name: 'new-payment' }
  | { readonly name: 'settings' }
  /** `tokenId` opens the charge form of that stored card (the "charge again" shortcut of a payment). */
  | { readonly name: 'stored'; readonly tokenId: string | null }
  | { readonly name: 'sandbox' };

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
  const path = hash.replace(/^#/, '').replace(/\/+$/, '');
  const parts = path.split('/').filter((part) => part !== '');
  const [first, second] = parts;
  if (first === 'payments' && second !== undefined && parts.length === 2) {
    const paymentId = decodeId(second);
    if (paymentId !== null) return { name: 'payment', paymentId };
  }
  if (first === 'new' && parts.length === 1) return { name: 'new-payment' };
  if (first === 'settings' && parts.length === 1) return { name: 'settings' };
  if (first === 'sandbox' && parts.length === 1) return { name: 'sandbox' };
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
    case 'transactions':
      return '#/transactions';
  }
}

export function paymentHref(paymentId: string): string {
  return routeHref({ name: 'payment', paymentId });
}
