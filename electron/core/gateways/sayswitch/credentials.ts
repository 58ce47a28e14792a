/**
 * What the console keeps in the keychain for a Sayswitch profile, and the checks made before a
 * value is stored. The key decides the environment (fact sheet §1): a live key on a test profile
 * would move real money from a screen that says SANDBOX or TEST, and a test key on a production
 * profile would make every payment fail with 403.
 */
import type { Environment } from '../../../../shared/domain/schemas.ts';
import type { CredentialField } from '../types.ts';
import { payloadIvProblem, payloadKeyProblem } from './payload-crypto.ts';

export const SAYSWITCH_CREDENTIAL_FIELDS: readonly CredentialField[] = [
  // Signs webhooks (HMAC-SHA512) as well as every API call.
  { name: 'secretKey', label: 'Secret key (sk_test_… or sk_live_…)', webhooks: true },
  // Only needed when payload encryption is switched on in the dashboard (fact sheet §7).
  { name: 'encryptionKey', label: 'Payload encryption key (32 characters, from Settings → API Keys → Encryption)' },
  { name: 'encryptionIv', label: 'Payload encryption IV (from the same page; the first 16 characters are used)' },
];

export type SayswitchKeyDomain = 'test' | 'live';

export function keyDomainOf(secretKey: string): SayswitchKeyDomain | null {
  if (/^sk_test_\S+$/.test(secretKey)) return 'test';
  if (/^sk_live_\S+$/.test(secretKey)) return 'live';
  return null;
}

export function checkSayswitchCredential(field: string, value: string, environment: Environment): string | null {
  switch (field) {
    case 'secretKey': {
      if (/^pk_(test|live)_/.test(value)) return 'This is the public key (pk_…); the console needs the secret key (sk_test_… or sk_live_…)';
      const domain = keyDomainOf(value);
      if (domain === null) return 'A Sayswitch secret key starts with sk_test_ or sk_live_';
      if (domain === 'live' && environment !== 'production') return `A live key (sk_live_…) moves real money; it cannot be stored on a ${environment} profile. Use the sk_test_ key, or a production profile`;
      if (domain === 'test' && environment === 'production') return 'A test key (sk_test_…) cannot be stored on a production profile: Sayswitch would refuse every call with 403. Use the sk_live_ key';
      return null;
    }
    case 'encryptionKey':
      return payloadKeyProblem(value);
    case 'encryptionIv':
      return payloadIvProblem(value);
    default:
      return null;
  }
}
