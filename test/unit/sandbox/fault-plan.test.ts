/**
 * Fault plans aim at one kind of request even where one path serves several (Be2bill's single
 * endpoint, OPPWA's back office), and a slow answer can come after the emulator acted, so that its
 * webhook arrives first.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createFaultInjector, faultPlanSchema, withFaults } from '../../../electron/core/sandbox/fault-plan.ts';
import type { EmulatorRequest, EmulatorResponse } from '../../../electron/core/gateways/types.ts';

function requestWith(rawBody: string, path = '/front/service/rest/process'): EmulatorRequest {
  return { method: 'POST', path, params: {}, query: new URLSearchParams(), headers: {}, rawBody };
}

const bodies = { httpError: (status: 500 | 503 | 429): EmulatorResponse => ({ status, body: { error: status } }) };

describe('fault plan', () => {
  it('applies a fault only to requests whose body contains the given text', async () => {
    const injector = createFaultInjector();
    const plan = faultPlanSchema.parse({ faults: [{ fault: 'http-503', bodyIncludes: 'method=refund' }] });
    injector.set(plan.faults, plan.latency);
    const acted: string[] = [];
    const [route] = withFaults([{ method: 'POST', path: '/front/service/rest/process', handle: (request) => (acted.push(request.rawBody), { status: 200, body: {} }) }], injector, bodies);
    assert.ok(route);
    assert.equal((await route.handle(requestWith('method=getTransactions&params[ORDERID]=A'))).status, 200);
    assert.equal((await route.handle(requestWith('method=refund&params[AMOUNT]=100'))).status, 503);
    assert.equal((await route.handle(requestWith('method=refund&params[AMOUNT]=100'))).status, 200, 'the fault was used once');
    assert.deepEqual(acted, ['method=getTransactions&params[ORDERID]=A', 'method=refund&params[AMOUNT]=100']);
  });

  it('delays matching requests before the emulator acts by default', async () => {
    const injector = createFaultInjector();
    injector.set([], faultPlanSchema.parse({ faults: [], latency: [{ ms: 150, bodyIncludes: 'paymentType=RF' }] }).latency);
    let actedAt = 0;
    const [route] = withFaults([{ method: 'POST', path: '/v1/payments/:id', handle: () => ((actedAt = Date.now()), { status: 200, body: {} }) }], injector, bodies);
    assert.ok(route);
    const started = Date.now();
    await route.handle(requestWith('paymentType=CP&amount=1.00', '/v1/payments/abc'));
    assert.ok(actedAt - started < 100, 'a capture is not slowed');
    const slowStart = Date.now();
    await route.handle(requestWith('paymentType=RF&amount=1.00', '/v1/payments/abc'));
    assert.ok(actedAt - slowStart >= 140, `the refund waited before it was recorded (${actedAt - slowStart} ms)`);
  });

  it('holds the answer after the emulator acted when the rule says after', async () => {
    const injector = createFaultInjector();
    injector.set([], faultPlanSchema.parse({ faults: [], latency: [{ ms: 150, phase: 'after', pathIncludes: '/refund' }] }).latency);
    let actedAt = 0;
    const [route] = withFaults([{ method: 'POST', path: '/api/v2/payments/:id/refund', handle: () => ((actedAt = Date.now()), { status: 200, body: {} }) }], injector, bodies);
    assert.ok(route);
    const started = Date.now();
    await route.handle(requestWith('{}', '/api/v2/payments/s2x/refund'));
    const answeredAt = Date.now();
    assert.ok(actedAt - started < 100, 'the emulator acted at once');
    assert.ok(answeredAt - actedAt >= 140, `the answer came ${answeredAt - actedAt} ms after`);
  });

  it('rewrites text in the answers that carry it, after the emulator acted, for as many answers as planned', async () => {
    const injector = createFaultInjector();
    const plan = faultPlanSchema.parse({ faults: [{ fault: 'rewrite', phase: 'after', count: 2, find: '"status":"success"', replace: '"status":"on_hold"' }] });
    injector.set(plan.faults, plan.latency);
    let acted = 0;
    const [route] = withFaults([{ method: 'POST', path: '/pay', handle: (request) => (acted++, { status: 200, body: { status: request.rawBody } }) }], injector, bodies);
    assert.ok(route);
    const other = await route.handle(requestWith('failed', '/pay'));
    assert.deepEqual(other.body, { status: 'failed' }, 'an answer without the text is left alone');
    for (let i = 0; i < 2; i++) assert.equal((await route.handle(requestWith('success', '/pay'))).body, '{"status":"on_hold"}');
    assert.deepEqual((await route.handle(requestWith('success', '/pay'))).body, { status: 'success' }, 'the plan was spent on the answers it rewrote');
    assert.equal(acted, 4, 'the emulator acted on every request');
  });

  it('refuses a rewrite without its text, before the emulator acts, or find on another fault', () => {
    assert.equal(faultPlanSchema.safeParse({ faults: [{ fault: 'rewrite', phase: 'after', find: 'a' }] }).success, false);
    assert.equal(faultPlanSchema.safeParse({ faults: [{ fault: 'rewrite', find: 'a', replace: 'b' }] }).success, false);
    assert.equal(faultPlanSchema.safeParse({ faults: [{ fault: 'http-500', find: 'a', replace: 'b' }] }).success, false);
  });
});
