import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { useT } from '../../../i18n/locale-store.ts';
import { auditStore, useAudit } from '../stores/audit.ts';
import { verifySummary } from '../utils/verify-report.ts';

/** Runs the chain check on demand and says what it found, in words. */
export function VerifyChainPanel() {
  const t = useT();
  const verifying = useAudit((state) => state.verifying);
  const report = useAudit((state) => state.report);
  const error = useAudit((state) => state.verifyError);
  const summary = report === null ? null : verifySummary(t, report);

  return (
    <div className="audit-verify" data-testid="audit-verify-panel">
      <p className="hint">{t('audit.verify.help')}</p>
      <button type="button" disabled={verifying} onClick={() => void auditStore.getState().verify()} data-testid="audit-verify">
        {verifying ? t('audit.verify.running') : t('audit.verify.submit')}
      </button>
      <ErrorNotice error={error} testId="audit-verify-error" />
      {summary && (
        <div
          role={summary.ok ? 'status' : 'alert'}
          className={`notice ${summary.ok ? 'notice-ok' : 'notice-error'}`}
          data-testid="audit-verify-result"
          data-ok={summary.ok ? 'true' : 'false'}
          data-problem={report?.problem?.kind ?? ''}
          data-first-broken={report?.firstBrokenSeq ?? ''}
        >
          {summary.sentences.map((sentence) => (
            <p key={sentence}>{sentence}</p>
          ))}
        </div>
      )}
    </div>
  );
}
