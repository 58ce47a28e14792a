/**
 * Importing a SIBS payment made outside the console: a website creates it directly at the emulator
 * (checkout with Bearer, card step with Digest, as seed 001 shows), and the adapter finds it by
 * its transactionID and by its merchantTransactionId.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ValidationError } from '../../electron/core/errors.ts';
import { sibsSpg } from '../../electron/core/gateways/sibs-spg/index.ts';
import { sandboxAdapter } from '../helpers/sandbox-adapter.ts';
import type { SibsAdapter } from '../../electron/core/gateways/sibs-spg/adapter.ts';
import { createHttpClient, type PooledHttpClient } from '../../electron/core/http/http-client.ts';
import { systemClock } from '../../electron/core/ports.ts';
import { createSandboxServer, type SandboxServer } from '../../electron/core/sandbox/sandbox-server.ts';

interface Website {
  readonly base: string;
  readonly credentials: Record<string, string>;
  readonly terminalId: number;
}

async function post(url: string, authorization: string, clientId: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { Authorization: authorization, 'X-IBM-Client-Id': clientId, 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(response.status, 200, `${url} answered ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}

/** A card payment made the way a merchant's website would, without the console. */
async function payOnWebsite(site: Website, merchantTransactionId: string, paymentType: 'PURS' | 'AUTH', value: number): Promise<string> {
  const clientId = site.credentials['clientId'] ?? '';
  const timestamp = new Date().toISOString();
  const checkout = await post(`${site.base}/payments`, `Bearer ${site.credentials['authToken'] ?? ''}`, clientId, {
    merchant: { terminalId: site.terminalId, channel: 'web', merchantTransactionId },
    transaction: { transactionTimestamp: timestamp, description: 'Web order', moto: true, paymentType, amount: { value, currency: 'EUR' }, paymentMethod: ['CARD'] },
    customer: { customerInfo: { customerName: 'Ana Lopes', customerEmail: 'ana@example.pt' } },
  });
  const transactionId = String(checkout['transactionID']);
  const purchase = await post(`${site.base}/payments/${transactionId}/card/purchase`, `Digest ${String(checkout['transactionSignature'])}`, clientId, {
    cardInfo: { PAN: '4761340000000035', secureCode: '536', validationDate: '2031-12-31T00:00:00.000Z', cardholderName: 'Ana Lopes' },
  });
  assert.equal(purchase['paymentStatus'], 'Success');
  return transactionId;
}

describe('SIBS import of a payment made elsewhere', () => {
  let server: SandboxServer;
  let http: PooledHttpClient;
  let adapter: SibsAdapter;
  let site: Website;

  before(async () => {
    server = await createSandboxServer({ definitions: [sibsSpg], clock: systemClock, port: 0 });
    http = createHttpClient({ clock: systemClock, wireSink: { record: () => undefined }, requestTimeoutMs: 5_000 });
    const bound = sandboxAdapter(sibsSpg, server, http);
    adapter = bound.adapter;
    site = { base: bound.profile.baseUrl, credentials: bound.credentials, terminalId: Number(bound.profile.options['terminalId']) };
  });
  after(async () => {
    await http.close();
    await server.close();
  });

  it('lists imports among its capabilities', () => {
    assert.ok(sibsSpg.descriptor.capabilities.includes('imports'));
  });

  it('imports a purchase by its transactionID and by its merchantTransactionId', async () => {
    const merchantReference = `WEB-${randomUUID()}`;
    const transactionId = await payOnWebsite(site, merchantReference, 'PURS', 42.5);
    const byId = await adapter.capabilities.imports.fetchTransaction({ gatewayTransactionId: transactionId });
    assert.ok(byId);
    assert.deepEqual(
      [byId.gatewayTransactionId, byId.merchantReference, byId.kind, byId.method, byId.outcome, byId.amountMinor, byId.currency, byId.gatewayData['paymentType']],
      [transactionId, merchantReference, 'sale', 'card', 'succeeded', 4_250n, 'EUR', 'PURS'],
    );
    const byReference = await adapter.capabilities.imports.fetchTransaction({ merchantReference });
    assert.deepEqual(byReference, byId);
  });

  it('imports an authorisation as one, so a capture can follow', async () => {
    const merchantReference = `WEB-${randomUUID()}`;
    const transactionId = await payOnWebsite(site, merchantReference, 'AUTH', 10);
    const found = await adapter.capabilities.imports.fetchTransaction({ merchantReference });
    assert.deepEqual([found?.gatewayTransactionId, found?.kind, found?.outcome, found?.gatewayData['paymentType']], [transactionId, 'auth', 'succeeded', 'AUTH']);
  });

  it('answers null for a transactionID or a merchantTransactionId SIBS does not know', async () => {
    assert.equal(await adapter.capabilities.imports.fetchTransaction({ gatewayTransactionId: 's2NoSuchTransaction0' }), null);
    assert.equal(await adapter.capabilities.imports.fetchTransaction({ merchantReference: `NO-SUCH-${randomUUID()}` }), null);
  });

  it('refuses to import a refund as a payment, naming the payment it was made on', async () => {
    const merchantReference = `WEB-${randomUUID()}`;
    const transactionId = await payOnWebsite(site, merchantReference, 'PURS', 20);
    const refund = await post(`${site.base}/payments/${transactionId}/refund`, `Bearer ${site.credentials['authToken'] ?? ''}`, site.credentials['clientId'] ?? '', {
      merchant: { terminalId: site.terminalId, channel: 'web', merchantTransactionId: `RF-${randomUUID()}` },
      transaction: { transactionTimestamp: new Date().toISOString(), description: 'Refund', amount: { value: 5, currency: 'EUR' }, originalTransaction: { id: transactionId } },
    });
    await assert.rejects(adapter.capabilities.imports.fetchTransaction({ gatewayTransactionId: String(refund['transactionID']) }) ?? Promise.resolve(), (error: unknown) => {
      assert.ok(error instanceof ValidationError);
      assert.match(error.message, new RegExp(`import ${transactionId} instead`));
      return true;
    });
  });

  it('asks for a key when given neither', async () => {
    await assert.rejects(adapter.capabilities.imports.fetchTransaction({}) ?? Promise.resolve(), ValidationError);
  });
});
