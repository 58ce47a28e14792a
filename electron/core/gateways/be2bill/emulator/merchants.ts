/**
 * The sandbox accounts this emulator knows: an IDENTIFIER and the password that keys its HASH.
 * Generated here (or given back after a restart, since the password lives in the keychain).
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { createAccountDirectory, type AccountDirectory } from '../../../sandbox/emulator-kit/account-directory.ts';

export const be2billSandboxAccountSchema = z.strictObject({
  identifier: z.string().min(1).max(255),
  password: z.string().min(8).max(255),
});
export type Be2billSandboxAccount = z.output<typeof be2billSandboxAccountSchema>;

export interface Be2billAccountDirectory extends AccountDirectory<Be2billSandboxAccount> {
  byIdentifier(identifier: string): Be2billSandboxAccount | null;
}

export function createBe2billAccountDirectory(): Be2billAccountDirectory {
  const directory = createAccountDirectory<Be2billSandboxAccount>({
    key: (account) => account.identifier,
    mint: () => ({ identifier: `SANDBOX-${randomBytes(6).toString('hex').toUpperCase()}`, password: randomBytes(18).toString('base64url') }),
    fromProfile: (held) => ({ identifier: held.options.identifier, password: held.credentials.password }),
    profileSchema: be2billSandboxAccountSchema,
  });
  return { ...directory, byIdentifier: directory.byKey };
}
