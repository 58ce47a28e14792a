import assert from 'node:assert/strict';
import { test } from 'node:test';
import { settingsSchema } from '../../electron/core/settings/settings-store.ts';
import { sameServer } from '../../electron/core/workspace/ledger-location.ts';
import { ledgerChoiceSchema, PASSWORD_IN_CONNECTION_STRING, postgresConnectionStringSchema } from '../../shared/domain/ledger-choice.ts';
import { channels } from '../../shared/ipc/contract.ts';

function messages(value: string): string[] {
  const parsed = postgresConnectionStringSchema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
}

test('accepts postgres:// and postgresql:// strings with a host, a user, a database and an sslmode', () => {
  for (const value of ['postgresql://ledger@db.example.com:5432/ledger', 'postgres://db.example.com/ledger', 'postgresql://ledger@10.0.0.5/ledger?sslmode=verify-full', 'postgresql://u@[::1]:6543/l']) {
    assert.deepEqual(messages(value), [], value);
  }
});

test('refuses a password in the connection string and says it belongs in the password field', () => {
  for (const value of ['postgresql://ledger:s3cret@db.example.com/ledger', 'postgresql://:s3cret@db.example.com/ledger', 'postgresql://ledger@db.example.com/ledger?password=s3cret']) {
    assert.deepEqual(messages(value), [PASSWORD_IN_CONNECTION_STRING], value);
  }
  assert.match(PASSWORD_IN_CONNECTION_STRING, /password field.*keychain/);
});

test('refuses strings that are not a PostgreSQL URL with a host', () => {
  const cases: Array<[string, RegExp]> = [
    ['db.example.com:5432/ledger', /postgresql:\/\//],
    ['mysql://ledger@db.example.com/ledger', /must start with postgresql:\/\//],
    ['https://db.example.com/ledger', /must start with postgresql:\/\//],
    ['postgresql:///ledger', /names no host/],
    ['postgresql://%2Fvar%2Frun%2Fpostgresql/ledger', /not a socket path/],
    ['', /Type the connection string/],
    [`postgresql://db.example.com/${'x'.repeat(1100)}`, /1024/],
  ];
  for (const [value, expected] of cases) {
    const found = messages(value);
    assert.ok(found.some((message) => expected.test(message)), `${value.slice(0, 60)} → ${JSON.stringify(found)}`);
  }
});

test('accepts sslmode only, and only libpq’s values', () => {
  assert.match(messages('postgresql://db.example.com/ledger?sslmode=sometimes').join(), /sslmode must be one of/);
  assert.match(messages('postgresql://db.example.com/ledger?sslkey=/home/me/.ssh/id_rsa').join(), /“sslkey” is not accepted/);
  assert.match(messages('postgresql://db.example.com/ledger?host=/tmp').join(), /“host” is not accepted/);
  assert.match(messages('postgresql://db.example.com/ledger?sslmode=require&sslmode=disable').join(), /once/);
});

test('a ledger choice is this computer by default, and the settings refuse a connection string with a password', () => {
  assert.deepEqual(settingsSchema.parse({}).ledger, { backend: 'sqlite' });
  assert.equal(ledgerChoiceSchema.safeParse({ backend: 'postgres', connectionString: 'postgresql://a:b@h/l' }).success, false);
  assert.equal(ledgerChoiceSchema.safeParse({ backend: 'sqlite', connectionString: 'postgresql://h/l' }).success, false);
  assert.equal(channels['ledger:save'].input.safeParse({ choice: { backend: 'postgres', connectionString: 'postgresql://ledger:pw@h/l' } }).success, false);
});

test('a server is the same only with the same host, port, user and database', () => {
  assert.ok(sameServer('postgresql://u@DB.example.com/l', 'postgres://u@db.example.com:5432/l?sslmode=require'));
  assert.ok(!sameServer('postgresql://u@db.example.com/l', 'postgresql://u@evil.example.com/l'));
  assert.ok(!sameServer('postgresql://u@db.example.com/l', 'postgresql://u@db.example.com:5433/l'));
  assert.ok(!sameServer('postgresql://u@db.example.com/l', 'postgresql://v@db.example.com/l'));
  assert.ok(!sameServer('postgresql://u@db.example.com/l', 'postgresql://u@db.example.com/other'));
});

test('a card number in the connection string is refused like in any free text', () => {
  assert.ok(messages('postgresql://ledger@db.example.com/4111111111111111').some((message) => /card number/i.test(message)));
});
