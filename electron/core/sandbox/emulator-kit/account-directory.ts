/**
 * The sandbox merchant accounts an emulator knows: those it mints, those admitted back from the
 * keychain after a restart (its memory does not outlive the run), and those a console's sandbox
 * profile already holds. What an account is, how it is minted and where a profile keeps its parts
 * are the gateway's; nothing else authenticates.
 */
import { timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import type { SandboxProfileMaterial } from '../../gateways/types.ts';

export interface AccountDirectory<Account> {
  /** Mints a new account with random credentials. */
  issue(): Account;
  admit(account: Account): void;
  /** Admits the account a console's sandbox profile already holds; null when it holds no complete one. */
  readmit(held: SandboxProfileMaterial): Account | null;
  byKey(key: string | undefined): Account | null;
  find(matches: (account: Account) => boolean): Account | null;
}

export interface AccountKind<Account> {
  /** What names an account uniquely (a client id, an identifier, a token). */
  key(account: Account): string;
  mint(): Account;
  /** The account as a profile holds it, its parts taken from options and credentials. */
  fromProfile(held: SandboxProfileMaterial): unknown;
  /** Checks what `fromProfile` found; an incomplete profile fails it and a new account is minted. */
  readonly profileSchema: z.ZodType<Account>;
}

export function createAccountDirectory<Account extends object>(kind: AccountKind<Account>): AccountDirectory<Account> {
  const accounts = new Map<string, Account>();
  const admit = (account: Account): Account => {
    const copy = { ...account };
    accounts.set(kind.key(copy), copy);
    return copy;
  };
  return {
    issue: () => admit(kind.mint()),
    admit(account) {
      admit(account);
    },
    readmit(held) {
      const parsed = kind.profileSchema.safeParse(kind.fromProfile(held));
      return parsed.success ? admit(parsed.data) : null;
    },
    byKey: (key) => (key === undefined ? null : (accounts.get(key) ?? null)),
    find: (matches) => [...accounts.values()].find(matches) ?? null,
  };
}

/** Compares a presented secret with the account's in constant time. */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
