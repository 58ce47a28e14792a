/**
 * What the renderer offers an operator in team mode, decided from `operators:me` alone: the
 * navigation, a payment's actions, the New payment methods; the Operators form's role and rights
 * tuning and the core's field errors placed on it; who may decide an approval; the thresholds form.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OPERATOR_RIGHTS, ROLE_RIGHTS, type OperatorRight, type OperatorRole } from '../../../shared/domain/operators.ts';
import type { ApprovalRequest, ChannelName, ChannelOutput, PaymentDetail } from '../../../shared/ipc/contract.ts';
import type { Envelope } from '../../../shared/ipc/envelope.ts';
import type { CallFn } from '../../../renderer/src/api/client.ts';
import { navItemShown } from '../../../renderer/src/app/nav-visibility.ts';
import { decisionOffer, hasLapsed, queueInput } from '../../../renderer/src/features/approvals/utils/approval-queue.ts';
import { checkThresholdLines, linesOf } from '../../../renderer/src/features/approvals/utils/threshold-draft.ts';
import { checkOperatorDraft, draftOf, newOperatorDraft, problemsFromError, rightSource, rightsAfterSave, saveInputOf, withRight, withRole } from '../../../renderer/src/features/operators/utils/operator-form.ts';
import { actionsNotOffered, operatorMay } from '../../../renderer/src/features/payment-detail/utils/action-rights.ts';
import { selectOfferedActions } from '../../../renderer/src/features/payment-detail/stores/payment-detail-store.ts';
import { methodsOperatorMay, PAYMENT_METHOD_CHOICES } from '../../../renderer/src/features/new-payment/utils/payment-methods.ts';
import { rightsOf, type OperatorMe } from '../../../renderer/src/queries/operator-query.ts';
import { pendingRequestsFor } from '../../../renderer/src/queries/approvals-badge-query.ts';
import { parseRoute, routeHref } from '../../../renderer/src/routing/route.ts';
import { openPaymentPage } from '../../helpers/payment-page.ts';
import { auditActionLabel, auditTargetLabel } from '../../../renderer/src/features/audit/utils/audit-vocabulary.ts';
import { translate, type Translate } from '../../../renderer/src/i18n/translate.ts';
import { paymentSummaryFixture } from '../../helpers/payment-summary.ts';

function teamOperator(login: string, role: OperatorRole, rights: readonly OperatorRight[] = ROLE_RIGHTS[role]): OperatorMe {
  return { mode: 'team', login, role, rights: [...rights] };
}

const SOLO: OperatorMe = { mode: 'solo', login: 'maria', role: 'admin', rights: [...OPERATOR_RIGHTS] };
const NAV = {
  newPayment: { needsAny: ['moto', 'mbway', 'multibanco'] as OperatorRight[] },
  approvals: { teamOnly: true },
  operators: { teamOnly: true, needsAny: ['operators'] as OperatorRight[] },
  sandbox: { sandboxOnly: true },
  transactions: {},
};

test('before the core says who the operator is, nothing that takes a right is offered', () => {
  const unknown = rightsOf(undefined);
  assert.equal(unknown.known, false);
  assert.equal(OPERATOR_RIGHTS.some((right) => unknown.may(right)), false);
  assert.equal(navItemShown(NAV.newPayment, true, unknown), false);
  assert.equal(navItemShown(NAV.transactions, true, unknown), true, 'reading needs no right');
});

test('solo mode offers every screen it always did and none of the team screens', () => {
  const solo = rightsOf(SOLO);
  assert.equal(solo.team, false);
  assert.ok(OPERATOR_RIGHTS.every((right) => solo.may(right)));
  assert.equal(navItemShown(NAV.newPayment, false, solo), true);
  assert.equal(navItemShown(NAV.sandbox, true, solo), true);
  assert.equal(navItemShown(NAV.sandbox, false, solo), false);
  assert.equal(navItemShown(NAV.approvals, true, solo), false, 'no approvals on a ledger of one');
  assert.equal(navItemShown(NAV.operators, true, solo), false, 'no operators on a ledger of one');
});

test('an agent sees New payment and Approvals but no Operators entry; an admin sees Operators', () => {
  const agent = rightsOf(teamOperator('ana', 'agent'));
  assert.equal(navItemShown(NAV.newPayment, true, agent), true);
  assert.equal(navItemShown(NAV.approvals, true, agent), true);
  assert.equal(navItemShown(NAV.operators, true, agent), false);
  const viewer = rightsOf(teamOperator('vera', 'viewer'));
  assert.equal(navItemShown(NAV.newPayment, true, viewer), false, 'a viewer takes no payments');
  assert.equal(navItemShown(NAV.operators, true, rightsOf(teamOperator('root_admin', 'admin'))), true);
  assert.equal(navItemShown(NAV.operators, true, rightsOf(teamOperator('tuned', 'finance', [...ROLE_RIGHTS.finance, 'operators']))), true, 'a right added to the role counts');
});

function detail(actions: Partial<PaymentDetail['actions']>): PaymentDetail {
  return {
    payment: paymentSummaryFixture('pay_1'),
    operations: [],
    statusHistory: [],
    wireEntries: 0,
    actions: { capture: false, refund: false, void: false, sync: false, continueAction: false, rebill: false, stopSchedule: false, ...actions },
    refundPolicy: { partial: true, note: null },
  };
}

test("an agent is offered no refund, capture or void on a payment that allows them, and is told why; a sync stays", () => {
  const allowed = selectOfferedActions(detail({ refund: true, capture: true, void: true, sync: true, rebill: true }));
  const agent = rightsOf(teamOperator('ana', 'agent'));
  assert.deepEqual(
    allowed.filter((action) => operatorMay(action, agent)),
    ['sync'],
  );
  assert.deepEqual(actionsNotOffered(allowed, agent), ['capture', 'void', 'refund', 'rebill']);
  const finance = rightsOf(teamOperator('filipa', 'finance'));
  assert.deepEqual(actionsNotOffered(allowed, finance), []);
  const noRefund = rightsOf(teamOperator('tiago', 'finance', ROLE_RIGHTS.finance.filter((right) => right !== 'refund')));
  assert.deepEqual(actionsNotOffered(allowed, noRefund), ['refund']);
  assert.deepEqual(actionsNotOffered(allowed, rightsOf(undefined)), [], 'nothing is explained before the operator is known');
});

test("a viewer, who writes nothing to the shared ledger, is offered no sync either: its audit entry would be a write", () => {
  const viewer = rightsOf(teamOperator('vera', 'viewer'));
  assert.equal(viewer.writes, false);
  assert.equal(operatorMay('sync', viewer), false);
  assert.equal(rightsOf(teamOperator('m', 'viewer', ['mbway'])).writes, true, 'one right is enough to write');
  assert.equal(rightsOf(SOLO).writes, true);
  assert.equal(rightsOf(undefined).writes, false);
});

test('New payment offers the methods the operator may take: MB WAY alone for an operator tuned to it', () => {
  assert.deepEqual(methodsOperatorMay(PAYMENT_METHOD_CHOICES, rightsOf(teamOperator('ana', 'agent'))), [...PAYMENT_METHOD_CHOICES]);
  assert.deepEqual(methodsOperatorMay(PAYMENT_METHOD_CHOICES, rightsOf(teamOperator('m', 'viewer', ['mbway']))), ['mbway']);
  assert.deepEqual(methodsOperatorMay(PAYMENT_METHOD_CHOICES, rightsOf(teamOperator('f', 'finance'))), []);
  assert.deepEqual(methodsOperatorMay(['card', 'multibanco'], rightsOf(SOLO)), ['card', 'multibanco']);
});

test('the operators form starts from the role, and a tick against it is an added or removed right', () => {
  let draft = withRole({ ...newOperatorDraft(), login: 'rui_finance' }, 'finance');
  assert.deepEqual(draft.rights, [...ROLE_RIGHTS.finance]);
  draft = withRight(withRight(draft, 'void', false), 'moto', true);
  assert.equal(rightSource(draft, 'void'), 'removed');
  assert.equal(rightSource(draft, 'moto'), 'added');
  assert.equal(rightSource(draft, 'refund'), 'role');
  assert.equal(rightSource(draft, 'operators'), 'none');
  assert.deepEqual(saveInputOf(draft), { login: 'rui_finance', role: 'finance', added: ['moto'], removed: ['void'] });
  assert.deepEqual(rightsAfterSave(draft), ['moto', 'refund', 'capture', 'mit', 'recon', 'approve_refund']);
  assert.deepEqual(withRole(draft, 'agent').rights, [...ROLE_RIGHTS.agent], 'tuning made for one role does not carry to another');
  const existing = draftOf({ login: 'ana', role: 'agent', rights: ['moto'] });
  assert.deepEqual(saveInputOf(existing), { login: 'ana', role: 'agent', added: [], removed: ['mbway', 'multibanco'] });
});

test("the form checks the login by the contract's own rule before sending it", () => {
  assert.deepEqual(checkOperatorDraft({ ...newOperatorDraft(), login: 'ana_1' }), {});
  assert.equal(checkOperatorDraft({ ...newOperatorDraft(), login: '' }).login, 'Type the database login');
  assert.match(checkOperatorDraft({ ...newOperatorDraft(), login: 'Ana Maria' }).login ?? '', /Lower-case letters/);
  assert.match(checkOperatorDraft({ ...newOperatorDraft(), login: 'a'.repeat(64) }).login ?? '', /63/);
});

test("the core's typed errors land on the form's fields; one without a field stays with the form", () => {
  const validation = problemsFromError({ kind: 'validation', message: 'The request is not valid', fields: { login: 'No such database login', 'added.0': 'Invalid option' } });
  assert.deepEqual(validation.fields, { login: 'No such database login', rights: 'Invalid option' });
  assert.equal(validation.rest, null);
  const mixed = problemsFromError({ kind: 'validation', message: 'Bad', fields: { role: 'Unknown role', other: 'Odd' } });
  assert.deepEqual(mixed.fields, { role: 'Unknown role' });
  assert.deepEqual(mixed.rest, { kind: 'validation', message: 'Bad', fields: { other: 'Odd' } });
  const refused = { kind: 'forbidden' as const, message: 'ana (agent) may not change operators' };
  assert.deepEqual(problemsFromError(refused), { fields: {}, rest: refused });
});

function request(overrides: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    id: 'apr_1',
    paymentId: 'pay_1',
    profileId: 'p1',
    merchantReference: 'ORDER-1',
    amount: '500.00',
    currency: 'EUR',
    reason: 'Order cancelled',
    requestedBy: 'filipa',
    requestedAt: '2026-05-10T10:00:00.000Z',
    expiresAt: '2026-05-11T10:00:00.000Z',
    status: 'pending',
    decidedBy: null,
    decidedAt: null,
    note: null,
    operationId: null,
    ...overrides,
  };
}

test('the requester is never offered a decision on their own request; another finance operator is', () => {
  assert.equal(decisionOffer(request(), rightsOf(teamOperator('filipa', 'finance'))), 'own-request');
  assert.equal(decisionOffer(request(), rightsOf(teamOperator('gil', 'finance'))), 'decide');
  assert.equal(decisionOffer(request(), rightsOf(teamOperator('ana', 'agent'))), 'no-right');
  assert.equal(decisionOffer(request({ status: 'approved', decidedBy: 'gil' }), rightsOf(teamOperator('gil', 'finance'))), 'decided');
  assert.equal(decisionOffer(request({ requestedBy: 'root_admin' }), rightsOf(teamOperator('root_admin', 'admin'))), 'own-request', 'an admin is no exception');
});

test("a payment page finds the refund requests still waiting on it", () => {
  const requests = [request(), request({ id: 'apr_2', paymentId: 'pay_2' }), request({ id: 'apr_3', status: 'rejected' })];
  assert.deepEqual(
    pendingRequestsFor(requests, 'pay_1').map((each) => each.id),
    ['apr_1'],
  );
  assert.deepEqual(pendingRequestsFor(requests, 'pay_9'), []);
});

test('the queue asks for every request or one status, and a pending request past its expiry reads as lapsed', () => {
  assert.deepEqual(queueInput('all'), { limit: 500 });
  assert.deepEqual(queueInput('pending'), { status: 'pending', limit: 500 });
  assert.equal(hasLapsed(request(), Date.parse('2026-05-11T09:59:59.000Z')), false);
  assert.equal(hasLapsed(request(), Date.parse('2026-05-11T10:00:00.000Z')), true);
  assert.equal(hasLapsed(request({ status: 'approved' }), Date.parse('2027-01-01T00:00:00.000Z')), false);
});

test("thresholds are checked by the contract's currency rule and the currency's decimals, one per currency", () => {
  assert.deepEqual(checkThresholdLines([{ key: 0, currency: 'eur', amount: '250,5' }, { key: 1, currency: 'NGN', amount: '0' }]), {
    ok: true,
    thresholds: [
      { currency: 'EUR', amount: '250.50' },
      { currency: 'NGN', amount: '0' },
    ],
  });
  const bad = checkThresholdLines([
    { key: 0, currency: 'EUR', amount: '10.001' },
    { key: 1, currency: 'XXQ', amount: '5' },
    { key: 2, currency: 'EUR', amount: '-3' },
  ]);
  assert.equal(bad.ok, false);
  assert.deepEqual(!bad.ok && bad.problems, [
    { line: 0, field: 'amount', problem: 'decimals' },
    { line: 1, field: 'currency', problem: 'currency' },
    { line: 2, field: 'currency', problem: 'duplicate' },
    { line: 2, field: 'amount', problem: 'negative' },
  ]);
  assert.deepEqual(
    linesOf([{ profileId: 'a', currency: 'EUR', amount: '100.00' }, { profileId: 'b', currency: 'EUR', amount: '5.00' }], 'a'),
    [{ key: 0, currency: 'EUR', amount: '100.00' }],
  );
});

test('the Approvals and Operators screens have addresses of their own', () => {
  assert.deepEqual(parseRoute(routeHref({ name: 'approvals' })), { name: 'approvals' });
  assert.deepEqual(parseRoute(routeHref({ name: 'operators' })), { name: 'operators' });
  assert.deepEqual(parseRoute('#/operators/x'), { name: 'transactions' });
});

test("a refund above the threshold leaves the page saying it was sent for approval, with no outcome of a refund", async () => {
  const payment = paymentSummaryFixture('pay_1', { refundable: '500.00', captured: '500.00' });
  const pageDetail = { ...detail({ refund: true }), payment };
  const approval = request();
  const call = (async (channel: ChannelName, input: unknown): Promise<Envelope<unknown>> => {
    if (channel === 'payments:get') return { ok: true, value: pageDetail };
    if (channel === 'payments:refund') {
      assert.deepEqual(input, { paymentId: 'pay_1', amount: '500.00', expectedRefundable: '500.00', reason: 'Order cancelled' });
      return { ok: true, value: { approvalRequested: approval } satisfies ChannelOutput<'payments:refund'> };
    }
    return { ok: false, error: { kind: 'not_found', message: channel } };
  }) as unknown as CallFn;
  const page = await openPaymentPage(call, 'pay_1');
  assert.equal(await page.store.getState().refund('500.00', '500.00', 'Order cancelled'), true);
  assert.deepEqual(page.store.getState().approvalRequested, approval);
  assert.equal(page.store.getState().lastOutcome, null);
  page.store.getState().clearActionResult();
  assert.equal(page.store.getState().approvalRequested, null);
});


test("changes to operators, refund requests and thresholds are named in the audit log's words in both languages", () => {
  const en: Translate = (key, vars) => translate('en', key, vars);
  const pt: Translate = (key, vars) => translate('pt-PT', key, vars);
  assert.equal(auditActionLabel(en, 'operator.save'), 'Operator added or changed');
  assert.equal(auditActionLabel(pt, 'operator.remove'), 'Operador removido');
  assert.equal(auditTargetLabel(en, 'operator', 'ana_agent'), 'Operator ana_agent');
  assert.equal(auditActionLabel(en, 'refund.approval-requested'), 'Refund sent for approval');
  assert.equal(auditActionLabel(pt, 'refund.approval-approved'), 'Pedido de reembolso aprovado');
  assert.equal(auditActionLabel(en, 'refund.thresholds'), 'Four-eyes thresholds changed');
});
