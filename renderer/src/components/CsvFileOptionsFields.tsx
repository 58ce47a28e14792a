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

interface ChoiceProps<Choice extends string> {
  readonly label: string;
  readonly value: Choice;
  readonly choices: readonly Choice[];
  readonly nameOf: (choice: Choice) => string;
  readonly onChoose: (choice: Choice) => void;
  readonly disabled: boolean;
  readonly testId: string;
}

function LabelledChoice<Choice extends string>({ label, value, choices, nameOf, onChoose, disabled, testId }: ChoiceProps<Choice>) {
  const id = useId();
  return (
    <>
      <label htmlFor={id}>{label}</label>{' '}
      <select
        id={id}
        value={value}
        disabled={disabled}
        onChange={(event) => {
          const chosen = choices.find((choice) => choice === event.target.value);
          if (chosen !== undefined) onChoose(chosen);
        }}
        data-testid={testId}
      >
        {choices.map((choice) => (
          <option key={choice} value={choice}>
            {nameOf(choice)}
          </option>
        ))}
      </select>{' '}
    </>
  );
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
  return (
    <>
      <LabelledChoice
        label={t('csvOptions.timeZone')}
        value={options.timeZone}
        choices={timeZoneChoices(operatorTimeZone())}
        nameOf={(zone) => zone}
        onChoose={(timeZone) => onChange({ timeZone })}
        disabled={disabled}
        testId={`${testId}-timezone`}
      />
      <LabelledChoice<CsvConvention>
        label={t('csvOptions.convention')}
        value={options.csvConvention}
        choices={CSV_CONVENTIONS}
        nameOf={(convention) => t(`csvOptions.convention.${convention}`)}
        onChoose={(csvConvention) => onChange({ csvConvention })}
        disabled={disabled}
        testId={`${testId}-convention`}
      />
      <LabelledChoice<CsvHeaderLanguage>
        label={t('csvOptions.headerLanguage')}
        value={options.headerLanguage}
        choices={CSV_HEADER_LANGUAGES}
        nameOf={(language) => t(`csvOptions.headerLanguage.${language}`)}
        onChoose={(headerLanguage) => onChange({ headerLanguage })}
        disabled={disabled}
        testId={`${testId}-header-language`}
      />
    </>
  );
}

/**
 * The same options folded behind a summary of what is chosen ("UTC · 12.50 · English"), for a
 * toolbar that has no room for three selects: the list's rows keep the screen. The selects are
 * made when the fold first opens: the time zone list alone is some 420 options, three quarters
 * of the payments screen's elements, made and laid out on every start for a fold rarely opened.
 */
export function CsvFileOptionsFolded(props: FieldsProps) {
  const t = useT();
  const [opened, setOpened] = useState(false);
  const { options, testId } = props;
  return (
    <details className="csv-options-folded" data-testid={`${testId}-options`} onToggle={(event) => setOpened((was) => was || event.currentTarget.open)}>
      <summary title={t('csvOptions.title')}>
        {t('csvOptions.summary', { timeZone: options.timeZone, convention: t(`csvOptions.short.${options.csvConvention}`), language: t(`csvOptions.short.${options.headerLanguage}`) })}
      </summary>
      <div className="csv-options-popover">{opened && <CsvFileOptionsFields {...props} />}</div>
    </details>
  );
}
