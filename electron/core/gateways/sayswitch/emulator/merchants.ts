/**
 * The sandbox merchants this emulator knows: a test secret key (and its public key), and the key
 * and IV the dashboard would generate for payload encryption. Credentials are generated here (or
 * given back after a restart, since they live in the keychain); nothing else authenticates.
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { createAccountDirectory, sameSecret, type AccountDirectory } from '../../../sandbox/emulator-kit/account-directory.ts';

export const sayswitchSandboxMerchantSchema = z.strictObject({
  secretKey: z.string().regex(/^sk_test_[A-Za-z0-9]{16,128}$/),
  publicKey: z.string().regex(/^pk_test_[A-Za-z0-9]{16,128}$/),
  encryptionKey: z.string().length(32),
  encryptionIv: z.string().min(16).max(64),
});
export type SayswitchSandboxMerchant = z.output<typeof sayswitchSandboxMerchantSchema>;

export interface SayswitchMerchantDirectory extends AccountDirectory<SayswitchSandboxMerchant> {
  bySecretKey(key: string | null): SayswitchSandboxMerchant | null;
  byPublicKey(key: string): SayswitchSandboxMerchant | null;
}

export function createSayswitchMerchantDirectory(): SayswitchMerchantDirectory {
  const directory = createAccountDirectory<SayswitchSandboxMerchant>({
    key: (merchant) => merchant.publicKey,
    mint: () => ({
      secretKey: `sk_test_${randomBytes(20).toString('hex')}`,
      publicKey: `pk_test_${randomBytes(20).toString('hex')}`,
      // Printable, exactly 32 bytes as text: the samples use the key string's bytes as they are.
      encryptionKey: randomBytes(16).toString('hex'),
      encryptionIv: randomBytes(8).toString('hex'),
    }),
    fromProfile(held) {
      const secretKey = held.credentials.secretKey;
      // The console keeps no public key; one derived from the secret key names the same merchant every time.
      const publicKey = typeof secretKey === 'string' ? `pk_test_${createHash('sha256').update(secretKey).digest('hex').slice(0, 40)}` : undefined;
      return { secretKey, publicKey, encryptionKey: held.credentials.encryptionKey, encryptionIv: held.credentials.encryptionIv };
    },
    profileSchema: sayswitchSandboxMerchantSchema,
  });
  return {
    ...directory,
    bySecretKey: (key) => (key === null ? null : directory.find((merchant) => sameSecret(key, merchant.secretKey))),
    byPublicKey: (key) => directory.byKey(key),
  };
}
