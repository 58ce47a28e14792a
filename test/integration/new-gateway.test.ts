/**
 * `npm run new:gateway` makes a gateway that works from its first minute: run into a copy of the
 * source tree (other tests read the real one meanwhile), it writes the gateway's folder and one
 * registry line and nothing else, and the gateway it writes type-checks, passes the layer rules
 * (its emulator may not import its adapter), has the shape the conformance suite checks, and does a
 * sale, a refund, a sync and lookups against its own emulator over HTTP on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { ESLint } from 'eslint';
import type { GatewayAdapter, GatewayDefinition, PaymentRef, SandboxProfileMaterial } from '../../electron/core/gateways/types.ts';
import type { PooledHttpClient, WireRecord } from '../../electron/core/http/http-client.ts';
import type { SandboxServer } from '../../electron/core/sandbox/sandbox-server.ts';
import type { StandardScenario } from '../../electron/core/sandbox/standard-scenarios.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const ID = 'template-check';
const DISPLAY_NAME = 'Template Check';
const EXPORT_NAME = 'templateCheck';
const COPIED = ['electron', 'shared', 'build/templates', 'build/scripts/new-gateway.ts', 'tsconfig.json', 'eslint.config.js', 'package.json'];

const tree = mkdtempSync(join(tmpdir(), 'new-gateway-'));
const inTree = (path: string) => join(tree, path);
const treeModule = <T>(path: string): Promise<T> => import(pathToFileURL(inTree(path)).href) as Promise<T>;

/** Every file of the copied tree with a hash of its content, to see exactly what the generator changed. */
function snapshot(): Map<string, string> {
  const files = new Map<string, string>();
  for (const top of ['electron', 'shared', 'build']) {
    for (const entry of readdirSync(inTree(top), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      files.set(relative(tree, path).split('\\').join('/'), createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  }
  return files;
}

function changedBetween(before: Map<string, string>, after: Map<string, string>): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((path) => before.get(path) !== after.get(path)).sort();
}

function generate(...args: string[]) {
  return spawnSync(process.execPath, [inTree('build/scripts/new-gateway.ts'), ...args], { encoding: 'utf8', env: { ...process.env, npm_config_name: '' } });
}

let beforeGeneration: Map<string, string>;
let afterGeneration: Map<string, string>;
let registryBefore: string;
let typecheck: Promise<unknown>;

before(() => {
  for (const path of COPIED) cpSync(join(ROOT, path), inTree(path), { recursive: true, filter: (source) => basename(source) !== 'node_modules' && !basename(source).startsWith('.') });
  symlinkSync(realpathSync(join(ROOT, 'node_modules')), inTree('node_modules'), 'dir');
  beforeGeneration = snapshot();
  registryBefore = readFileSync(inTree('electron/core/gateways/registry.ts'), 'utf8');
  execFileSync(process.execPath, [inTree('build/scripts/new-gateway.ts'), ID, '--name', DISPLAY_NAME], { encoding: 'utf8' });
  afterGeneration = snapshot();
  // The compiler takes seconds: it runs while the gateway is exercised below.
  writeFileSync(inTree('tsconfig.generated.json'), JSON.stringify({ extends: './tsconfig.json', include: [`electron/core/gateways/${ID}`] }));
  typecheck = promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', inTree('tsconfig.generated.json'), '--noEmit'], { encoding: 'utf8' }).catch((error: { stdout?: string }) => {
    throw new Error(`tsc refused the generated gateway:\n${error.stdout ?? String(error)}`);
  });
});

after(async () => {
  await typecheck.catch(() => undefined);
  rmSync(tree, { recursive: true, force: true });
});

