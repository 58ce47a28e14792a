/**
 * The sandbox merchants this emulator knows: an access token, the entity (channel) it may use and
 * the webhook secret of that entity. Credentials are generated here (or given back after a
 * restart, since they live in the keychain); nothing else authenticates.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { SandboxProfileMaterial } from '../../types.ts';

export const oppwaSandboxMerchantSchema = z.strictObject({
  accessToken: z.string().min(16).max(4096),
  entityId: z.string().regex(/^[0-9a-f]{32}$/),
  webhookSecret: z.string().regex(/^[0-9A-F]{64}$/i),
});
export type OppwaSandboxMerchant = z.output<typeof oppwaSandboxMerchantSchema>;

export interface OppwaMerchantDirectory {
  issue(): OppwaSandboxMerchant;
  admit(merchant: OppwaSandboxMerchant): void;
  /** Admits the merchant a console's sandbox profile already holds; null when it holds no complete one. */
  readmit(held: SandboxProfileMaterial): OppwaSandboxMerchant | null;
  byToken(token: string | null): OppwaSandboxMerchant | null;
  byEntity(entityId: string): OppwaSandboxMerchant | null;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function createOppwaMerchantDirectory(): OppwaMerchantDirectory {
  const merchants: OppwaSandboxMerchant[] = [];
  return {
    issue() {
      const entityId = randomBytes(16).toString('hex');
      // OPPWA's access tokens are Base64 text (of `<userId>|<secret>`); the content here is random.
      const merchant: OppwaSandboxMerchant = {
        accessToken: Buffer.from(`${randomBytes(16).toString('hex')}|${randomBytes(12).toString('base64url')}`).toString('base64'),
        entityId,
        webhookSecret: randomBytes(32).toString('hex').toUpperCase(),
      };
      merchants.push(merchant);
      return merchant;
    },
    admit(merchant) {
      merchants.push({ ...merchant });
    },
    readmit(held) {
      const parsed = oppwaSandboxMerchantSchema.safeParse({ accessToken: held.credentials.accessToken, entityId: held.options.entityId, webhookSecret: held.credentials.webhookSecret });
      if (!parsed.success) return null;
      merchants.push(parsed.data);
      return parsed.data;
    },
    byToken(token) {
      if (token === null) return null;
      return merchants.find((merchant) => sameSecret(token, merchant.accessToken)) ?? null;
    },
    byEntity(entityId) {
      return merchants.find((merchant) => merchant.entityId === entityId) ?? null;
    },
  };
}
