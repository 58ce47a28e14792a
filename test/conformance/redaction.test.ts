/**
 * The wire log keeps no card number and no credential, for every gateway: its redactor followed by
 * the HTTP client's universal pass, over the exchanges its adapter really makes with its emulator
 * (and the wire samples in its fixtures folder), with card numbers and credentials put anywhere
 * in them by fast-check.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { createHttpClient, type HttpClient, type WireRecord } from '../../electron/core/http/http-client.ts';
import { withUniversalRedaction } from '../../electron/core/http/universal-redaction.ts';
import type { GatewayAdapter, GatewayDefinition } from '../../electron/core/gateways/types.ts';
import { systemClock } from '../../electron/core/ports.ts';
import { luhnValid } from '../../shared/card/card-rules.ts';
import type { TestCore } from '../helpers/test-core.ts';
import { cardOf, CURRENCY, gateways, profileOf, standardScenario, withConformanceCore } from './conformance-kit.ts';

let t: TestCore;
withConformanceCore((core) => {
  t = core;
});

interface Exchange {
  readonly url: string;
  readonly requestHeaders: Record<string, string>;
  readonly requestBody: string;
  readonly responseHeaders: Record<string, string>;
  readonly responseBody: string;
}

/** The same pools and wire log as the core's client, plus a copy of each exchange before redaction. */
function recordingClient(inner: HttpClient, raw: Exchange[]): HttpClient {
  return {
    async request(request) {
      const response = await inner.request(request);
      raw.push({ url: request.url, requestHeaders: request.headers ?? {}, requestBody: request.body ?? '', responseHeaders: response.headers, responseBody: response.body });
      return response;
    },
    withContext: (context) => recordingClient(inner.withContext(context), raw),
  };
}

interface Traffic {
  readonly raw: Exchange[];
  readonly logged: WireRecord[];
  readonly credentials: string[];
  readonly pan: string;
}

/** A sale with the standard approved card, a status call and a credentials check, made by the gateway's adapter against its emulator. */
async function liveTraffic(gateway: GatewayDefinition): Promise<Traffic> {
  const profileId = profileOf(gateway);
  const credentials = await t.core.internals.profiles.readCredentials(profileId);
  const { profile } = t.core.internals.profiles.adapterFor(profileId, { paymentId: null, operationId: null });
  const raw: Exchange[] = [];
  const logged: WireRecord[] = [];
  const client = createHttpClient({ clock: systemClock, wireSink: { record: (entry) => void logged.push(entry) }, requestTimeoutMs: 3_000 });
  try {
    const adapter: GatewayAdapter = gateway.createAdapter({
      profile,
      clock: systemClock,
      http: recordingClient(client.withContext({ gatewayId: gateway.descriptor.id, paymentId: 'pay_conformance', operationId: null }), raw),
      async secret(field) {
        const value = credentials[field];
        assert.ok(value, `the sandbox profile has ${field}`);
        return value;
      },
    });
    const scenario = standardScenario(t, gateway, 'approved');
    const merchantReference = `conf-${randomBytes(6).toString('hex')}`;
    const request = { kind: 'sale', amountMinor: 1500n, currency: CURRENCY, merchantReference, description: 'Conformance redaction', card: cardOf(scenario), customer: { name: 'Ana Conformance', email: 'ana@example.com' }, moto: true, storeCard: false } as const;
    const result = await adapter.purchase(request, { recordGatewayReference() {} });
    await adapter.sync({ gatewayTransactionId: result.gatewayTransactionId, merchantReference, kind: 'sale', amountMinor: 1500n, currency: CURRENCY, gatewayData: result.gatewayData, createdAt: new Date() });
    await adapter.testCredentials();
    return { raw, logged, credentials: Object.values(credentials).filter((value) => value.length >= 6), pan: scenario.card };
  } finally {
    await client.close();
  }
}

/** The gateway's wire samples (fact-sheet and seed fixtures): bodies the adapter may meet. */
function fixtureBodies(gateway: GatewayDefinition): string[] {
  const folder = join(import.meta.dirname, '../../electron/core/gateways', gateway.descriptor.id, 'fixtures');
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => !name.endsWith('.md'))
    .map((name) => readFileSync(join(folder, name), 'utf8'));
}

function digitsIn(text: string): string {
  return text.replace(/[^0-9]/g, '');
}

const luhnPan = fc
  .tuple(fc.integer({ min: 1, max: 9 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 11, maxLength: 17 }))
  .map(([first, rest]) => {
    const body = [first, ...rest].join('');
    const check = [...'0123456789'].find((digit) => luhnValid(`${body}${digit}`));
    return `${body}${check ?? '0'}`;
  });

/** As people and wires write a card number: in one piece, or in groups of four by spaces or dashes. */
const writtenPan = fc.tuple(luhnPan, fc.constantFrom('', ' ', '-')).map(([pan, separator]) => ({ pan, written: separator === '' ? pan : (pan.match(/.{1,4}/g) ?? [pan]).join(separator) }));