describe('npm run new:gateway', () => {
  test('writes the gateway’s folder and one registry line, and nothing else', () => {
    const changed = changedBetween(beforeGeneration, afterGeneration);
    const inFolder = changed.filter((path) => path.startsWith(`electron/core/gateways/${ID}/`));
    assert.deepEqual(
      changed.filter((path) => !inFolder.includes(path)),
      ['electron/core/gateways/registry.ts'],
    );
    assert.ok(inFolder.includes(`electron/core/gateways/${ID}/index.ts`) && inFolder.includes(`electron/core/gateways/${ID}/emulator/index.ts`) && inFolder.includes(`electron/core/gateways/${ID}/fixtures/SOURCES.md`));
    assert.ok(inFolder.every((path) => !path.endsWith('.tmpl')), 'template suffixes are dropped');
    assert.equal(readFileSync(inTree('electron/core/gateways/registry.ts'), 'utf8'), `${registryBefore}export { ${EXPORT_NAME} } from './${ID}/index.ts';\n`);
    for (const path of inFolder) assert.doesNotMatch(readFileSync(inTree(path), 'utf8'), /\{\{\w+\}\}/, `${path} has a placeholder left`);
  });

  test('refuses an id that is not a gateway id, and a gateway that exists, changing nothing', () => {
    const badId = generate('Template_Check');
    assert.equal(badId.status, 1);
    assert.match(badId.stderr, /is not a gateway id/);
    const badName = generate('other-check', '--name', "Robert'); drop");
    assert.equal(badName.status, 1);
    assert.match(badName.stderr, /cannot be a display name/);
    const existing = generate(ID);
    assert.equal(existing.status, 1);
    assert.match(existing.stderr, /exists already/);
    assert.deepEqual(changedBetween(afterGeneration, snapshot()), []);
  });

  test('the gateway it writes type-checks', async () => {
    await typecheck;
  });

  test('the layer rules accept it, and forbid its emulator to import its adapter', async () => {
    const eslint = new ESLint({ cwd: tree });
    const results = await eslint.lintFiles([`electron/core/gateways/${ID}`]);
    assert.ok(results.length >= 10, 'every file of the folder is linted');
    assert.deepEqual(
      results.flatMap((result) => result.messages.map((message) => `${relative(tree, result.filePath)}:${message.line} ${message.ruleId}: ${message.message}`)),
      [],
    );
    const [probe] = await eslint.lintText("import { createAdapter } from '../adapter.ts';\nexport const probe = createAdapter;\n", { filePath: inTree(`electron/core/gateways/${ID}/emulator/probe.ts`) });
    assert.ok(probe?.messages.some((message) => message.ruleId === 'layers/imports'), 'an emulator file importing its adapter is refused');
  });
});

