import { readFileSync } from 'node:fs';

const FIXTURES = new URL('../../../electron/core/gateways/sibs-spg/fixtures/', import.meta.url);

export function fixtureText(name: string): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8');
}

export function fixture(name: string): unknown {
  return JSON.parse(fixtureText(name)) as unknown;
}

export interface WebhookVector {
  readonly source: string;
  readonly secretBase64: string;
  readonly ivBase64: string;
  readonly tagBase64: string;
  readonly ciphertextBase64: string;
}

/** fixtures/webhook-aes-gcm-vectors.json; where each comes from is in fixtures/SOURCES.md. */
export function webhookVectors(): {
  readonly gcmSpecTestCase15: WebhookVector & { readonly plaintextBase64: string };
  readonly factsheetS8Payload: WebhookVector & { readonly plaintext: string };
} {
  return fixture('webhook-aes-gcm-vectors.json') as ReturnType<typeof webhookVectors>;
}
