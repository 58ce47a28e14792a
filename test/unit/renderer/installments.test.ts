import { test } from 'node:test';
import assert from 'node:assert/strict';
import { translate } from '../../../renderer/src/i18n/translate.ts';
import {
  describeInstallmentProblem,
  monthlyDates,
  problemTarget,
  proposeInstallments,
  scheduleToday,
  splitEvenly,
  validateInstallments,
  type InstallmentRow,
} from '../../../renderer/src/features/new-payment/utils/installments.ts';
import { buildMotoRequest } from '../../../renderer/src/features/new-payment/utils/moto-form.ts';
import { offersInstallments } from '../../../renderer/src/features/new-payment/utils/payment-methods.ts';
import { motoFormValues } from '../../helpers/moto-form-values.ts';

const t = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate('en', key, vars);
const TODAY = '2025-01-31';

test('splits a total evenly in minor units, the remainder on the first instalment', () => {
  assert.deepEqual(splitEvenly(10000n, 3), [3334n, 3333n, 3333n]);
  assert.deepEqual(splitEvenly(10001n, 2), [5001n, 5000n]);
  assert.deepEqual(splitEvenly(1200n, 12), Array.from({ length: 12 }, () => 100n));
  const parts = splitEvenly(99999999999999999n, 7);
  assert.equal(parts.reduce((sum, part) => sum + part, 0n), 99999999999999999n, 'no minor unit is lost, even beyond float precision');
  assert.throws(() => splitEvenly(100n, 0), RangeError);
});

test('dates instalments a month apart, keeping the day where the month has it', () => {
  assert.deepEqual(monthlyDates('2025-01-31', 4), ['2025-01-31', '2025-02-28', '2025-03-31', '2025-04-30']);
  assert.deepEqual(monthlyDates('2024-01-31', 2), ['2024-01-31', '2024-02-29']);
  assert.deepEqual(monthlyDates('2025-11-15', 3), ['2025-11-15', '2025-12-15', '2026-01-15']);
});

test('proposes the total split over monthly dates from today, amounts in the currency decimals', () => {
  assert.deepEqual(proposeInstallments('100', 'EUR', 3, TODAY), [
    { date: '2025-01-31', amount: '33.34' },
    { date: '2025-02-28', amount: '33.33' },
    { date: '2025-03-31', amount: '33.33' },
  ]);
  assert.deepEqual(proposeInstallments('1000', 'JPY', 3, TODAY).map((row) => row.amount), ['334', '333', '333']);
  assert.deepEqual(proposeInstallments('10,01', 'EUR', 2, TODAY).map((row) => row.amount), ['5.01', '5.00']);
  assert.deepEqual(proposeInstallments('', 'EUR', 2, TODAY), [
    { date: '2025-01-31', amount: '' },
    { date: '2025-02-28', amount: '' },
  ]);
});

test('accepts a proposed plan and sends its amounts in the contract’s decimal form', () => {
  const rows = proposeInstallments('100.00', 'EUR', 3, TODAY);
  assert.deepEqual(validateInstallments(rows, '100.00', 'EUR', 'sale', TODAY), {
    ok: true,
    installments: [
      { date: '2025-01-31', amount: '33.34' },
      { date: '2025-02-28', amount: '33.33' },
      { date: '2025-03-31', amount: '33.33' },
    ],
  });
  const typed: InstallmentRow[] = [
    { date: TODAY, amount: '50,5' },
    { date: '2025-03-01', amount: '49.5' },
  ];
  const checked = validateInstallments(typed, '100', 'EUR', 'sale', TODAY);
  assert.deepEqual(checked.ok ? checked.installments.map((row) => row.amount) : null, ['50.50', '49.50']);
});