/** Names a wire gives a credential: what the universal pass promises to recognise. */
const credentialName = fc.constantFrom('secret', 'apiKey', 'api_key', 'x-api-key', 'access_token', 'accessToken', 'token', 'password', 'secretKey', 'client_secret', 'PASSWORD');
const credentialValue = fc.stringMatching(/^[A-Za-z0-9_-]{12,40}$/);

/** Puts `value` somewhere in a body, in the body's own syntax: a JSON leaf, a form value, or a word of text. */
function placeIn(body: string, value: string, at: number, asNumber: boolean): string {
  const trimmed = body.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const json: unknown = JSON.parse(trimmed);
      const leaves: Array<{ holder: Record<string, unknown>; key: string }> = [];
      const walk = (node: unknown): void => {
        if (node === null || typeof node !== 'object') return;
        for (const [key, child] of Object.entries(node)) {
          if (child !== null && typeof child === 'object') walk(child);
          else leaves.push({ holder: node as Record<string, unknown>, key });
        }
      };
      walk(json);
      const leaf = leaves[at % Math.max(1, leaves.length)];
      if (leaf) {
        leaf.holder[leaf.key] = asNumber && /^\d+$/.test(value) ? Number(value) : value;
        // A number too large for a double is written as the digits it carries.
        return JSON.stringify(json).replace(String(Number(value)), value);
      }
    } catch {
      // Not JSON after all: placed as text below.
    }
  }
  if (/^[^\s=&]+=[^\s]*(&[^\s=&]+=[^\s]*)*$/.test(trimmed)) {
    const pairs = [...new URLSearchParams(trimmed)];
    const index = at % Math.max(1, pairs.length);
    if (pairs[index]) pairs[index] = [pairs[index][0], value];
    return new URLSearchParams(pairs).toString();
  }
  const position = at % (body.length + 1);
  return `${body.slice(0, position)} ${value} ${body.slice(position)}`;
}

for (const gateway of gateways) {
  const id = gateway.descriptor.id;
  const redactor = withUniversalRedaction(gateway.redactor);
  describe(`${id}: the wire log keeps no card number and no credential`, () => {
    let traffic: Traffic;
    before(async () => {
      traffic = await liveTraffic(gateway);
    });

    test('in what the adapter really sent and received', () => {
      assert.ok(traffic.raw.some((exchange) => digitsIn(exchange.requestBody).includes(traffic.pan) || exchange.url.includes(traffic.pan)), 'the card number went over the wire');
      assert.equal(traffic.logged.length, traffic.raw.length, 'every exchange is in the wire log');
      const log = JSON.stringify(traffic.logged);
      assert.ok(!digitsIn(log).includes(traffic.pan), 'the card number is not in the wire log');
      for (const credential of traffic.credentials) assert.ok(!log.includes(credential), `a credential of the profile is in the wire log: ${credential.slice(0, 3)}…`);
    });

    test('with a card number put anywhere in its real bodies', () => {
      const bodies = [...traffic.raw.flatMap((exchange) => [exchange.requestBody, exchange.responseBody, exchange.url]), ...fixtureBodies(gateway)].filter((body) => body !== '');
      fc.assert(
        fc.property(fc.constantFrom(...bodies), writtenPan, fc.nat(), fc.boolean(), (body, { pan, written }, at, asNumber) => {
          const redacted = redactor.body(placeIn(body, written, at, asNumber));
          assert.ok(!digitsIn(redacted).includes(pan), `${pan} survived in ${redacted.slice(0, 300)}`);
        }),
        { numRuns: 300 },
      );
    });

    test('with a credential in Authorization, in a header or in a field named like one', () => {
      const bodies = traffic.raw.flatMap((exchange) => [exchange.requestBody, exchange.responseBody]).filter((body) => body.trim().startsWith('{') || body.includes('='));
      const headerSets = traffic.raw.flatMap((exchange) => [exchange.requestHeaders, exchange.responseHeaders]);
      fc.assert(
        fc.property(fc.constantFrom(...bodies), fc.constantFrom(...headerSets), credentialName, credentialValue, fc.constantFrom('Bearer', 'Basic', 'Token'), (body, headers, name, secret, scheme) => {
          const loggedHeaders = redactor.headers({ ...headers, Authorization: `${scheme} ${secret}`, [name]: secret, cookie: `session=${secret}`, 'set-cookie': `id=${secret}; HttpOnly` });
          assert.ok(!JSON.stringify(loggedHeaders).includes(secret), `headers kept ${secret}`);
          const trimmed = body.trim();
          const withField = trimmed.startsWith('{') ? `{${JSON.stringify(name)}:${JSON.stringify(secret)},${trimmed.slice(1)}` : `${encodeURIComponent(name)}=${secret}&${trimmed}`;
          const redacted = redactor.body(withField);
          assert.ok(!redacted.includes(secret), `the body kept ${secret}: ${redacted.slice(0, 200)}`);
        }),
        { numRuns: 200 },
      );
    });
  });
}
