/**
 * The console imports a SIBS payment its merchant's website made (straight at the sandbox, with
 * the same credentials), and can then refund it like one of its own.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestCore, removeDir, type TestCore } from '../helpers/test-core.ts';
import { sandboxProfileId } from '../../electron/core/workspace/sandbox-workspace.ts';
import { createKeytarVault } from '../../electron/core/vault/keytar-vault.ts';
import type { CredentialStore } from '../../electron/core/vault/credential-store.ts';
import { refunded } from '../helpers/refund-outcome.ts';

const PROFILE = sandboxProfileId('sibs-spg');

/** The keychain, remembering what the sandbox profile's credentials were set to, as the merchant knows them. */
function rememberingVault(service: string, remembered: Map<string, string>): CredentialStore {
  const vault = createKeytarVault(service);
  return {
    async set(account, secret) {
      const field = account.split('/').at(-1) ?? '';
      if (account.includes(`${PROFILE}/`)) remembered.set(field, secret);
      await vault.set(account, secret);
    },
    get: (account) => vault.get(account),
    delete: (account) => vault.delete(account),
  };
}

async function post(url: string, authorization: string, clientId: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { Authorization: authorization, 'X-IBM-Client-Id': clientId, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 200, `${url} answered ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}

describe('core: importing a SIBS payment made by the website', () => {
  const credentials = new Map<string, string>();
  let t: TestCore;
  before(async () => {
    const keychainService = `payments-console-test-${randomUUID().slice(0, 12)}`;
    t = await startTestCore({ keychainService, vault: rememberingVault(keychainService, credentials) });
  });
  after(async () => {
    await t.close();
    removeDir(t.dataDir);
  });

  test('imports by merchantTransactionId, then refunds part of it through the console', async () => {
    const profile = (await t.value('profiles:list', {})).find((candidate) => candidate.id === PROFILE);
    assert.ok(profile);
    const clientId = credentials.get('clientId') ?? '';
    assert.notEqual(clientId, '', 'the sandbox profile got its credentials');
    const api = `${t.core.info.sandboxBaseUrl}/sibs-spg/api/v2`;
    const merchantReference = `WEB-${randomUUID().slice(0, 8)}`;
    const checkout = await post(`${api}/payments`, `Bearer ${credentials.get('authToken') ?? ''}`, clientId, {
      merchant: { terminalId: Number(profile.options['terminalId']), channel: 'web', merchantTransactionId: merchantReference },
      transaction: { transactionTimestamp: new Date().toISOString(), description: 'Web order', moto: false, paymentType: 'PURS', amount: { value: 20, currency: 'EUR' }, paymentMethod: ['CARD'] },
      customer: { customerInfo: { customerName: 'Ana Lopes' } },
    });
    const transactionId = String(checkout['transactionID']);
    const paid = await post(`${api}/payments/${transactionId}/card/purchase`, `Digest ${String(checkout['transactionSignature'])}`, clientId, {
      cardInfo: { PAN: '4761340000000035', secureCode: '536', validationDate: '2031-12-31T00:00:00.000Z' },
    });
    assert.equal(paid['paymentStatus'], 'Success');

    const imported = await t.value('payments:import', { profileId: PROFILE, merchantReference });
    const paymentId = imported.payment.id;
    const detail = await t.value('payments:get', { paymentId });
    assert.deepEqual([detail.payment.status, detail.payment.imported, detail.payment.gatewayTransactionId, detail.payment.refundable], ['captured', true, transactionId, '20.00']);
    const again = await t.value('payments:import', { profileId: PROFILE, gatewayTransactionId: transactionId });
    assert.equal(again.payment.id, paymentId, 'a second import finds the same payment');

    const refund = refunded(await t.value('payments:refund', { paymentId, amount: '5.00', expectedRefundable: '20.00', reason: 'Damaged item' }));
    assert.deepEqual([refund.state, refund.paymentStatus], ['succeeded', 'partially_refunded']);
    const view = (await (await fetch(`${t.core.info.sandboxBaseUrl}/control/sibs-spg/payments/${transactionId}`)).json()) as { refunded?: string };
    assert.equal(view.refunded, '5.00');
  });

  test('says SIBS has no such payment for an unknown merchantTransactionId', async () => {
    const answer = await t.call('payments:import', { profileId: PROFILE, merchantReference: `NO-SUCH-${randomUUID().slice(0, 8)}` });
    assert.equal(answer.ok, false);
    assert.equal(answer.ok ? null : answer.error.kind, 'not_found');
  });
});
