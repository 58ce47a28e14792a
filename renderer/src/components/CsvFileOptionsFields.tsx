import { useId, useState } from 'react';
import { CSV_CONVENTIONS, CSV_HEADER_LANGUAGES, type CsvConvention, type CsvHeaderLanguage } from '../../../shared/domain/csv-format.ts';
import { defaultCsvFileOptions, type CsvFileOptions } from '../format/csv-file-options.ts';
import { operatorTimeZone, timeZoneChoices } from '../format/date-format.ts';
import { localeStore, useT } from '../i18n/locale-store.ts';

/** The options every export offers, starting from what the operator's language suggests. */
export function useCsvFileOptions(): [CsvFileOptions, (change: Partial<CsvFileOptions>) => void] {
  const [options, setOptions] = useState(() => defaultCsvFileOptions(localeStore.getState().locale, operatorTimeZone()));
  return [options, (change) => setOptions((current) => ({ ...current, ...change }))];
}

function isConvention(value: string): value is CsvConvention {
  return (CSV_CONVENTIONS as readonly string[]).includes(value);
}

function isHeaderLanguage(value: string): value is CsvHeaderLanguage {
  return (CSV_HEADER_LANGUAGES as readonly string[]).includes(value);
}

interface FieldsProps {
  readonly options: CsvFileOptions;
  readonly onChange: (change: Partial<CsvFileOptions>) => void;
  readonly disabled?: boolean;
  readonly testId: string;
}

/** Time zone, spreadsheet format and column-name language of an export, as three labelled selects. */
export function CsvFileOptionsFields({ options, onChange, disabled = false, testId }: FieldsProps) {
  const t = useT();
  const id = useId();
  return (
    <>
      <label htmlFor={`${id}-zone`}>{t('csvOptions.timeZone')}</label>{' '}
      <select id={`${id}-zone`} value={options.timeZone} disabled={disabled} onChange={(event) => onChange({ timeZone: event.target.value })} data-testid={`${testId}-timezone`}>
        {timeZoneChoices(operatorTimeZone()).map((zone) => (
          <option key={zone} value={zone}>
            {zone}
          </option>
        ))}
      </select>{' '}
      <label htmlFor={`${id}-convention`}>{t('csvOptions.convention')}</label>{' '}
      <select
        id={`${id}-convention`}
        value={options.csvConvention}
        disabled={disabled}
        onChange={(event) => isConvention(event.target.value) && onChange({ csvConvention: event.target.value })}
        data-testid={`${testId}-convention`}
      >
        {CSV_CONVENTIONS.map((convention) => (
          <option key={convention} value={convention}>
            {t(`csvOptions.convention.${convention}`)}
          </option>
        ))}
      </select>{' '}
      <label htmlFor={`${id}-headers`}>{t('csvOptions.headerLanguage')}</label>{' '}
      <select
        id={`${id}-headers`}
        value={options.headerLanguage}
        disabled={disabled}
        onChange={(event) => isHeaderLanguage(event.target.value) && onChange({ headerLanguage: event.target.value })}
        data-testid={`${testId}-header-language`}
      >
        {CSV_HEADER_LANGUAGES.map((language) => (
          <option key={language} value={language}>
            {t(`csvOptions.headerLanguage.${language}`)}
          </option>
        ))}
      </select>{' '}
    </>
  );
}

/**
 * The same options folded behind a summary of what is chosen ("UTC · 12.50 · English"), for a
 * toolbar that has no room for three selects: the list's rows keep the screen.
 */
export function CsvFileOptionsFolded(props: FieldsProps) {
  const t = useT();
  const { options, testId } = props;
  return (
    <details className="csv-options-folded" data-testid={`${testId}-options`}>
      <summary title={t('csvOptions.title')}>
        {t('csvOptions.summary', { timeZone: options.timeZone, convention: t(`csvOptions.short.${options.csvConvention}`), language: t(`csvOptions.short.${options.headerLanguage}`) })}
      </summary>
      <div className="csv-options-popover">
        <CsvFileOptionsFields {...props} />
      </div>
    </details>
  );
}
