/**
 * A merchant reference through the door, per gateway, against the emulators over HTTP: "Encomenda
 * nº 15 — Café" goes through where the gateway takes accented text and is refused in words naming
 * the gateway where it does not, with nothing in the ledger and nothing on the wire; typed with a
 * combining accent it is the same reference. Every request goes through a recording relay in front
 * of the sandbox, so "nothing on the wire" is seen, not assumed, and the property at the end holds
 * the core and each emulator to the same rule from both sides.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { aciOppwa } from '../../electron/core/gateways/aci-oppwa/index.ts';
import { be2bill } from '../../electron/core/gateways/be2bill/index.ts';
import { sayswitch } from '../../electron/core/gateways/sayswitch/index.ts';
import { sibsSpg } from '../../electron/core/gateways/sibs-spg/index.ts';
import { createSandboxServer, type SandboxServer } from '../../electron/core/sandbox/sandbox-server.ts';
import { systemClock } from '../../electron/core/ports.ts';
import type { GatewayId } from '../../shared/domain/schemas.ts';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';

interface Exchange {
  readonly path: string;
  readonly requestBody: string;
  readonly status: number;
  readonly answer: string;
}

/** Forwards every request to the sandbox and keeps what went out and what came back. */
async function recordingRelay(target: string): Promise<{ url: string; exchanges: Exchange[]; close(): Promise<void> }> {
  const exchanges: Exchange[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const requestBody = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(Object.entries(request.headers).filter(([name, value]) => typeof value === 'string' && !['host', 'content-length', 'connection'].includes(name))) as Record<string, string>;
      const method = request.method ?? 'GET';
      void fetch(`${target}${request.url ?? '/'}`, { method, headers, ...(method === 'GET' || method === 'HEAD' ? {} : { body: requestBody }) }).then(async (answered) => {
        const answer = await answered.text();
        exchanges.push({ path: request.url ?? '/', requestBody, status: answered.status, answer });
        response.writeHead(answered.status, { 'content-type': answered.headers.get('content-type') ?? 'application/json' });
        response.end(answer);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { url: `http://127.0.0.1:${address.port}`, exchanges, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

type Known = 'sibs-spg' | 'aci-oppwa' | 'be2bill' | 'sayswitch';

/** What each emulator answers when the reference itself is what it refuses. */
const REFUSES_REFERENCE: Record<Known, (exchange: Exchange) => boolean> = {
  'sibs-spg': (e) => e.status === 400 && e.answer.includes('E0101') && e.answer.includes('merchantTransactionId'),
  'aci-oppwa': (e) => e.answer.includes('200.300.404') && e.answer.includes('"name":"merchantTransactionId"'),
  be2bill: (e) => e.answer.includes('"1002"') && e.answer.includes('ORDERID'),
  sayswitch: (e) => e.status === 400 && e.answer.includes('Validation error') && e.answer.includes('reference'),
};

const SALES: Record<Known, { money: { amount: string; currency: string }; card: { number: string; cvv: string } }> = {
  'sibs-spg': { money: { amount: '12.00', currency: 'EUR' }, card: { number: '4761340000000035', cvv: '536' } },
  'aci-oppwa': { money: { amount: '12.00', currency: 'EUR' }, card: { number: '4200000000000000', cvv: '123' } },
  be2bill: { money: { amount: '12.00', currency: 'EUR' }, card: { number: '5555556778250000', cvv: '123' } },
  sayswitch: { money: { amount: '1200.00', currency: 'NGN' }, card: { number: '5204730000002449', cvv: '244' } },
};

let sandbox: SandboxServer;
let relay: Awaited<ReturnType<typeof recordingRelay>>;
let t: TestCore;
const profiles = new Map<GatewayId, string>();

function sale(gatewayId: Known, merchantReference: string) {
  const { money, card } = SALES[gatewayId];
  return {
    profileId: profiles.get(gatewayId) ?? '',
    kind: 'sale' as const,
    money,
    merchantReference,
    customer: { email: 'ana@example.pt' },
    card: { ...card, expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 2, holder: 'Ana Silva' },
  };
}

async function paymentsOf(gatewayId: GatewayId): Promise<Array<{ merchantReference: string }>> {
  return (await t.value('payments:search', { profileId: profiles.get(gatewayId) ?? '' })).rows;
}

async function addProfile(gatewayId: GatewayId, options: Record<string, string | number> = {}): Promise<string> {
  const generated = sandbox.emulator(gatewayId).sandboxProfile();
  const name = `${gatewayId} references ${profiles.size}${Object.keys(options).join(' ')}`;
  const profile = await t.value('profiles:create', { name, gatewayId, environment: 'sandbox', baseUrl: `${relay.url}${generated.baseUrlPath}`, options: { ...generated.options, ...options } });
  for (const [field, value] of Object.entries(generated.credentials)) await t.value('credentials:set', { profileId: profile.id, field, value });
  return profile.id;
}

before(async () => {
  sandbox = await createSandboxServer({ definitions: [sibsSpg, aciOppwa, be2bill, sayswitch], clock: systemClock, port: 0 });
  relay = await recordingRelay(sandbox.baseUrl);
  t = await startTestCore({ dataDir: mkdtempSync(join(tmpdir(), 'console-references-')), sandbox: { enabled: false }, requestTimeoutMs: 5_000 });
  for (const gatewayId of ['sibs-spg', 'aci-oppwa', 'be2bill', 'sayswitch'] as const) profiles.set(gatewayId, await addProfile(gatewayId));
});
after(async () => {
  await t.close();
  removeDir(t.dataDir);
  await relay.close();
  await sandbox.close();
});

describe('an accented reference, gateway by gateway', () => {
  for (const gatewayId of ['sibs-spg', 'aci-oppwa'] as const) {
    test(`${gatewayId} takes "Encomenda nº 15 — Café", stored in NFC however the accent was typed`, async () => {
      const composed = `Encomenda nº 15 — Café ${gatewayId}`;
      const decomposed = composed.normalize('NFD');
      assert.notEqual(decomposed, composed);
      const sent = relay.exchanges.length;
      const outcome = await t.value('payments:createMoto', sale(gatewayId, decomposed));
      assert.notEqual(outcome.paymentStatus, 'failed');
      const detail = await t.value('payments:get', { paymentId: outcome.paymentId });
      assert.equal(detail.payment.merchantReference, composed);
      const wire = relay.exchanges.slice(sent);
      assert.ok(wire.some((exchange) => decodeURIComponent(exchange.requestBody.replaceAll('+', ' ')).includes(composed) || exchange.requestBody.includes(JSON.stringify(composed).slice(1, -1))), 'the gateway received the NFC reference');
      assert.equal(wire.some(REFUSES_REFERENCE[gatewayId]), false);
      // The same reference typed the other way is the same reference: the ledger's uniqueness holds.
      const again = await t.call('payments:createMoto', sale(gatewayId, composed));
      assert.equal(!again.ok && again.error.kind, 'conflict');
    });
  }

  const refusing = { be2bill: 'Be2bill / Dalenys', sayswitch: 'Sayswitch' } as const;
  for (const [gatewayId, name] of Object.entries(refusing) as Array<[keyof typeof refusing, string]>) {
    test(`${gatewayId} refuses "Encomenda nº 15 — Café" in words, with nothing written and nothing sent`, async () => {
      const before = await paymentsOf(gatewayId);
      const sent = relay.exchanges.length;
      const refused = await t.call('payments:createMoto', sale(gatewayId, 'Encomenda nº 15 — Café'));
      assert.equal(refused.ok, false);
      if (refused.ok) return;
      assert.equal(refused.error.kind, 'validation');
      const words = refused.error.fields?.['merchantReference'] ?? '';
      assert.ok(words.startsWith(`${name} accepts `), words);
      assert.match(words, /“º”/);
      assert.match(words, /“é”/);
      assert.equal(relay.exchanges.length, sent, 'nothing reached the gateway');
      assert.deepEqual(await paymentsOf(gatewayId), before, 'nothing was written to the ledger');
    });
  }

  test('an unaccented reference goes through on every gateway', async () => {
    for (const gatewayId of ['sibs-spg', 'aci-oppwa', 'be2bill', 'sayswitch'] as const) {
      const outcome = await t.value('payments:createMoto', sale(gatewayId, `ENC-15-${gatewayId}`));
      assert.notEqual(outcome.paymentStatus, 'failed', gatewayId);
    }
  });
});

describe('each emulator refuses a reference as its gateway would', () => {
  test('with the console loosened by a profile option, the gateway itself refuses, in its own words', async () => {
    const loosened: Array<[Known, Record<string, string | number>, string]> = [
      ['be2bill', { referenceCharacters: 'printable' }, 'Café 15'],
      ['sayswitch', { referenceCharacters: 'printable' }, 'Encomenda 15'],
      ['sibs-spg', { referenceMaxLength: 100 }, `ENC-${'9'.repeat(10)}-${'x'.repeat(70)}`],
    ];
    for (const [gatewayId, options, reference] of loosened) {
      const profileId = await addProfile(gatewayId, options);
      const sent = relay.exchanges.length;
      const { money, card } = SALES[gatewayId];
      await t.call('payments:createMoto', { profileId, kind: 'sale', money, merchantReference: reference, customer: { email: 'ana@example.pt' }, card: { ...card, expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 2, holder: 'Ana Silva' } });
      assert.ok(relay.exchanges.slice(sent).some(REFUSES_REFERENCE[gatewayId]), `${gatewayId} answered ${JSON.stringify(relay.exchanges.slice(sent).map((e) => e.answer))}`);
    }
  });

  test('OPPWA answers 200.300.404 naming merchantTransactionId for one longer than 255 characters', async () => {
    const generated = sandbox.emulator('aci-oppwa').sandboxProfile();
    const form = new URLSearchParams({
      entityId: String(generated.options['entityId']),
      amount: '12.00',
      currency: 'EUR',
      paymentType: 'DB',
      paymentBrand: 'VISA',
      'card.number': '4200000000000000',
      'card.holder': 'Ana Silva',
      'card.expiryMonth': '12',
      'card.expiryYear': String(new Date().getUTCFullYear() + 2),
      'card.cvv': '123',
      merchantTransactionId: 'é'.repeat(256),
    });
    const response = await fetch(`${sandbox.emulatorBaseUrl('aci-oppwa')}/v1/payments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${generated.credentials['accessToken'] ?? ''}`, 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
      body: form.toString(),
    });
    const answer = (await response.json()) as { result: { code: string; parameterErrors?: Array<{ name: string }> } };
    assert.equal(response.status, 400);
    assert.equal(answer.result.code, '200.300.404');
    assert.deepEqual(answer.result.parameterErrors?.map((error) => error.name), ['merchantTransactionId']);
    form.set('merchantTransactionId', 'é'.repeat(255));
    const fits = await fetch(`${sandbox.emulatorBaseUrl('aci-oppwa')}/v1/payments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${generated.credentials['accessToken'] ?? ''}`, 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
      body: form.toString(),
    });
    assert.equal(fits.status, 200, await fits.text());
  });
});

/** References as people type them and as a careless import might: accents, symbols, spaces, invisible characters, lengths around each limit. */
const referenceText = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'Z', '7', '-', '_', '.', '=', ' ', ':', '/', '#', 'é', 'º', 'ç', 'e\u0301', '😀', '\u200B', '\t', '€'), minLength: 0, maxLength: 70 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 24 }),
  fc.string({ unit: fc.constantFrom('A', 'b', '9', '-'), minLength: 60, maxLength: 70 }),
);

