/**
 * Control routes answer in one shape for every emulator: refusals as {error, message}, an action's
 * outcome as 200 or 409, and booked records listed and shown, brought up to date before showing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { controlError, controlNotFound, outcomeAnswer } from '../../../../electron/core/sandbox/emulator-kit/control-answers.ts';
import { recordRoutes } from '../../../../electron/core/sandbox/emulator-kit/record-routes.ts';
import type { EmulatorRequest } from '../../../../electron/core/gateways/types.ts';

function get(path: string, params: Record<string, string> = {}): EmulatorRequest {
  return { method: 'GET', path, params, query: new URLSearchParams(), headers: {}, rawBody: '' };
}

describe('control answers', () => {
  it('refuses as {error, message}', () => {
    assert.deepEqual(controlError(400, 'invalid_json', 'The body must be JSON'), { status: 400, body: { error: 'invalid_json', message: 'The body must be JSON' } });
    assert.deepEqual(controlNotFound('schedule', 'S-9'), { status: 404, body: { error: 'not_found', message: 'No schedule S-9' } });
  });

  it('answers a done action 200 and a refused one 409, with the outcome as body', () => {
    assert.deepEqual(outcomeAnswer({ ok: true, message: 'done', id: 'x' }), { status: 200, body: { ok: true, message: 'done', id: 'x' } });
    assert.deepEqual(outcomeAnswer({ ok: false, message: 'no session' }), { status: 409, body: { ok: false, message: 'no session' } });
  });
});

describe('record routes', () => {
  const records = [
    { id: 'a', state: 'pending' },
    { id: 'b', state: 'pending' },
  ];
  const touched: string[] = [];
  const routes = recordRoutes({
    collection: 'payments',
    noun: 'payment',
    all: () => records,
    find: (id) => records.find((record) => record.id === id) ?? null,
    view: (record) => ({ ...record }),
    touch(record) {
      touched.push(record.id);
      record.state = 'settled';
    },
  });
  const [list, show] = routes;

  it('lists every record under the collection’s key', async () => {
    assert.equal(list?.path, '/payments');
    assert.deepEqual(await list?.handle(get('/payments')), { status: 200, body: { payments: [{ id: 'a', state: 'pending' }, { id: 'b', state: 'pending' }] } });
  });

  it('shows one record after bringing it up to date, and 404s an unknown id without touching anything', async () => {
    assert.equal(show?.path, '/payments/:id');
    assert.deepEqual(await show?.handle(get('/payments/b', { id: 'b' })), { status: 200, body: { id: 'b', state: 'settled' } });
    assert.deepEqual(await show?.handle(get('/payments/z', { id: 'z' })), { status: 404, body: { error: 'not_found', message: 'No payment z' } });
    assert.deepEqual(touched, ['b']);
  });
});
