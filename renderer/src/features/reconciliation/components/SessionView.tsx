import { useEffect, useId, useState } from 'react';
import { reconRowsTextSchema } from '../../../../../shared/ipc/contract.ts';
import { maxLengthOf } from '../../../domain/contract-rules.ts';
import { DateTime } from '../../../components/DateTime.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { useT } from '../../../i18n/locale-store.ts';
import { useReconRows, useReconSummary } from '../hooks/use-recon-session.ts';
import { reconciliationStore, useReconciliation } from '../stores/reconciliation.ts';
import { ClassTabs } from './ClassTabs.tsx';
import { ExportPanel } from './ExportPanel.tsx';
import { ReconRowsTable } from './ReconRowsTable.tsx';
import { ResolvePanel } from './ResolvePanel.tsx';
import { MissingRightNote } from '../../../components/MissingRightNote.tsx';
import { useOperatorRights } from '../../../queries/use-operator-rights.ts';

/** Pause after the last keystroke before the rows are asked for again. */
const FILTER_DELAY_MS = 250;

/** One session: its classes with counts and sums, its rows filtered by class and text, a row's resolution, the export. */
export function SessionView() {
  const t = useT();
  const rights = useOperatorRights();
  const id = useId();
  const { summary, error: summaryError } = useReconSummary();
  const { rows } = useReconRows();
  const openSessionId = useReconciliation((state) => state.openSessionId);
  const [text, setText] = useState('');
  const [selectedRowId, setSelectedRowId] = useState<number | null>(null);

  useEffect(() => {
    setText('');
    setSelectedRowId(null);
  }, [openSessionId]);

  useEffect(() => {
    if (text === reconciliationStore.getState().text) return;
    const timer = setTimeout(() => reconciliationStore.getState().setText(text), FILTER_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text]);

  const selectedRow = rows.find((row) => row.id === selectedRowId) ?? null;
  const session = summary?.session;
  return (
    <section className="panel recon-session" aria-labelledby={`${id}-title`} data-testid="recon-session" data-session-id={openSessionId ?? ''}>
      <h2 id={`${id}-title`}>{session ? t('recon.session.title', { source: session.source }) : t('common.loading')}</h2>
      <ErrorNotice error={summaryError} testId="recon-session-error" />
      {session && (
        <p className="muted">
          {t('recon.session.meta', { mapping: session.mapping, operator: session.operator, status: t(`recon.status.${session.status}`) })} <DateTime iso={session.periodFrom} /> –{' '}
          <DateTime iso={session.periodTo} />
        </p>
      )}
      <ClassTabs />
      <div className="recon-toolbar">
        <div className="field">
          <label htmlFor={`${id}-filter`}>{t('recon.session.filter')}</label>
          <input id={`${id}-filter`} type="search" value={text} maxLength={maxLengthOf(reconRowsTextSchema)} onChange={(event) => setText(event.target.value)} data-testid="recon-filter" />
        </div>
        <ExportPanel />
      </div>
      <ReconRowsTable selectedRowId={selectedRowId} onSelect={setSelectedRowId} />
      {selectedRow ? (
        rights.may('recon') ? (
          <ResolvePanel key={selectedRow.id} row={selectedRow} />
        ) : (
          <MissingRightNote rights={rights} right="recon" testId="recon-resolve-missing-right" />
        )
      ) : (
        <p className="hint">{t('recon.resolve.pick')}</p>
      )}
    </section>
  );
}
