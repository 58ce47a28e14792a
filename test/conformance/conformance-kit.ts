/**
 * What every conformance check needs to drive a gateway it knows nothing about: a real core
 * against the sandbox (test-core.ts), the gateway's standard scenarios (sandbox/standard-scenarios.ts),
 * its emulator's control surface (fault plan, book, notification URL), and a card payment made
 * with a scenario's card, the customer's step included. No check names a gateway: whatever a
 * gateway must tell the suite comes from its registry entry or its emulator.
 */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { gatewayRegistry } from '../../electron/core/gateways/gateway-catalog.ts';
import type { CapabilityName, GatewayDefinition } from '../../electron/core/gateways/types.ts';
import { STEP_COMPLETE_ACTION_SUFFIX, type StandardScenario, type StandardScenarioName } from '../../electron/core/sandbox/standard-scenarios.ts';
import { sandboxBookSchema, type SandboxBookPayment } from '../../electron/core/sandbox/sandbox-book.ts';
import { sandboxProfileId } from '../../electron/core/workspace/sandbox-workspace.ts';
import type { PaymentStatus } from '../../shared/domain/schemas.ts';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';

export const gateways: readonly GatewayDefinition[] = [...gatewayRegistry.values()];

/** The suite pays in euros; every gateway's sandbox takes them for cards. */
export const CURRENCY = 'EUR';
const CUSTOMER = { name: 'Ana Conformance', email: 'ana@example.com' };
/** Statuses a payment leaves once the gateway has said how it ended. */
const WAITING: ReadonlySet<PaymentStatus> = new Set(['pending', 'requires_action', 'unknown']);

/** Starts one real core for the file's checks (handed to `use`, which may set up more around it) and removes it after them. */
export function withConformanceCore(use: (core: TestCore) => void | Promise<void>): void {
  let started: TestCore | null = null;
  before(async () => {
    // A short timeout keeps a withheld answer (fault `timeout`) from slowing the suite.
    started = await startTestCore({ requestTimeoutMs: 3_000 });
    await use(started);
  });
  after(async () => {
    if (started === null) return;
    await started.close();
    removeDir(started.dataDir);
  });
}

export function profileOf(gateway: GatewayDefinition): string {
  return sandboxProfileId(gateway.descriptor.id);
}

/** Whether the gateway has these capabilities (the core verbs — purchase, refund, sync, lookup — every gateway has). */
export function supports(gateway: GatewayDefinition, ...capabilities: CapabilityName[]): boolean {
  return capabilities.every((name) => gateway.descriptor.capabilities.includes(name));
}

/** The emulator's sandbox control routes (`/control/<gatewayId>/…`), as a test or the sandbox tools use them. */
export interface SandboxControl {
  get(path: string): Promise<unknown>;
  post(path: string, body: unknown): Promise<unknown>;
  setFaults(faults: readonly unknown[]): Promise<void>;
  book(): Promise<SandboxBookPayment[]>;
}

export async function sandboxControl(t: TestCore, gateway: GatewayDefinition): Promise<SandboxControl> {
  const { baseUrl } = await t.value('sandbox:info', {});
  assert.ok(baseUrl, 'the sandbox runs');
  const root = `${baseUrl}/control/${gateway.descriptor.id}`;
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${root}${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
    const text = await response.text();
    assert.ok(response.ok, `${method} ${path} answered ${response.status}: ${text}`);
    return text === '' ? null : (JSON.parse(text) as unknown);
  };
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    async setFaults(faults) {
      await call('POST', '/faults', { faults });
    },
    async book() {
      return sandboxBookSchema.parse(await call('GET', '/book')).payments;
    },
  };
}

/** One of the scenarios every emulator offers under the same name; missing is a conformance failure. */
export function standardScenario(t: TestCore, gateway: GatewayDefinition, name: StandardScenarioName): StandardScenario {
  const sandbox = t.core.internals.sandbox;
  assert.ok(sandbox, 'the sandbox runs');
  const found = sandbox.server.scenarios().find((scenario) => scenario.gatewayId === gateway.descriptor.id && scenario.name === name);
  assert.ok(found, `the ${gateway.descriptor.id} emulator offers no standard scenario "${name}" (see sandbox/standard-scenarios.ts)`);
  assert.ok(found.card !== null && found.cvv !== null, `the standard scenario "${name}" of ${gateway.descriptor.id} names a card and its CVV`);
  return found as StandardScenario;
}

