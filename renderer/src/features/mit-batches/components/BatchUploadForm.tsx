import { useEffect, useId, useState, type FormEvent } from 'react';
import { MIT_BATCH_MAX_FILE_CHARS, MIT_BATCH_MAX_ROWS } from '../../../../../shared/domain/mit-batch.ts';
import { CopyButton } from '../../../components/CopyButton.tsx';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { FileDropZone } from '../../../components/FileDropZone.tsx';
import { useIntlLocale, useT } from '../../../i18n/locale-store.ts';
import { useWorkspace } from '../../../stores/workspace.ts';
import { mitBatchStore, useMitBatches } from '../stores/mit-batches.ts';
import { BATCH_FILE_SAMPLE, checkBatchFile, isBatchFileProblem, type BatchFile, type BatchFileProblem } from '../utils/batch-file.ts';

/** Whose cards (the active profile unless another is chosen) and which file; the preview charges nothing. */
export function BatchUploadForm() {
  const t = useT();
  const locale = useIntlLocale();
  const id = useId();
  const profiles = useWorkspace((state) => state.profiles);
  const activeProfileId = useWorkspace((state) => state.activeProfileId);
  const previewing = useMitBatches((state) => state.previewing);
  const previewError = useMitBatches((state) => state.previewError);
  const [profileId, setProfileId] = useState(activeProfileId ?? '');
  const [file, setFile] = useState<BatchFile | null>(null);
  const [problem, setProblem] = useState<BatchFileProblem | null>(null);
  const [unreadable, setUnreadable] = useState<string | null>(null);

  useEffect(() => {
    if (profileId === '' && activeProfileId !== null) setProfileId(activeProfileId);
  }, [activeProfileId, profileId]);

  async function takeFile(chosen: File | undefined) {
    setProblem(null);
    setUnreadable(null);
    setFile(null);
    if (!chosen) return;
    try {
      const checked = checkBatchFile(chosen.name, await chosen.text());
      if (isBatchFileProblem(checked)) setProblem(checked);
      else setFile(checked);
    } catch (error) {
      setUnreadable(error instanceof Error ? error.message : String(error));
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (profileId === '' || file === null) return;
    void mitBatchStore.getState().preview(profileId, file);
  }

  const numbers = new Intl.NumberFormat(locale);
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('mitbatch.upload.title')}</h2>
      <form onSubmit={submit} data-testid="mitbatch-upload-form">
        <div className="field">
          <label htmlFor={`${id}-profile`}>{t('mitbatch.upload.profile')}</label>
          <select id={`${id}-profile`} value={profileId} onChange={(event) => setProfileId(event.target.value)} disabled={previewing} data-testid="mitbatch-profile">
            {profiles.length === 0 && <option value="">{t('profile.none')}</option>}
            {profiles.map((candidate) => (
              <option key={candidate.id} value={candidate.id} disabled={!candidate.available}>
                {`${candidate.name} — ${t(`environment.${candidate.environment}`)}`}
              </option>
            ))}
          </select>
        </div>
        <FileDropZone
          inputId={`${id}-file`}
          label={t('mitbatch.upload.file')}
          hint={t('mitbatch.upload.drop', { rows: numbers.format(MIT_BATCH_MAX_ROWS) })}
          disabled={previewing}
          onFile={(chosen) => void takeFile(chosen)}
          testId="mitbatch"
        >
          {file && (
            <p className="muted" data-testid="mitbatch-file-chosen">
              {t('mitbatch.upload.fileChosen', { name: file.fileName })}
            </p>
          )}
          {problem && (
            <p className="field-error" role="alert" data-testid="mitbatch-file-problem" data-problem={problem.kind}>
              {problem.kind === 'too_large'
                ? t('mitbatch.upload.tooLarge', { chars: numbers.format(problem.chars), max: numbers.format(MIT_BATCH_MAX_FILE_CHARS) })
                : t(problem.kind === 'empty' ? 'mitbatch.upload.empty' : 'mitbatch.upload.badName')}
            </p>
          )}
          {unreadable && (
            <p className="field-error" role="alert">
              {t('mitbatch.upload.unreadable', { message: unreadable })}
            </p>
          )}
        </FileDropZone>
        <details className="recon-format">
          <summary>{t('mitbatch.upload.columns')}</summary>
          <p className="hint">{t('mitbatch.upload.columnsHelp')}</p>
          <pre className="mono" data-testid="mitbatch-sample">
            {BATCH_FILE_SAMPLE}
          </pre>
          <CopyButton text={() => BATCH_FILE_SAMPLE} />
        </details>
        <ErrorNotice error={previewError} testId="mitbatch-preview-error" />
        <div className="button-row">
          <button type="submit" disabled={previewing || profileId === '' || file === null} data-testid="mitbatch-preview">
            {previewing ? t('mitbatch.upload.previewing') : t('mitbatch.upload.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
