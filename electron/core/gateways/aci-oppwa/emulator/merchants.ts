/**
 * The sandbox merchants this emulator knows: an access token, the entity (channel) it may use and
 * the webhook secret of that entity. Credentials are generated here (or given back after a
 * restart, since they live in the keychain); nothing else authenticates.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { createAccountDirectory, sameSecret, type AccountDirectory } from '../../../sandbox/emulator-kit/account-directory.ts';

export const oppwaSandboxMerchantSchema = z.strictObject({
  accessToken: z.string().min(16).max(4096),
  entityId: z.string().regex(/^[0-9a-f]{32}$/),
  webhookSecret: z.string().regex(/^[0-9A-F]{64}$/i),
});
export type OppwaSandboxMerchant = z.output<typeof oppwaSandboxMerchantSchema>;

export interface OppwaMerchantDirectory extends AccountDirectory<OppwaSandboxMerchant> {
  byToken(token: string | null): OppwaSandboxMerchant | null;
  byEntity(entityId: string): OppwaSandboxMerchant | null;
}

export function createOppwaMerchantDirectory(): OppwaMerchantDirectory {
  const directory = createAccountDirectory<OppwaSandboxMerchant>({
    key: (merchant) => merchant.entityId,
    // OPPWA's access tokens are Base64 text (of `<userId>|<secret>`); the content here is random.
    mint: () => ({
      accessToken: Buffer.from(`${randomBytes(16).toString('hex')}|${randomBytes(12).toString('base64url')}`).toString('base64'),
      entityId: randomBytes(16).toString('hex'),
      webhookSecret: randomBytes(32).toString('hex').toUpperCase(),
    }),
    fromProfile: (held) => ({ accessToken: held.credentials.accessToken, entityId: held.options.entityId, webhookSecret: held.credentials.webhookSecret }),
    profileSchema: oppwaSandboxMerchantSchema,
  });
  return {
    ...directory,
    byToken: (token) => (token === null ? null : directory.find((merchant) => sameSecret(token, merchant.accessToken))),
    byEntity: (entityId) => directory.byKey(entityId),
  };
}