export function cardOf(scenario: StandardScenario) {
  return { number: scenario.card, cvv: scenario.cvv, expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 3, holder: CUSTOMER.name };
}

export async function statusOf(t: TestCore, paymentId: string): Promise<PaymentStatus> {
  return (await t.value('payments:get', { paymentId })).payment.status;
}

/**
 * Syncs, as an operator would, until `done` accepts the payment's status; returns that status. A
 * sync refused on the way (a gateway's per-transaction rate limit) is tried again.
 */
export async function syncUntil(t: TestCore, paymentId: string, done: (status: PaymentStatus) => boolean, what: string, timeoutMs = 15_000): Promise<PaymentStatus> {
  const deadline = Date.now() + timeoutMs;
  let last = 'nothing yet';
  for (;;) {
    const answer = await t.call('payments:sync', { paymentId });
    if (answer.ok && done(answer.value.payment.status)) return answer.value.payment.status;
    last = answer.ok ? answer.value.payment.status : `${answer.error.kind}: ${answer.error.message}`;
    if (Date.now() > deadline) assert.fail(`payment ${paymentId}: timed out waiting for ${what} (last: ${last})`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** Syncs until the payment has left the waiting statuses; returns where it ended. */
export function settled(t: TestCore, paymentId: string): Promise<PaymentStatus> {
  return syncUntil(t, paymentId, (status) => !WAITING.has(status), 'a final answer');
}

async function passCustomerStep(t: TestCore, gateway: GatewayDefinition, paymentId: string): Promise<void> {
  const { customerActions } = await t.value('sandbox:info', {});
  const complete = customerActions.find((action) => action.gatewayId === gateway.descriptor.id && action.target === 'payment' && action.name.endsWith(STEP_COMPLETE_ACTION_SUFFIX));
  assert.ok(complete, `${gateway.descriptor.id} asks the customer for a step but its emulator has no "*${STEP_COMPLETE_ACTION_SUFFIX}" customer action`);
  const done = await t.value('sandbox:act', { action: complete.name, targetId: paymentId });
  assert.ok(done.ok, done.message);
}

export interface CardPayment {
  readonly paymentId: string;
  /** What the payment call itself answered, before any step or sync. */
  readonly answered: PaymentStatus;
  readonly status: PaymentStatus;
}

/** A MOTO card payment with the scenario's card; a customer step the gateway asks for is passed, then the payment is synced until it settles. */
export async function payByCard(t: TestCore, gateway: GatewayDefinition, scenario: StandardScenario, kind: 'sale' | 'auth', amount: string): Promise<CardPayment> {
  const outcome = await t.value('payments:createMoto', { profileId: profileOf(gateway), kind, money: { amount, currency: CURRENCY }, customer: CUSTOMER, card: cardOf(scenario) });
  if (outcome.paymentStatus === 'requires_action') await passCustomerStep(t, gateway, outcome.paymentId);
  const status = WAITING.has(outcome.paymentStatus) ? await settled(t, outcome.paymentId) : outcome.paymentStatus;
  return { paymentId: outcome.paymentId, answered: outcome.paymentStatus, status };
}

/** Approved with the gateway's standard card; fails the test otherwise. */
export async function approvedPayment(t: TestCore, gateway: GatewayDefinition, kind: 'sale' | 'auth', amount: string): Promise<string> {
  const payment = await payByCard(t, gateway, standardScenario(t, gateway, 'approved'), kind, amount);
  assert.equal(payment.status, kind === 'sale' ? 'captured' : 'authorized', `the standard approved card on ${gateway.descriptor.id}`);
  return payment.paymentId;
}

/** The emulator's own record of a payment: what the gateway did, whatever the console believes. */
export async function bookedPayment(t: TestCore, control: SandboxControl, paymentId: string): Promise<SandboxBookPayment> {
  const { payment } = await t.value('payments:get', { paymentId });
  const booked = (await control.book()).find((entry) => entry.merchantReference === payment.merchantReference || (payment.gatewayTransactionId !== null && entry.gatewayId === payment.gatewayTransactionId));
  assert.ok(booked, `the emulator has a record of payment ${paymentId}`);
  return booked;
}

/** Waits until the payment shows `wanted` (a refund a gateway settles later). */
export async function reaches(t: TestCore, paymentId: string, wanted: PaymentStatus): Promise<void> {
  await syncUntil(t, paymentId, (status) => status === wanted, wanted);
}