describe('the core and each emulator hold the same rule', () => {
  for (const gatewayId of ['sibs-spg', 'aci-oppwa', 'be2bill', 'sayswitch'] as const) {
    test(`${gatewayId}: what the core accepts its emulator accepts, and what the core refuses is never sent`, async () => {
      let run = 0;
      const seen = { accepted: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(referenceText, async (typed) => {
          run += 1;
          // A suffix of safe characters keeps each try's reference its own, whatever was typed.
          const reference = typed.length === 0 ? typed : `${typed}${run}`;
          const sent = relay.exchanges.length;
          const answer = await t.call('payments:createMoto', sale(gatewayId, reference));
          const wire = relay.exchanges.slice(sent);
          if (!answer.ok && answer.error.kind === 'validation' && answer.error.fields?.['merchantReference'] !== undefined) {
            assert.deepEqual(wire, [], `refused ${JSON.stringify(reference)} yet sent it`);
            seen.refused += 1;
          } else {
            seen.accepted += 1;
            assert.equal(wire.some(REFUSES_REFERENCE[gatewayId]), false, `the core let ${JSON.stringify(reference)} through and the emulator refused it`);
          }
        }),
        { numRuns: 40 },
      );
      // Both sides of the rule were tried, or the property proved nothing.
      assert.ok(seen.accepted > 0 && seen.refused > 0, JSON.stringify(seen));
    });
  }
});
