/**
 * The account directory keeps what it mints and what it is given back, readmits a profile only
 * when the profile holds a complete account, and compares secrets exactly.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { createAccountDirectory, sameSecret } from '../../../../electron/core/sandbox/emulator-kit/account-directory.ts';

const accountSchema = z.strictObject({ id: z.string().min(3), secret: z.string().min(8) });
type Account = z.output<typeof accountSchema>;

function directory() {
  let minted = 0;
  return createAccountDirectory<Account>({
    key: (account) => account.id,
    mint: () => ({ id: `acc-${++minted}`, secret: `secret-${minted}-xxxxxxxx` }),
    fromProfile: (held) => ({ id: held.options['accountId'], secret: held.credentials['secret'] }),
    profileSchema: accountSchema,
  });
}

describe('account directory', () => {
  it('knows the accounts it mints and admits, by key and by any test', () => {
    const accounts = directory();
    const minted = accounts.issue();
    accounts.admit({ id: 'kept', secret: 'from-the-keychain' });
    assert.deepEqual(accounts.byKey(minted.id), minted);
    assert.deepEqual(accounts.byKey('kept'), { id: 'kept', secret: 'from-the-keychain' });
    assert.equal(accounts.byKey('unknown'), null);
    assert.equal(accounts.byKey(undefined), null);
    assert.equal(accounts.find((account) => account.secret === 'from-the-keychain')?.id, 'kept');
    assert.equal(accounts.find(() => false), null);
  });

  it('readmits a complete profile and refuses an incomplete one', () => {
    const accounts = directory();
    const readmitted = accounts.readmit({ options: { accountId: 'held-1' }, credentials: { secret: 'held-secret' } });
    assert.deepEqual(readmitted, { id: 'held-1', secret: 'held-secret' });
    assert.deepEqual(accounts.byKey('held-1'), readmitted);
    assert.equal(accounts.readmit({ options: { accountId: 'held-2' }, credentials: {} }), null);
    assert.equal(accounts.byKey('held-2'), null);
  });

  it('keeps its own copy of an admitted account', () => {
    const accounts = directory();
    const given = { id: 'kept', secret: 'from-the-keychain' };
    accounts.admit(given);
    given.secret = 'changed-afterwards';
    assert.equal(accounts.byKey('kept')?.secret, 'from-the-keychain');
  });
});

describe('sameSecret', () => {
  it('accepts only the exact secret', () => {
    assert.equal(sameSecret('s3cret-token', 's3cret-token'), true);
    assert.equal(sameSecret('s3cret-tokeN', 's3cret-token'), false);
    assert.equal(sameSecret('s3cret', 's3cret-token'), false);
  });
});
