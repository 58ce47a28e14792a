/**
 * The sandbox merchants this emulator knows: a test secret key (and its public key), and the key
 * and IV the dashboard would generate for payload encryption. Credentials are generated here (or
 * given back after a restart, since they live in the keychain); nothing else authenticates.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { SandboxProfileMaterial } from '../../types.ts';

export const sayswitchSandboxMerchantSchema = z.strictObject({
  secretKey: z.string().regex(/^sk_test_[A-Za-z0-9]{16,128}$/),
  publicKey: z.string().regex(/^pk_test_[A-Za-z0-9]{16,128}$/),
  encryptionKey: z.string().length(32),
  encryptionIv: z.string().min(16).max(64),
});
export type SayswitchSandboxMerchant = z.output<typeof sayswitchSandboxMerchantSchema>;

export interface SayswitchMerchantDirectory {
  issue(): SayswitchSandboxMerchant;
  admit(merchant: SayswitchSandboxMerchant): void;
  /** Admits the merchant a console's sandbox profile already holds; null when it holds no complete one. */
  readmit(held: SandboxProfileMaterial): SayswitchSandboxMerchant | null;
  bySecretKey(key: string | null): SayswitchSandboxMerchant | null;
  byPublicKey(key: string): SayswitchSandboxMerchant | null;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function createSayswitchMerchantDirectory(): SayswitchMerchantDirectory {
  const merchants: SayswitchSandboxMerchant[] = [];
  return {
    issue() {
      const merchant: SayswitchSandboxMerchant = {
        secretKey: `sk_test_${randomBytes(20).toString('hex')}`,
        publicKey: `pk_test_${randomBytes(20).toString('hex')}`,
        // Printable, exactly 32 bytes as text: the samples use the key string's bytes as they are.
        encryptionKey: randomBytes(16).toString('hex'),
        encryptionIv: randomBytes(8).toString('hex'),
      };
      merchants.push(merchant);
      return merchant;
    },
    admit(merchant) {
      merchants.push({ ...merchant });
    },
    readmit(held) {
      const secretKey = held.credentials.secretKey;
      // The console keeps no public key; one derived from the secret key names the same merchant every time.
      const publicKey = typeof secretKey === 'string' ? `pk_test_${createHash('sha256').update(secretKey).digest('hex').slice(0, 40)}` : undefined;
      const parsed = sayswitchSandboxMerchantSchema.safeParse({ secretKey, publicKey, encryptionKey: held.credentials.encryptionKey, encryptionIv: held.credentials.encryptionIv });
      if (!parsed.success) return null;
      merchants.push(parsed.data);
      return parsed.data;
    },
    bySecretKey(key) {
      if (key === null) return null;
      return merchants.find((merchant) => sameSecret(key, merchant.secretKey)) ?? null;
    },
    byPublicKey: (key) => merchants.find((merchant) => merchant.publicKey === key) ?? null,
  };
}
