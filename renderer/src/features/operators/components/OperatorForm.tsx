import { useId, useState, type FormEvent } from 'react';
import { OPERATOR_RIGHTS, OPERATOR_ROLES, operatorLoginSchema, type Operator, type OperatorRole } from '../../../../../shared/domain/operators.ts';
import type { ErrorShape } from '../../../../../shared/ipc/envelope.ts';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { maxLengthOf } from '../../../domain/contract-rules.ts';
import { useT } from '../../../i18n/locale-store.ts';
import { saveOperator } from '../api/operator-changes.ts';
import { operatorsStore } from '../stores/operators.ts';
import { checkOperatorDraft, draftOf, newOperatorDraft, problemsFromError, rightSource, saveInputOf, withRight, withRole, type OperatorProblems } from '../utils/operator-form.ts';

/**
 * Adds an operator (a database login the DBA made) or changes one: a role, then rights ticked
 * on or off against it. The core's field errors land next to their fields.
 */
export function OperatorForm({ existing }: { existing: Operator | null }) {
  const t = useT();
  const id = useId();
  const [draft, setDraft] = useState(() => (existing === null ? newOperatorDraft() : draftOf(existing)));
  const [problems, setProblems] = useState<OperatorProblems>({});
  const [formError, setFormError] = useState<ErrorShape | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const checked = checkOperatorDraft(draft);
    setProblems(checked);
    setFormError(null);
    if (Object.keys(checked).length > 0) return;
    setBusy(true);
    const answer = await saveOperator(saveInputOf(draft));
    setBusy(false);
    if (answer.ok) {
      operatorsStore.getState().saved(t(existing === null ? 'operators.added' : 'operators.saved', { login: answer.value.login }));
      return;
    }
    const placed = problemsFromError(answer.error);
    setProblems(placed.fields);
    setFormError(placed.rest);
  }

  const fieldError = (field: keyof OperatorProblems) =>
    problems[field] === undefined ? null : (
      <p id={`${id}-${field}-error`} className="field-error" data-testid={`operator-${field}-error`}>
        {problems[field]}
      </p>
    );

  return (
    <form className="panel operator-form" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-title`} noValidate data-testid="operator-form">
      <h2 id={`${id}-title`}>{existing === null ? t('operators.form.createTitle') : t('operators.form.editTitle', { login: existing.login })}</h2>
      <label className="field">
        <span>{t('operators.form.login')}</span>
        <input
          className="mono"
          value={draft.login}
          readOnly={existing !== null}
          maxLength={maxLengthOf(operatorLoginSchema)}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => setDraft({ ...draft, login: event.target.value })}
          aria-invalid={problems.login !== undefined}
          aria-describedby={problems.login !== undefined ? `${id}-login-error` : `${id}-login-hint`}
          data-testid="operator-login"
          autoFocus={existing === null}
        />
      </label>
      {fieldError('login') ?? (
        <p id={`${id}-login-hint`} className="hint">
          {t('operators.form.loginHint')}
        </p>
      )}
      <label className="field field-narrow">
        <span>{t('operators.form.role')}</span>
        <select
          value={draft.role}
          onChange={(event) => setDraft(withRole(draft, event.target.value as OperatorRole))}
          aria-invalid={problems.role !== undefined}
          aria-describedby={problems.role !== undefined ? `${id}-role-error` : undefined}
          data-testid="operator-role"
        >
          {OPERATOR_ROLES.map((role) => (
            <option key={role} value={role}>
              {t(`role.${role}`)}
            </option>
          ))}
        </select>
      </label>
      {fieldError('role')}
      <fieldset className="operator-rights" aria-invalid={problems.rights !== undefined} aria-describedby={problems.rights !== undefined ? `${id}-rights-error` : undefined}>
        <legend>{t('operators.form.rights')}</legend>
        <p className="hint">{t('operators.form.rightsHint')}</p>
        {OPERATOR_RIGHTS.map((right) => {
          const source = rightSource(draft, right);
          return (
            <label key={right} className="checkbox" data-testid="operator-right" data-right={right} data-source={source}>
              <input type="checkbox" checked={draft.rights.includes(right)} onChange={(event) => setDraft(withRight(draft, right, event.target.checked))} />
              {t(`right.${right}`)}
              {source !== 'none' && <span className="muted"> · {t(`operators.source.${source}`)}</span>}
            </label>
          );
        })}
      </fieldset>
      {fieldError('rights')}
      <ErrorNotice error={formError} testId="operator-form-error" />
      <div className="button-row">
        <button type="submit" className="primary" disabled={busy} data-testid="operator-save">
          {busy ? t('common.loading') : t('common.save')}
        </button>
        <button type="button" onClick={() => operatorsStore.getState().closeEditor()} disabled={busy}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
