/**
 * The sandbox merchants this emulator knows: credentials it generated (or was given back after a
 * restart), each with its terminal. Nothing else authenticates.
 */
import { randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { SandboxProfileMaterial } from '../../types.ts';

export const sandboxMerchantSchema = z.strictObject({
  authToken: z.string().min(16).max(4096),
  clientId: z.string().min(8).max(128),
  terminalId: z.number().int().positive().max(2_147_483_647),
  /** Base64 of the 32-byte AES key webhooks are encrypted with; credentials from before webhooks existed have none. */
  webhookSecret: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'must be Base64 of 32 bytes').optional(),
});
export type SandboxMerchant = z.output<typeof sandboxMerchantSchema>;

export interface MerchantDirectory {
  /** Generates a new merchant with random credentials. */
  issue(): SandboxMerchant;
  /** Re-admits credentials issued before (they live in the keychain across restarts; this emulator's memory does not). */
  admit(merchant: SandboxMerchant): void;
  /** Admits the merchant a console's sandbox profile already holds; null when it holds no complete one. */
  readmit(held: SandboxProfileMaterial): SandboxMerchant | null;
  byClientId(clientId: string | undefined): SandboxMerchant | null;
}

/** SIBS tokens are opaque dot-separated segments (fact sheet §1); the shape is imitated, the content is random. */
function generateAuthToken(): string {
  return `${randomBytes(17).toString('hex')}.${randomBytes(48).toString('base64url')}`;
}

export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function createMerchantDirectory(): MerchantDirectory {
  const merchants = new Map<string, SandboxMerchant>();
  return {
    issue() {
      const merchant: SandboxMerchant = {
        authToken: generateAuthToken(),
        clientId: randomUUID(),
        terminalId: randomInt(10_000, 10_000_000),
        webhookSecret: randomBytes(32).toString('base64'),
      };
      merchants.set(merchant.clientId, merchant);
      return merchant;
    },
    admit(merchant) {
      merchants.set(merchant.clientId, { ...merchant });
    },
    readmit(held) {
      // A profile without a webhook secret predates webhooks: minting afresh gives it one.
      const parsed = sandboxMerchantSchema.required({ webhookSecret: true }).safeParse({
        authToken: held.credentials.authToken,
        clientId: held.credentials.clientId,
        terminalId: held.options.terminalId,
        webhookSecret: held.credentials.webhookSecret,
      });
      if (!parsed.success) return null;
      merchants.set(parsed.data.clientId, parsed.data);
      return parsed.data;
    },
    byClientId(clientId) {
      return clientId === undefined ? null : (merchants.get(clientId) ?? null);
    },
  };
}
