import { useId, useState, type FormEvent } from 'react';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { viewNameSchema } from '../../../../../shared/domain/saved-view.ts';
import { maxLengthOf } from '../../../domain/contract-rules.ts';
import { cardNumberInTextProblem } from '../../../format/free-text.ts';
import { useT } from '../../../i18n/locale-store.ts';
import { transactionsStore, useTransactions } from '../stores/transactions.ts';
import { useOperatorRights } from '../../../queries/use-operator-rights.ts';

const MAX_VIEW_NAME = maxLengthOf(viewNameSchema);

type NameForm = { readonly mode: 'save' } | { readonly mode: 'rename'; readonly id: string };

/**
 * Saved views: open one, save the list as it is under a name, and for the open view save its
 * changes, pin it (it opens first next time), rename or delete it.
 */
export function SavedViewsMenu() {
  const t = useT();
  const writes = useOperatorRights().writes;
  const id = useId();
  const views = useTransactions((state) => state.views);
  const activeViewId = useTransactions((state) => state.activeViewId);
  const viewsError = useTransactions((state) => state.viewsError);
  const active = views.find((view) => view.id === activeViewId) ?? null;
  const [form, setForm] = useState<NameForm | null>(null);
  const [name, setName] = useState('');
  const [pinned, setPinned] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const store = transactionsStore.getState;

  function openForm(next: NameForm) {
    store().clearViewsError();
    setForm(next);
    setName(next.mode === 'rename' ? (active?.name ?? '') : '');
    setPinned(false);
    setProblem(null);
  }

  async function run(work: () => Promise<boolean>): Promise<boolean> {
    if (busy) return false;
    setBusy(true);
    try {
      return await work();
    } finally {
      setBusy(false);
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (form === null) return;
    const trimmed = name.trim();
    const nameProblem = trimmed === '' ? t('views.nameRequired') : cardNumberInTextProblem(trimmed, t);
    setProblem(nameProblem);
    if (nameProblem !== null) return;
    const done = await run(() => (form.mode === 'save' ? store().saveView(trimmed, pinned) : store().updateView(form.id, { name: trimmed })));
    if (done) setForm(null);
  }

  return (
    <div className="saved-views" data-testid="saved-views">
      <label className="inline-field">
        <span>{t('views.label')}</span>
        <select data-testid="saved-view-select" value={activeViewId ?? ''} onChange={(event) => event.target.value !== '' && store().openView(event.target.value)}>
          <option value="">{t('views.none')}</option>
          {views.map((view) => (
            <option key={view.id} value={view.id}>
              {view.pinned ? t('views.pinnedName', { name: view.name }) : view.name}
            </option>
          ))}
        </select>
      </label>
      {/* Saving a view is recorded in the audit log: not by an operator who only reads. */}
      {writes && (
        <button type="button" data-testid="view-save-open" onClick={() => openForm({ mode: 'save' })}>
          {t('views.saveAs')}
        </button>
      )}
      {active && writes && (
        <>
          <button type="button" data-testid="view-update" disabled={busy} onClick={() => void run(() => store().updateView(active.id, { content: store().currentContent() }))}>
            {t('views.saveChanges')}
          </button>
          <button type="button" data-testid="view-pin" aria-pressed={active.pinned} disabled={busy} onClick={() => void run(() => store().updateView(active.id, { pinned: !active.pinned }))}>
            {t(active.pinned ? 'views.unpin' : 'views.pin')}
          </button>
          <button type="button" data-testid="view-rename" onClick={() => openForm({ mode: 'rename', id: active.id })}>
            {t('views.rename')}
          </button>
          <button type="button" className="danger" data-testid="view-delete" onClick={() => setConfirmDelete(true)}>
            {t('views.delete')}
          </button>
        </>
      )}
      {form !== null && (
        <form className="panel view-form" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-title`} noValidate data-testid="view-form">
          <h2 id={`${id}-title`}>{t(form.mode === 'save' ? 'views.saveTitle' : 'views.renameTitle')}</h2>
          <label className="field">
            <span>{t('views.name')}</span>
            <input
              data-testid="view-name"
              value={name}
              maxLength={MAX_VIEW_NAME}
              autoComplete="off"
              autoFocus
              aria-invalid={problem !== null}
              aria-describedby={problem !== null ? `${id}-problem` : undefined}
              onChange={(event) => setName(event.target.value)}
            />
          </label>
          {form.mode === 'save' && (
            <label className="checkbox">
              <input type="checkbox" data-testid="view-pinned" checked={pinned} onChange={(event) => setPinned(event.target.checked)} />
              {t('views.openByDefault')}
            </label>
          )}
          {problem !== null && (
            <p id={`${id}-problem`} className="field-error" role="alert">
              {problem}
            </p>
          )}
          <ErrorNotice error={viewsError} testId="view-error" />
          <div className="button-row">
            <button type="submit" className="primary" data-testid="view-submit" disabled={busy}>
              {t('common.save')}
            </button>
            <button type="button" onClick={() => setForm(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
      {form === null && <ErrorNotice error={viewsError} testId="view-error" />}
      <ConfirmDialog
        open={confirmDelete && active !== null}
        title={t('views.deleteTitle')}
        body={t('views.deleteBody')}
        lines={active ? [{ label: t('views.name'), value: active.name }] : []}
        confirmLabel={t('views.delete')}
        onCancel={() => setConfirmDelete(false)}
        onConfirm={() => {
          setConfirmDelete(false);
          if (active) void run(() => store().deleteView(active.id));
        }}
      />
    </div>
  );
}
