import { AuthenticationError } from '../../../electron/core/errors.ts';
import { sayswitch } from '../../../electron/core/gateways/sayswitch/index.ts';
import type { SayswitchAdapter } from '../../../electron/core/gateways/sayswitch/adapter.ts';
import type { PaymentRequest } from '../../../electron/core/gateways/types.ts';
import { systemClock } from '../../../electron/core/ports.ts';
import type { CannedGateway } from '../../helpers/canned-gateway.ts';

export const CANNED_SECRET_KEY = 'sk_test_0123456789abcdef';

/** A Sayswitch adapter talking to the canned stand-in, with the secrets given (the secret key alone by default). */
export function cannedSayswitchAdapter(gateway: CannedGateway, options: Record<string, string | number | boolean> = {}, secrets: Record<string, string> = { secretKey: CANNED_SECRET_KEY }): SayswitchAdapter {
  return sayswitch.createAdapter({
    profile: { id: 'p', name: 'Sayswitch', gatewayId: 'sayswitch', environment: 'test', baseUrl: gateway.origin, options },
    secret: async (field) => {
      const value = secrets[field];
      if (value === undefined) throw new AuthenticationError(`no ${field}`);
      return value;
    },
    http: gateway.http.withContext({ gatewayId: 'sayswitch', paymentId: null, operationId: null }),
    clock: systemClock,
  });
}

/** A naira sale of 10.00 with the documents' 3-D Secure test card (§10). */
export function cannedCardSale(merchantReference: string): PaymentRequest {
  return {
    kind: 'sale',
    amountMinor: 1_000n,
    currency: 'NGN',
    merchantReference,
    description: undefined,
    card: { number: '5204730000002449', expiryMonth: 12, expiryYear: 2035, cvv: '244', holder: 'Ada Obi' },
    customer: { email: 'ada@example.ng' },
    moto: true,
    storeCard: false,
  };
}