describe('the gateway it writes', () => {
  let definition: GatewayDefinition;
  let errors: typeof import('../../electron/core/errors.ts');
  let server: SandboxServer;
  let http: PooledHttpClient;
  let material: SandboxProfileMaterial;
  let adapter: GatewayAdapter;
  let universal: typeof import('../../electron/core/http/universal-redaction.ts').withUniversalRedaction;
  const wireLog: WireRecord[] = [];

  before(async () => {
    const registry = await treeModule<Record<string, GatewayDefinition>>('electron/core/gateways/registry.ts');
    const found = Object.values(registry).find((candidate) => candidate.descriptor.id === ID);
    assert.ok(found, 'the registry line brings the gateway in');
    definition = found;
    errors = await treeModule('electron/core/errors.ts');
    const { createSandboxServer } = await treeModule<typeof import('../../electron/core/sandbox/sandbox-server.ts')>('electron/core/sandbox/sandbox-server.ts');
    const { createHttpClient } = await treeModule<typeof import('../../electron/core/http/http-client.ts')>('electron/core/http/http-client.ts');
    ({ withUniversalRedaction: universal } = await treeModule<typeof import('../../electron/core/http/universal-redaction.ts')>('electron/core/http/universal-redaction.ts'));
    const { systemClock } = await treeModule<typeof import('../../electron/core/ports.ts')>('electron/core/ports.ts');
    server = await createSandboxServer({ definitions: [definition], clock: systemClock });
    material = server.emulator(ID).sandboxProfile();
    const { baseUrlPath } = server.emulator(ID).sandboxProfile(material);
    // A short timeout keeps the withheld answer below from slowing the file.
    http = createHttpClient({ clock: systemClock, wireSink: { record: (entry) => void wireLog.push(entry) }, requestTimeoutMs: 3_000 });
    adapter = definition.createAdapter({
      profile: { id: 'profile-template-check', name: DISPLAY_NAME, gatewayId: ID, environment: 'sandbox', baseUrl: `${server.baseUrl}${baseUrlPath}`, options: material.options },
      async secret(field) {
        const value = material.credentials[field];
        assert.ok(value, `the sandbox profile has ${field}`);
        return value;
      },
      http: http.withContext({ gatewayId: ID, paymentId: null, operationId: null }),
      clock: systemClock,
    });
  });

  after(async () => {
    await http?.close();
    await server?.close();
  });

  function scenario(name: string): StandardScenario {
    const found = server.scenarios().find((candidate) => candidate.gatewayId === ID && candidate.name === name);
    assert.ok(found && found.card !== null && found.cvv !== null, `the emulator offers the standard scenario ${name} with a card`);
    return found as StandardScenario;
  }

  async function control(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${server.baseUrl}/control/${ID}${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
    assert.ok(response.ok, `${method} ${path}: HTTP ${response.status}`);
    return response.json();
  }

  function sale(merchantReference: string, card: StandardScenario, amountMinor = 1500n) {
    const request = {
      kind: 'sale',
      amountMinor,
      currency: 'EUR',
      merchantReference,
      description: 'Template check',
      card: { number: card.card, cvv: card.cvv, expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 2, holder: 'Ana Template' },
      customer: { name: 'Ana Template', email: 'ana@example.com' },
      moto: true,
      storeCard: false,
    } as const;
    const recorded: string[] = [];
    return { request, recorded, progress: { recordGatewayReference: (id: string) => void recorded.push(id) } };
  }

  const reference = () => `tc-${randomBytes(6).toString('hex')}`;

  test('has the shape the conformance suite checks: capabilities as listed, the standard scenarios', async () => {
    const { implementedCapabilities } = await treeModule<typeof import('../../electron/core/gateways/capabilities.ts')>('electron/core/gateways/capabilities.ts');
    assert.deepEqual(implementedCapabilities(adapter), [...definition.descriptor.capabilities].sort());
    assert.equal(definition.descriptor.displayName, DISPLAY_NAME);
    const { STANDARD_SCENARIO_NAMES } = await treeModule<typeof import('../../electron/core/sandbox/standard-scenarios.ts')>('electron/core/sandbox/standard-scenarios.ts');
    for (const name of Object.values(STANDARD_SCENARIO_NAMES)) scenario(name);
  });

  test('sells, syncs, refunds and looks both up against its own emulator', async () => {
    const { request, recorded, progress } = sale(reference(), scenario('approved'));
    const paid = await adapter.purchase(request, progress);
    assert.equal(paid.outcome, 'succeeded');
    assert.equal(paid.status, 'captured');
    assert.ok(paid.gatewayTransactionId);
    assert.deepEqual(recorded, [paid.gatewayTransactionId]);
    const payment: PaymentRef = { gatewayTransactionId: paid.gatewayTransactionId, merchantReference: request.merchantReference, kind: 'sale', amountMinor: 1500n, currency: 'EUR', gatewayData: paid.gatewayData, createdAt: new Date() };

    assert.deepEqual(await adapter.sync(payment), { status: 'captured', final: true, gatewayTransactionId: paid.gatewayTransactionId, gatewayCode: 'approved', gatewayMessage: null, pendingAction: null });
    assert.equal((await adapter.sync({ ...payment, gatewayTransactionId: null })).gatewayTransactionId, paid.gatewayTransactionId, 'a payment is found by its reference alone');

    const refundReference = `${request.merchantReference}-r1`;
    const refunded = await adapter.refund({ payment, kind: 'refund', amountMinor: 500n, currency: 'EUR', merchantReference: refundReference, reason: 'Template check' });
    assert.equal(refunded.outcome, 'succeeded');
    const refundFound = await adapter.lookupOperation('refund', refundReference, payment, { amountMinor: 500n });
    assert.equal(refundFound?.outcome, 'succeeded');
    assert.equal(refundFound?.gatewayOperationId, refunded.gatewayOperationId);
    await assert.rejects(adapter.lookupOperation('refund', refundReference, payment, { amountMinor: 400n }), errors.AnswerMismatchError, 'a record with another amount is not the operation looked up');
    assert.equal(await adapter.lookupOperation('refund', `${request.merchantReference}-never-sent`, payment, { amountMinor: 500n }), null);
    assert.equal((await adapter.lookupOperation('purchase', request.merchantReference, payment))?.gatewayTransactionId, paid.gatewayTransactionId);

    await assert.rejects(adapter.refund({ payment, kind: 'refund', amountMinor: 1001n, currency: 'EUR', merchantReference: `${request.merchantReference}-r2`, reason: undefined }), errors.InvalidRequestError, 'more than is left is refused');
    const { payments } = (await control('GET', '/book')) as { payments: Array<{ gatewayId: string; operations: Array<{ kind: string; state: string; amountMinor: string }> }> };
    assert.deepEqual(
      payments.find((booked) => booked.gatewayId === paid.gatewayTransactionId)?.operations.map((operation) => [operation.kind, operation.state, operation.amountMinor]),
      [
        ['refund', 'succeeded', '500'],
        ['refund', 'refused', '1001'],
      ],
    );
    assert.deepEqual(await adapter.testCredentials(), { ok: true, message: `${DISPLAY_NAME} accepted the API key for this merchant` });
  });

  test('a sale whose answer is lost leaves the outcome unknown, and the lookup finds it', async () => {
    const { request, progress } = sale(reference(), scenario('approved'));
    await control('POST', '/faults', { faults: [{ fault: 'timeout', phase: 'after', method: 'POST', pathIncludes: '/v1/payments' }] });
    const lost = await adapter.purchase(request, progress).then(
      () => null,
      (error: unknown) => error,
    );
    assert.ok(errors.leavesOutcomeUnknown(lost), `the outcome is unknown, not failed: ${String(lost)}`);
    const payment: PaymentRef = { gatewayTransactionId: null, merchantReference: request.merchantReference, kind: 'sale', amountMinor: 1500n, currency: 'EUR', gatewayData: {}, createdAt: new Date() };
    assert.equal((await adapter.lookupOperation('purchase', request.merchantReference, payment))?.outcome, 'succeeded');
  });

  test('a status it does not know is unexpected (the unknown-code scenario), never success', async () => {
    const unknownCode = scenario('unknown-code');
    await control('POST', '/faults', { faults: unknownCode.faults });
    try {
      const { request, progress } = sale(reference(), unknownCode);
      await assert.rejects(adapter.purchase(request, progress), errors.UnexpectedGatewayResponseError);
    } finally {
      await control('POST', '/faults', { faults: [] });
    }
  });

  test('its wire log keeps neither the card number nor the API key', () => {
    const pan = scenario('approved').card;
    const apiKey = material.credentials['apiKey'] ?? '';
    assert.ok(wireLog.some((entry) => entry.requestBody?.includes('"card"')), 'card payments went over the wire');
    const logged = JSON.stringify(wireLog);
    assert.ok(!logged.replace(/[^0-9]/g, '').includes(pan), 'the card number is not in the wire log');
    assert.ok(apiKey.length > 10 && !logged.includes(apiKey), 'the API key is not in the wire log');
    // The gateway's own redactor knows its card fields, even in a body cut short; the HTTP
    // client's universal pass after it removes the key.
    const body = JSON.stringify({ merchantId: 'm_1', card: { number: pan, cvv: '987', holder: 'Ana' }, apiKey });
    for (const text of [body, body.slice(0, body.indexOf('"cvv"') + 12)]) {
      const redacted = definition.redactor.body(text);
      assert.ok(!redacted.includes(pan) && !redacted.includes('987'), `redacted: ${redacted}`);
      assert.ok(!universal(definition.redactor).body(text).includes(apiKey));
    }
    assert.ok(!JSON.stringify(universal(definition.redactor).headers({ Authorization: `Bearer ${apiKey}`, cookie: `s=${apiKey}` })).includes(apiKey));
  });
});
