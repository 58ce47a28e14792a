/**
 * The sandbox accounts this emulator knows: an IDENTIFIER and the password that keys its HASH.
 * Generated here (or given back after a restart, since the password lives in the keychain).
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { SandboxProfileMaterial } from '../../types.ts';

export const be2billSandboxAccountSchema = z.strictObject({
  identifier: z.string().min(1).max(255),
  password: z.string().min(8).max(255),
});
export type Be2billSandboxAccount = z.output<typeof be2billSandboxAccountSchema>;

export interface Be2billAccountDirectory {
  issue(): Be2billSandboxAccount;
  admit(account: Be2billSandboxAccount): void;
  /** Admits the account a console's sandbox profile already holds; null when it holds no complete one. */
  readmit(held: SandboxProfileMaterial): Be2billSandboxAccount | null;
  byIdentifier(identifier: string): Be2billSandboxAccount | null;
}

export function createBe2billAccountDirectory(): Be2billAccountDirectory {
  const accounts = new Map<string, Be2billSandboxAccount>();
  return {
    issue() {
      const account = { identifier: `SANDBOX-${randomBytes(6).toString('hex').toUpperCase()}`, password: randomBytes(18).toString('base64url') };
      accounts.set(account.identifier, account);
      return account;
    },
    admit(account) {
      accounts.set(account.identifier, { ...account });
    },
    readmit(held) {
      const parsed = be2billSandboxAccountSchema.safeParse({ identifier: held.options.identifier, password: held.credentials.password });
      if (!parsed.success) return null;
      accounts.set(parsed.data.identifier, parsed.data);
      return parsed.data;
    },
    byIdentifier: (identifier) => accounts.get(identifier) ?? null,
  };
}
