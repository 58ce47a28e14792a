/**
 * SIBS SPG's two authentication schemes (fact sheet §1). The optional HMAC `Signature` header
 * (§9) is not sent: what it signs and with which key is documented nowhere.
 */

export interface SibsCredentials {
  readonly authToken: string;
  readonly clientId: string;
}

const JSON_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json' } as const;

/** Checkout, status and back-office calls: the merchant's static Backoffice token. */
export function bearerHeaders(credentials: SibsCredentials): Record<string, string> {
  return {
    Authorization: `Bearer ${credentials.authToken}`,
    'X-IBM-Client-Id': credentials.clientId,
    ...JSON_HEADERS,
  };
}

/** Payment-method steps on an existing checkout: the checkout's own `transactionSignature` replaces the token. */
export function digestHeaders(transactionSignature: string, clientId: string): Record<string, string> {
  return {
    Authorization: `Digest ${transactionSignature}`,
    'X-IBM-Client-Id': clientId,
    ...JSON_HEADERS,
  };
}
