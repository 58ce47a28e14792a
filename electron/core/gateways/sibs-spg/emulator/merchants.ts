/**
 * The sandbox merchants this emulator knows: credentials it generated (or was given back after a
 * restart), each with its terminal. Nothing else authenticates.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { createAccountDirectory, type AccountDirectory } from '../../../sandbox/emulator-kit/account-directory.ts';

export const sandboxMerchantSchema = z.strictObject({
  authToken: z.string().min(16).max(4096),
  clientId: z.string().min(8).max(128),
  terminalId: z.number().int().positive().max(2_147_483_647),
  /** Base64 of the 32-byte AES key webhooks are encrypted with; credentials from before webhooks existed have none. */
  webhookSecret: z.string().regex(/^[A-Za-z0-9+/]{43}=$/, 'must be Base64 of 32 bytes').optional(),
});
export type SandboxMerchant = z.output<typeof sandboxMerchantSchema>;

export interface MerchantDirectory extends AccountDirectory<SandboxMerchant> {
  byClientId(clientId: string | undefined): SandboxMerchant | null;
}

/** SIBS tokens are opaque dot-separated segments (fact sheet §1); the shape is imitated, the content is random. */
function generateAuthToken(): string {
  return `${randomBytes(17).toString('hex')}.${randomBytes(48).toString('base64url')}`;
}

export function createMerchantDirectory(): MerchantDirectory {
  const directory = createAccountDirectory<SandboxMerchant>({
    key: (merchant) => merchant.clientId,
    mint: () => ({ authToken: generateAuthToken(), clientId: randomUUID(), terminalId: randomInt(10_000, 10_000_000), webhookSecret: randomBytes(32).toString('base64') }),
    fromProfile: (held) => ({ authToken: held.credentials.authToken, clientId: held.credentials.clientId, terminalId: held.options.terminalId, webhookSecret: held.credentials.webhookSecret }),
    // A profile without a webhook secret predates webhooks: minting afresh gives it one.
    profileSchema: sandboxMerchantSchema.required({ webhookSecret: true }),
  });
  return { ...directory, byClientId: directory.byKey };
}
