import { useQuery } from '@tanstack/react-query';
import type { Operator } from '../../../../../shared/domain/operators.ts';
import { call } from '../../../api/client.ts';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import { DateTime } from '../../../components/DateTime.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { MissingRightNote } from '../../../components/MissingRightNote.tsx';
import { useT } from '../../../i18n/locale-store.ts';
import { errorShapeOf } from '../../../queries/channel-query.ts';
import { useOperatorRights } from '../../../queries/use-operator-rights.ts';
import { removeOperator } from '../api/operator-changes.ts';
import { operatorsListQuery } from '../queries/operators-queries.ts';
import { operatorsStore, useOperators } from '../stores/operators.ts';
import { OperatorForm } from './OperatorForm.tsx';

/** The team ledger's operators: who may use the console and, by role and tuning, for what. Admins change them. */
export function OperatorsScreen() {
  const t = useT();
  const rights = useOperatorRights();
  const list = useQuery(operatorsListQuery(call));
  const editing = useOperators((state) => state.editing);
  const removing = useOperators((state) => state.removing);
  const notice = useOperators((state) => state.notice);
  const removeError = useOperators((state) => state.removeError);
  const admin = rights.may('operators');
  const operators = list.data?.operators ?? [];
  const editedOperator = editing?.mode === 'edit' ? (operators.find((operator) => operator.login === editing.login) ?? null) : null;

  async function confirmRemove() {
    const login = operatorsStore.getState().removing;
    if (login === null) return;
    const answer = await removeOperator(login);
    operatorsStore.getState().removed(answer.ok ? t('operators.removed', { login }) : null, answer.ok ? null : answer.error);
  }

  return (
    <section className="operators-screen" aria-labelledby="operators-title" data-testid="operators-screen">
      <h1 id="operators-title">{t('operators.title')}</h1>
      {rights.known && !rights.team ? (
        <p className="notice" data-testid="operators-solo">
          {t('operators.soloMode')}
        </p>
      ) : (
        <>
          <p className="muted">{t('operators.intro')}</p>
          <MissingRightNote rights={rights} right="operators" />
          <ErrorNotice error={errorShapeOf(list.error)} testId="operators-error" />
          {notice !== null && (
            <p className="notice notice-ok" role="status" data-testid="operators-notice">
              {notice}
            </p>
          )}
          <ErrorNotice error={removeError} testId="operator-remove-error" />
          <table className="data-table" data-testid="operators-table" aria-busy={list.isPending}>
            <thead>
              <tr>
                <th scope="col">{t('operators.column.login')}</th>
                <th scope="col">{t('operators.column.role')}</th>
                <th scope="col">{t('operators.column.rights')}</th>
                <th scope="col">{t('operators.column.updated')}</th>
                {admin && (
                  <th scope="col">
                    <span className="visually-hidden">{t('operators.column.actions')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {operators.map((operator) => (
                <OperatorRow key={operator.login} operator={operator} admin={admin} self={operator.login === rights.me?.login} />
              ))}
            </tbody>
          </table>
          {admin && editing === null && (
            <div className="button-row">
              <button type="button" onClick={() => operatorsStore.getState().startCreate()} data-testid="operator-new">
                {t('operators.add')}
              </button>
            </div>
          )}
          {admin && editing !== null && (editing.mode === 'create' || editedOperator !== null) && (
            <OperatorForm key={editing.mode === 'edit' ? editing.login : 'new'} existing={editedOperator} />
          )}
        </>
      )}
      <ConfirmDialog
        open={removing !== null}
        title={t('operators.removeTitle')}
        body={t('operators.removeBody', { login: removing ?? '' })}
        lines={[]}
        confirmLabel={t('operators.remove')}
        onConfirm={() => void confirmRemove()}
        onCancel={() => operatorsStore.getState().askRemove(null)}
      />
    </section>
  );
}

function OperatorRow({ operator, admin, self }: { operator: Operator; admin: boolean; self: boolean }) {
  const t = useT();
  const tuning = [...operator.added.map((right) => `+${t(`right.${right}`)}`), ...operator.removed.map((right) => `−${t(`right.${right}`)}`)];
  return (
    <tr data-testid="operator-row" data-login={operator.login} data-role={operator.role}>
      <td className="mono">
        {operator.login}
        {operator.owner && <span className="muted"> · {t('operators.owner')}</span>}
        {self && <span className="muted"> · {t('operators.you')}</span>}
      </td>
      <td>{t(`role.${operator.role}`)}</td>
      <td data-testid="operator-rights" data-rights={operator.rights.join(',')}>
        {operator.rights.length === 0 ? t('operators.noRights') : operator.rights.map((right) => t(`right.${right}`)).join(', ')}
        {tuning.length > 0 && <span className="muted"> ({tuning.join(', ')})</span>}
      </td>
      <td>
        <DateTime iso={operator.updatedAt} /> · {operator.updatedBy}
      </td>
      {admin && (
        <td>
          <div className="row-actions">
            {/* The ledger's owner stays an admin with every right: there is nothing to change or remove. */}
            {!operator.owner && (
              <>
                <button type="button" onClick={() => operatorsStore.getState().startEdit(operator.login)} aria-label={t('operators.editNamed', { login: operator.login })} data-testid="operator-edit">
                  {t('operators.edit')}
                </button>
                <button type="button" onClick={() => operatorsStore.getState().askRemove(operator.login)} aria-label={t('operators.removeNamed', { login: operator.login })} data-testid="operator-remove">
                  {t('operators.remove')}
                </button>
              </>
            )}
          </div>
        </td>
      )}
    </tr>
  );
}