test('refuses a plan whose instalments do not add up to the total, by one minor unit', () => {
  const rows: InstallmentRow[] = [
    { date: TODAY, amount: '33.33' },
    { date: '2025-02-28', amount: '33.33' },
    { date: '2025-03-31', amount: '33.33' },
  ];
  const checked = validateInstallments(rows, '100.00', 'EUR', 'sale', TODAY);
  assert.equal(checked.ok, false);
  const problems = checked.ok ? [] : checked.problems;
  assert.deepEqual(problems, [{ code: 'sum', sum: '99.99', total: '100.00', currency: 'EUR' }]);
  assert.equal(describeInstallmentProblem(problems[0]!, t), 'The instalments add up to 99.99 EUR, not 100.00 EUR.');
  assert.equal(problemTarget(problems[0]!), null);
});

test('names each instalment that is wrong: amount, date, order, first not today', () => {
  const rows: InstallmentRow[] = [
    { date: '2025-02-01', amount: '10' },
    { date: '2025-02-30', amount: '0' },
    { date: '2025-01-15', amount: '10.001' },
  ];
  const checked = validateInstallments(rows, '20', 'EUR', 'sale', TODAY);
  assert.equal(checked.ok, false);
  const codes = checked.ok ? [] : checked.problems.map((problem) => ('index' in problem ? `${problem.code}@${problem.index}` : problem.code));
  assert.deepEqual(codes.sort(), ['amount@1', 'amount@2', 'date@1', 'firstNotToday@0', 'order@2'].sort());
  assert.deepEqual(problemTarget({ code: 'amount', index: 2 }), { index: 2, part: 'amount' });
  assert.deepEqual(problemTarget({ code: 'order', index: 2 }), { index: 2, part: 'date' });
  assert.equal(describeInstallmentProblem({ code: 'firstNotToday', index: 0, today: TODAY }, t), 'The first instalment is charged today (2025-01-31).');
});

test('refuses instalments on an authorisation and outside 2 to 12 of them', () => {
  const auth = validateInstallments(proposeInstallments('100', 'EUR', 2, TODAY), '100', 'EUR', 'auth', TODAY);
  assert.deepEqual(auth.ok ? [] : auth.problems.map((problem) => problem.code), ['saleOnly']);
  const one = validateInstallments([{ date: TODAY, amount: '100' }], '100', 'EUR', 'sale', TODAY);
  assert.deepEqual(one.ok ? [] : one.problems.map((problem) => problem.code), ['count']);
  const thirteen = validateInstallments(proposeInstallments('130', 'EUR', 13, TODAY), '130', 'EUR', 'sale', TODAY);
  assert.deepEqual(thirteen.ok ? [] : thirteen.problems.map((problem) => problem.code), ['count']);
});

test('leaves a wrong total to the amount field rather than reporting a sum', () => {
  const checked = validateInstallments(proposeInstallments('100', 'EUR', 2, TODAY), 'abc', 'EUR', 'sale', TODAY);
  assert.deepEqual(checked.ok ? 'ok' : checked.problems, 'ok');
});

test('dates the first instalment on the UTC day, as the core checks it', () => {
  assert.equal(scheduleToday(new Date('2025-06-30T23:30:00Z')), '2025-06-30');
  assert.equal(scheduleToday(new Date('2025-07-01T00:10:00+02:00')), '2025-06-30');
});

test('sends the plan with the MOTO payment only when there is one', () => {
  const values = motoFormValues({ amount: '100', expiry: '12/30' });
  assert.equal(buildMotoRequest(values, 'p')?.installments, undefined);
  const plan = [
    { date: TODAY, amount: '50.00' },
    { date: '2025-02-28', amount: '50.00' },
  ];
  assert.deepEqual(buildMotoRequest(values, 'p', plan)?.installments, plan);
});

test('offers an instalment plan only on gateways that can stop one', () => {
  assert.equal(offersInstallments(null), false);
  assert.equal(offersInstallments({ capabilities: [] }), false);
  assert.equal(offersInstallments({ capabilities: ['schedules'] }), true);
});
