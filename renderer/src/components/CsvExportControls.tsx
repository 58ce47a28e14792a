import { useId, useState } from 'react';
import type { ErrorShape } from '../../../shared/ipc/envelope.ts';
import { operatorTimeZone, timeZoneChoices } from '../format/date-format.ts';
import type { MessageKey } from '../i18n/en.ts';
import { useIntlLocale, useT } from '../i18n/locale-store.ts';
import { CopyButton } from './CopyButton.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';

export interface CsvExportLabels {
  readonly timeZone: MessageKey;
  readonly submit: MessageKey;
  readonly running: MessageKey;
  /** Takes `{rows}`; the file's path follows it. */
  readonly done: MessageKey;
}

/**
 * A CSV export as every screen offers one: the time zone its times are written in (the
 * operator's by default), the button, and once written how many rows went where, with the path
 * to copy. The core writes the file in the data folder; the screen never sees its content.
 */
export function CsvExportControls(props: {
  labels: CsvExportLabels;
  exporting: boolean;
  exported: { readonly path: string; readonly rows: number } | null;
  error: ErrorShape | null;
  onExport: (timeZone: string) => void;
  testId: string;
}) {
  const { labels, exporting, exported, error, onExport, testId } = props;
  const t = useT();
  const locale = useIntlLocale();
  const id = useId();
  const [timeZone, setTimeZone] = useState(operatorTimeZone);

  return (
    <div className="csv-export" data-testid={`${testId}-panel`}>
      <label htmlFor={`${id}-zone`}>{t(labels.timeZone)}</label>{' '}
      <select id={`${id}-zone`} value={timeZone} onChange={(event) => setTimeZone(event.target.value)} data-testid={`${testId}-timezone`}>
        {timeZoneChoices(operatorTimeZone()).map((zone) => (
          <option key={zone} value={zone}>
            {zone}
          </option>
        ))}
      </select>{' '}
      <button type="button" disabled={exporting} onClick={() => onExport(timeZone)} data-testid={testId}>
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
