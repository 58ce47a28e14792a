import { useId, useState, type FormEvent } from 'react';
import { idSchema } from '../../../../../shared/domain/schemas.ts';
import { reconAcceptNoteSchema, type ReconRow } from '../../../../../shared/ipc/contract.ts';
import { contractAccepts, maxLengthOf } from '../../../domain/contract-rules.ts';
import { Amount } from '../../../components/Amount.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { useT } from '../../../i18n/locale-store.ts';
import { reconciliationStore, useReconciliation } from '../stores/reconciliation.ts';
import type { RowResolution } from '../stores/reconciliation-store.ts';

const FOLLOW_UPS = ['sync_payment', 'import_payment', 'open_refund'] as const;
type FollowUp = (typeof FOLLOW_UPS)[number];

/** Works one row: accept it with a note, link it to a ledger payment, or open a follow-up. */
export function ResolvePanel({ row }: { row: ReconRow }) {
  const t = useT();
  const id = useId();
  const resolving = useReconciliation((state) => state.resolvingRowId !== null);
  const error = useReconciliation((state) => state.resolveError);
  const [note, setNote] = useState('');
  const [paymentId, setPaymentId] = useState(row.paymentId ?? '');
  const [followUp, setFollowUp] = useState<FollowUp>('sync_payment');

  function resolve(event: FormEvent, action: RowResolution) {
    event.preventDefault();
    void reconciliationStore.getState().resolveRow(row.id, action);
  }
  const optionalNote = note.trim() === '' ? {} : { note: note.trim() };

  return (
    <section className="panel recon-resolve" aria-labelledby={`${id}-title`} data-testid="recon-resolve" data-row-id={row.id}>
      <h3 id={`${id}-title`}>
        {t('recon.resolve.title', { line: row.line ?? t('common.none'), reconClass: t(`recon.class.${row.reconClass}`) })}{' '}
        <Amount amount={row.amount} currency={row.currency} />
      </h3>
      {row.reason && <p className="muted">{row.reason}</p>}
      {row.resolution && (
        <p role="status" className="notice notice-ok" data-testid="recon-resolved" data-resolution={row.resolution.kind}>
          {t('recon.resolve.done', { kind: t(`recon.resolution.${row.resolution.kind}`), by: row.resolution.by })}
          {row.resolution.followUp && ` — ${t(`recon.followUp.${row.resolution.followUp}`)}`}
          {row.resolution.note && ` — ${row.resolution.note}`}
        </p>
      )}
      <ErrorNotice error={error} testId="recon-resolve-error" />
      <div className="field field-wide">
        <label htmlFor={`${id}-note`}>{t('recon.resolve.note')}</label>
        <textarea id={`${id}-note`} value={note} onChange={(event) => setNote(event.target.value)} maxLength={maxLengthOf(reconAcceptNoteSchema)} rows={2} data-testid="recon-note" />
        <span className="hint">{t('recon.resolve.noteHint')}</span>
      </div>
      <div className="recon-resolve-actions">
        <form onSubmit={(event) => resolve(event, { action: 'accept', note: note.trim() })}>
          <button type="submit" disabled={resolving || !contractAccepts(reconAcceptNoteSchema, note)} data-testid="recon-accept">
            {t('recon.resolve.accept')}
          </button>
        </form>
        <form onSubmit={(event) => resolve(event, { action: 'link', paymentId: paymentId.trim(), ...optionalNote })}>
          <label htmlFor={`${id}-payment`}>{t('recon.resolve.paymentId')}</label>{' '}
          <input id={`${id}-payment`} value={paymentId} onChange={(event) => setPaymentId(event.target.value)} maxLength={maxLengthOf(idSchema)} className="mono" data-testid="recon-link-payment" />{' '}
          <button type="submit" disabled={resolving || paymentId.trim() === ''} data-testid="recon-link">
            {t('recon.resolve.link')}
          </button>
        </form>
        <form onSubmit={(event) => resolve(event, { action: 'follow_up', followUp, ...optionalNote })}>
          <label htmlFor={`${id}-follow`}>{t('recon.resolve.followUp')}</label>{' '}
          <select id={`${id}-follow`} value={followUp} onChange={(event) => setFollowUp(event.target.value as FollowUp)} data-testid="recon-follow-up-kind">
            {FOLLOW_UPS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`recon.followUp.${kind}`)}
              </option>
            ))}
          </select>{' '}
          <button type="submit" disabled={resolving} data-testid="recon-follow-up">
            {t('recon.resolve.createFollowUp')}
          </button>
        </form>
      </div>
    </section>
  );
}
