import { useId } from 'react';
import { DayInput } from '../../../components/DayInput.tsx';
import { useT } from '../../../i18n/locale-store.ts';
import {
  describeInstallmentProblem,
  MAX_INSTALLMENTS,
  MIN_INSTALLMENTS,
  problemTarget,
  type InstallmentProblem,
  type InstallmentRow,
} from '../utils/installments.ts';

const COUNTS = Array.from({ length: MAX_INSTALLMENTS - MIN_INSTALLMENTS + 1 }, (_, index) => MIN_INSTALLMENTS + index);

/** DOM id of a row's input, so the form can move the focus to the first row with a problem. */
export function installmentInputId(index: number, part: 'date' | 'amount'): string {
  return `moto-installment-${index}-${part}`;
}

/**
 * The rows of an instalment plan: one date and one amount each. The first is charged with this
 * payment, so its date is today and cannot be moved; the gateway charges the others on their dates.
 */
export function InstallmentPlan(props: {
  rows: readonly InstallmentRow[];
  currency: string;
  problems: readonly InstallmentProblem[];
  onCountChange: (count: number) => void;
  onSplitEvenly: () => void;
  onRowChange: (index: number, row: InstallmentRow) => void;
}) {
  const t = useT();
  const id = useId();
  const { rows, problems } = props;
  const rowsWithProblems = new Set(problems.map((problem) => problemTarget(problem)?.index).filter((index) => index !== undefined));
  const messages = problems.map((problem) => describeInstallmentProblem(problem, t));

  return (
    <fieldset className="installment-plan field-wide" data-testid="moto-installments" aria-describedby={`${id}-hint`}>
      <legend>{t('installments.title')}</legend>
      <p id={`${id}-hint`} className="hint">
        {t('installments.hint')}
      </p>
      <div className="installment-controls">
        <label className="field field-narrow">
          <span>{t('installments.count')}</span>
          <select value={rows.length} data-testid="moto-installments-count" onChange={(event) => props.onCountChange(Number(event.target.value))}>
            {COUNTS.map((count) => (
              <option key={count} value={count}>
                {count}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={props.onSplitEvenly} data-testid="moto-installments-split">
          {t('installments.splitEvenly')}
        </button>
      </div>
      <ol className="installment-rows">
        {rows.map((row, index) => {
          const invalid = rowsWithProblems.has(index);
          return (
            <li key={index} className="installment-row" data-testid="moto-installment-row" data-invalid={invalid}>
              <span className="installment-number">{t('installments.number', { number: index + 1 })}</span>
              <label>
                <span className="visually-hidden">{t('installments.date', { number: index + 1 })}</span>
                <DayInput
                  id={installmentInputId(index, 'date')}
                  value={row.date}
                  readOnly={index === 0}
                  invalid={invalid}
                  data-testid="moto-installment-date"
                  onDayChange={(date) => props.onRowChange(index, { ...row, date })}
                />
              </label>
              <label>
                <span className="visually-hidden">{t('installments.amount', { number: index + 1, currency: props.currency })}</span>
                <input
                  id={installmentInputId(index, 'amount')}
                  type="text"
                  inputMode="decimal"
                  autoComplete="off"
                  value={row.amount}
                  aria-invalid={invalid}
                  data-testid="moto-installment-amount"
                  onChange={(event) => props.onRowChange(index, { ...row, amount: event.target.value })}
                />
              </label>
              <span className="muted">{props.currency}</span>
              {index === 0 && <span className="hint">{t('installments.chargedNow')}</span>}
            </li>
          );
        })}
      </ol>
      {messages.length > 0 && (
        <ul className="field-error installment-problems" role="alert" data-testid="moto-installments-error">
          {messages.map((message, index) => (
            <li key={index}>{message}</li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
