import { useId, useMemo, useState, type FormEvent } from 'react';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { FileDropZone } from '../../../components/FileDropZone.tsx';
import { useIntlLocale, useT } from '../../../i18n/locale-store.ts';
import { useChoiceAmong, useProfilePeriod } from '../hooks/use-profile-period.ts';
import { useMappingList } from '../hooks/use-mappings.ts';
import { reconciliationStore, useReconciliation } from '../stores/reconciliation.ts';
import { mappingKindOf } from '../utils/mapping-draft.ts';
import { formatChoice, NO_OVERRIDES, type FormatOverrides } from '../utils/format-choices.ts';
import { FormatOverridesFields } from './FormatOverridesFields.tsx';
import { MappingEditor } from './MappingEditor.tsx';
import { ProfilePeriodFields } from './ProfilePeriodFields.tsx';
import { readStatementFile, type StatementFile } from '../utils/statement-file.ts';


/** Import a gateway's statement: which profile and mapping, which period, which file, and how it is written if not detected. */
export function ImportForm() {
  const t = useT();
  const locale = useIntlLocale();
  const id = useId();
  const importing = useReconciliation((state) => state.importing);
  const importError = useReconciliation((state) => (state.importSource === 'fetch' ? null : state.importError));
  const chosen = useProfilePeriod();
  const { profile, period } = chosen;
  // Shipped and saved mappings, as the core lists them for the profile's gateway.
  const listed = useMappingList(profile?.id ?? null);
  const mappings = useMemo(() => listed.map((entry) => entry.name), [listed]);
  const [mapping, setMapping] = useChoiceAmong(mappings);
  const [file, setFile] = useState<StatementFile | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [overrides, setOverrides] = useState<FormatOverrides>(NO_OVERRIDES);

  async function takeFile(chosen: File | undefined) {
    setFileError(null);
    if (!chosen) return;
    try {
      setFile(await readStatementFile(chosen));
    } catch (error) {
      setFile(null);
      setFileError(error instanceof Error ? error.message : String(error));
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!profile || mapping === '' || !file || !period) return;
    const format = formatChoice(overrides);
    void reconciliationStore.getState().runImport({
      profileId: profile.id,
      mapping,
      mappingKind: mappingKindOf(listed, mapping),
      fileName: file.fileName,
      content: file.content,
      period,
      ...(format ? { format } : {}),
    });
  }

  const rowsLabel = file ? new Intl.NumberFormat(locale).format(file.estimatedRows) : '';

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('recon.import.title')}</h2>
      <p className="muted">{t('recon.import.help')}</p>
      <form onSubmit={submit} data-testid="recon-import-form">
        <ProfilePeriodFields idPrefix={id} testIdPrefix="recon" state={chosen} disabled={importing}>
          <div className="field">
            <label htmlFor={`${id}-mapping`}>{t('recon.import.mapping')}</label>
            <select id={`${id}-mapping`} value={mapping} onChange={(event) => setMapping(event.target.value)} disabled={importing || mappings.length === 0} data-testid="recon-mapping">
              {mappings.length === 0 && <option value="">{t('recon.import.noMapping')}</option>}
              {listed.map((entry) => (
                <option key={`${entry.kind}:${entry.name}`} value={entry.name}>
                  {entry.kind === 'saved' ? t('recon.mapping.savedName', { name: entry.name }) : entry.name}
                </option>
              ))}
            </select>
          </div>
        </ProfilePeriodFields>
        {!period && (
          <p className="field-error" role="alert">
            {t('recon.import.badPeriod')}
          </p>
        )}
        <p className="hint">{t('recon.import.periodHint')}</p>

        <FileDropZone inputId={`${id}-file`} label={t('recon.import.file')} hint={t('recon.import.drop')} disabled={importing} onFile={(chosen) => void takeFile(chosen)} testId="recon">
          {file && (
            <p className="muted" data-testid="recon-file-chosen">
              {t('recon.import.fileChosen', { name: file.fileName, rows: rowsLabel })}
            </p>
          )}
          {fileError && (
            <p className="field-error" role="alert">
              {t('recon.import.fileUnreadable', { message: fileError })}
            </p>
          )}
        </FileDropZone>

        <FormatOverridesFields overrides={overrides} onChange={setOverrides} disabled={importing} />

        <ErrorNotice error={importError} testId="recon-import-error" />
        <div className="button-row">
          <button type="submit" disabled={importing || !profile || mapping === '' || !file || !period} data-testid="recon-import">
            {importing ? t('recon.import.running') : t('recon.import.submit')}
          </button>
        </div>
      </form>
      {file && <MappingEditor profileId={profile?.id ?? null} file={file} onSaved={(entry) => setMapping(entry.name)} />}
      <ImportProgress />
    </section>
  );
}

function ImportProgress() {
  const t = useT();
  const locale = useIntlLocale();
  const importing = useReconciliation((state) => state.importing);
  const progress = useReconciliation((state) => state.progress);
  const upload = useReconciliation((state) => state.upload);
  const cancelling = useReconciliation((state) => state.cancelling);
  if (!importing || !progress || !upload) return null;
  const numbers = new Intl.NumberFormat(locale);
  return (
    <div className="recon-progress" data-testid="recon-progress" data-rows-read={progress.rowsRead} data-bytes-sent={upload.sentBytes}>
      <label htmlFor="recon-progress-bar">{t('recon.import.progress', { rows: numbers.format(progress.rowsRead), rate: numbers.format(progress.rowsPerSecond) })}</label>
      <progress id="recon-progress-bar" max={Math.max(upload.totalBytes, 1)} value={upload.sentBytes} />
      <button type="button" onClick={() => void reconciliationStore.getState().cancelImport()} disabled={cancelling || upload.uploadId === null} data-testid="recon-cancel">
        {cancelling ? t('action.inFlight') : t('recon.import.cancel')}
      </button>
    </div>
  );
}
