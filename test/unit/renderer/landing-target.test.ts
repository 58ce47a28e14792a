/** The landing's question: asked once early for the first landing, afresh for any later one, and the list when the ledger is empty or cannot say. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { landingQuestion } from '../../../renderer/src/app/landing-target.ts';
import { scriptedCall } from '../../helpers/scripted-call.ts';

function ledgerWith(rows: number) {
  return scriptedCall({
    'payments:search': async () => ({ ok: true, value: { rows: Array.from({ length: rows }, () => ({}) as never), nextCursor: null, skipped: 0 } as never }),
  });
}

test('asked early, the question goes out at once and the first landing takes its answer without asking again', async () => {
  const { call, calls } = ledgerWith(1);
  const landing = landingQuestion(call);
  landing.askEarly();
  landing.askEarly();
  assert.deepEqual(calls, [{ channel: 'payments:search', input: { limit: 1 } }], 'asked once, before any landing renders');
  assert.equal(await landing.target(), 'dashboard');
  assert.equal(calls.length, 1);
  assert.equal(await landing.target(), 'dashboard', 'a later landing asks again');
  assert.equal(calls.length, 2);
});

test('an empty ledger, or one that cannot answer, opens the payments list', async () => {
  assert.equal(await landingQuestion(ledgerWith(0).call).target(), 'transactions');
  const failing = scriptedCall({ 'payments:search': async () => ({ ok: false, error: { kind: 'connection', message: 'down' } }) as never });
  assert.equal(await landingQuestion(failing.call).target(), 'transactions');
});

test('the answer asked early is taken once: by the page as it starts, or by the landing, never both', async () => {
  const { call, calls } = ledgerWith(0);
  const landing = landingQuestion(call);
  const early = landing.askEarly();
  assert.equal(landing.askEarly(), early, 'asked once');
  assert.equal(landing.takeEarly(), early, 'the page takes it');
  assert.equal(landing.takeEarly(), null, 'and no one else');
  assert.equal(await early, 'transactions');
  assert.equal(await landing.target(), 'transactions');
  assert.equal(calls.length, 2, 'a landing after the page took the answer asks afresh');

  const second = landingQuestion(call);
  const asked = second.askEarly();
  assert.equal(await second.target(), 'transactions');
  assert.equal(second.takeEarly(), null, 'the landing took it first');
  assert.equal(await asked, 'transactions');
});
