import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { Profile } from '../../../../../shared/ipc/contract.ts';
import { call } from '../../../api/client.ts';
import { Amount } from '../../../components/Amount.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { amountProblemMessage } from '../../../format/amount-input.ts';
import { useT } from '../../../i18n/locale-store.ts';
import { errorShapeOf } from '../../../queries/channel-query.ts';
import type { OperatorRights } from '../../../queries/operator-query.ts';
import { useWorkspace } from '../../../stores/workspace.ts';
import { saveThresholds } from '../api/approval-decisions.ts';
import { thresholdsQuery } from '../queries/approvals-queries.ts';
import { checkThresholdLines, linesOf, type ThresholdLine, type ThresholdProblem } from '../utils/threshold-draft.ts';
import type { ErrorShape } from '../../../../../shared/ipc/envelope.ts';

/** Per profile and currency, the refund amount above which a second operator decides. An admin changes them; everyone sees them. */
export function ThresholdsPanel({ rights }: { rights: OperatorRights }) {
  const t = useT();
  const profiles = useWorkspace((state) => state.profiles);
  const thresholds = useQuery({ ...thresholdsQuery(call), enabled: rights.team });
  const [editing, setEditing] = useState<string | null>(null);
  const list = thresholds.data?.thresholds ?? [];
  const mayChange = rights.may('settings');

  return (
    <section className="panel thresholds" aria-labelledby="thresholds-title" data-testid="thresholds-panel">
      <h2 id="thresholds-title">{t('approvals.thresholds.title')}</h2>
      <p className="muted">{t('approvals.thresholds.intro')}</p>
      <ErrorNotice error={errorShapeOf(thresholds.error)} />
      <table className="data-table" data-testid="thresholds-table">
        <thead>
          <tr>
            <th scope="col">{t('approvals.thresholds.profile')}</th>
            <th scope="col">{t('approvals.thresholds.above')}</th>
            {mayChange && (
              <th scope="col">
                <span className="visually-hidden">{t('settings.edit')}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {profiles.map((profile) => {
            const own = list.filter((threshold) => threshold.profileId === profile.id);
            return (
              <tr key={profile.id} data-testid="threshold-row" data-profile-id={profile.id}>
                <td>{profile.name}</td>
                <td>
                  {own.length === 0
                    ? t('approvals.thresholds.none')
                    : own.map((threshold, index) => (
                        <span key={threshold.currency} data-testid="threshold-amount" data-currency={threshold.currency} data-amount={threshold.amount}>
                          {index > 0 ? ', ' : ''}
                          <Amount amount={threshold.amount} currency={threshold.currency} />
                        </span>
                      ))}
                </td>
                {mayChange && (
                  <td>
                    <button type="button" onClick={() => setEditing(profile.id)} disabled={editing !== null} aria-label={`${t('settings.edit')} ${profile.name}`} data-testid="threshold-edit">
                      {t('settings.edit')}
                    </button>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {!mayChange && rights.known && rights.me !== null && (
        <p className="muted missing-right" role="note" data-testid="missing-right" data-right="settings">
          {t('rights.missing', { login: rights.me.login, role: t(`role.${rights.me.role}`), right: t('right.settings') })}
        </p>
      )}
      {mayChange && editing !== null && (
        <ThresholdsForm key={editing} profile={profiles.find((profile) => profile.id === editing) ?? null} profileId={editing} initial={linesOf(list, editing)} onClose={() => setEditing(null)} />
      )}
    </section>
  );
}

function ThresholdsForm({ profile, profileId, initial, onClose }: { profile: Profile | null; profileId: string; initial: ThresholdLine[]; onClose: () => void }) {
  const t = useT();
  const id = useId();
  const [lines, setLines] = useState<ThresholdLine[]>(initial);
  const [nextKey, setNextKey] = useState(initial.length);
  const [problems, setProblems] = useState<ThresholdProblem[]>([]);
  const [error, setError] = useState<ErrorShape | null>(null);
  const [busy, setBusy] = useState(false);

  const change = (key: number, field: 'currency' | 'amount', value: string) => setLines(lines.map((line) => (line.key === key ? { ...line, [field]: value } : line)));
  const problemOf = (index: number, field: 'currency' | 'amount') => problems.find((problem) => problem.line === index && problem.field === field) ?? null;
  const problemText = (problem: ThresholdProblem, currency: string) => {
    if (problem.field === 'amount') return amountProblemMessage(problem.problem, currency, t);
    return t(problem.problem === 'duplicate' ? 'approvals.thresholds.duplicate' : 'approvals.thresholds.currencyInvalid');
  };

  async function save() {
    if (busy) return;
    const checked = checkThresholdLines(lines);
    if (!checked.ok) {
      setProblems(checked.problems);
      return;
    }
    setProblems([]);
    setBusy(true);
    const answer = await saveThresholds({ profileId, thresholds: checked.thresholds });
    setBusy(false);
    if (!answer.ok) {
      setError(answer.error);
      return;
    }
    onClose();
  }

  return (
    <form
      className="action-form thresholds-form"
      aria-labelledby={`${id}-title`}
      noValidate
      data-testid="thresholds-form"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <h3 id={`${id}-title`}>{t('approvals.thresholds.formTitle', { profile: profile?.name ?? profileId })}</h3>
      {lines.length === 0 && <p className="muted">{t('approvals.thresholds.noneYet')}</p>}
      {lines.map((line, index) => {
        const currencyProblem = problemOf(index, 'currency');
        const amountProblem = problemOf(index, 'amount');
        return (
          <div key={line.key} className="threshold-line" data-testid="threshold-line">
            <label className="field field-narrow">
              <span>{t('approvals.thresholds.currency')}</span>
              <input
                value={line.currency}
                maxLength={3}
                autoComplete="off"
                onChange={(event) => change(line.key, 'currency', event.target.value)}
                aria-invalid={currencyProblem !== null}
                data-testid="threshold-currency"
              />
            </label>
            <label className="field field-narrow">
              <span>{t('approvals.thresholds.amount')}</span>
              <input
                value={line.amount}
                inputMode="decimal"
                autoComplete="off"
                onChange={(event) => change(line.key, 'amount', event.target.value)}
                aria-invalid={amountProblem !== null}
                data-testid="threshold-input-amount"
              />
            </label>
            <button type="button" onClick={() => setLines(lines.filter((each) => each.key !== line.key))} aria-label={t('approvals.thresholds.removeLine', { currency: line.currency })}>
              {t('approvals.thresholds.remove')}
            </button>
            {[currencyProblem, amountProblem].map((problem) =>
              problem === null ? null : (
                <p key={problem.field} className="field-error" data-testid="threshold-problem">
                  {problemText(problem, line.currency.trim().toUpperCase())}
                </p>
              ),
            )}
          </div>
        );
      })}
      <ErrorNotice error={error} testId="thresholds-error" />
      <div className="button-row">
        <button
          type="button"
          onClick={() => {
            setLines([...lines, { key: nextKey, currency: 'EUR', amount: '' }]);
            setNextKey(nextKey + 1);
          }}
          data-testid="threshold-add"
        >
          {t('approvals.thresholds.add')}
        </button>
        <button type="submit" className="primary" disabled={busy} data-testid="thresholds-save">
          {busy ? t('common.loading') : t('common.save')}
        </button>
        <button type="button" onClick={onClose} disabled={busy}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
