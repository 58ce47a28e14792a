/** Hash routes, so the same bundle works from app://console/ and from a plain HTTP origin. */
export type Route =
  | { readonly name: 'transactions' }
  | { readonly name: 'payment'; readonly paymentId: string }
  | { readonly name: 'new-payment' }
  | { readonly name: 'settings' };

const PAYMENT_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\/+$/, '');
  const parts = path.split('/').filter((part) => part !== '');
  const [first, second] = parts;
  if (first === 'payments' && second !== undefined && parts.length === 2) {
    let paymentId: string;
    try {
      paymentId = decodeURIComponent(second);
    } catch {
      return { name: 'transactions' };
    }
    if (PAYMENT_ID.test(paymentId)) return { name: 'payment', paymentId };
  }
  if (first === 'new' && parts.length === 1) return { name: 'new-payment' };
  if (first === 'settings' && parts.length === 1) return { name: 'settings' };
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
    case 'transactions':
      return '#/transactions';
  }
}

export function paymentHref(paymentId: string): string {
  return routeHref({ name: 'payment', paymentId });
}
