import type { ErrorShape } from '../../../shared/ipc/envelope.ts';
import type { CsvFileOptions } from '../format/csv-file-options.ts';
import type { MessageKey } from '../i18n/en.ts';
import { useIntlLocale, useT } from '../i18n/locale-store.ts';
import { CopyButton } from './CopyButton.tsx';
import { CsvFileOptionsFields, useCsvFileOptions } from './CsvFileOptionsFields.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';

export interface CsvExportLabels {
  readonly submit: MessageKey;
  readonly running: MessageKey;
  /** Takes `{rows}`; the file's path follows it. */
  readonly done: MessageKey;
}

/**
 * A CSV export as every screen offers one: the time zone its times are written in (the
 * operator's by default), the spreadsheet format and header language, the button, and once written how many rows went where, with the path
 * to copy. The core writes the file in the data folder; the screen never sees its content.
 */
export function CsvExportControls(props: {
  labels: CsvExportLabels;
  exporting: boolean;
  exported: { readonly path: string; readonly rows: number } | null;
  error: ErrorShape | null;
  onExport: (options: CsvFileOptions) => void;
  testId: string;
}) {
  const { labels, exporting, exported, error, onExport, testId } = props;
  const t = useT();
  const locale = useIntlLocale();
  const [options, change] = useCsvFileOptions();

  return (
    <div className="csv-export" data-testid={`${testId}-panel`}>
      <CsvFileOptionsFields options={options} onChange={change} testId={testId} />
      <button type="button" disabled={exporting} onClick={() => onExport(options)} data-testid={testId}>
        {exporting ? t(labels.running) : t(labels.submit)}
      </button>
      <ErrorNotice error={error} testId={`${testId}-error`} />
      {exported && (
        <p role="status" className="notice notice-ok" data-testid={`${testId}-done`} data-rows={exported.rows}>
          {t(labels.done, { rows: new Intl.NumberFormat(locale).format(exported.rows) })} <code data-testid={`${testId}-path`}>{exported.path}</code>{' '}
          <CopyButton text={() => exported.path} />
        </p>
      )}
    </div>
  );
}
