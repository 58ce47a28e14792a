import { useId } from 'react';
import { operatorTimeZone, timeZoneChoices } from '../../../format/date-format.ts';
import type { MessageKey } from '../../../i18n/en.ts';
import { useT } from '../../../i18n/locale-store.ts';
import { DECIMAL_SEPARATOR_CHOICES, DELIMITER_CHOICES, type FormatOverrides } from '../utils/format-choices.ts';

interface Choice {
  readonly value: string;
  readonly label: string;
}

/** How the file is written, where the operator knows better than detection: each left on "detect" is worked out from the file. */
export function FormatOverridesFields({ overrides, onChange, disabled }: { overrides: FormatOverrides; onChange: (next: FormatOverrides) => void; disabled: boolean }) {
  const t = useT();
  const zones = timeZoneChoices(operatorTimeZone()).map((zone) => ({ value: zone, label: zone }));
  const fields: readonly { name: keyof FormatOverrides; label: MessageKey; choices: readonly Choice[]; testId: string }[] = [
    { name: 'delimiter', label: 'recon.import.delimiter', choices: DELIMITER_CHOICES, testId: 'recon-delimiter' },
    { name: 'decimalSeparator', label: 'recon.import.decimalSeparator', choices: DECIMAL_SEPARATOR_CHOICES, testId: 'recon-decimal' },
    { name: 'timeZone', label: 'recon.import.timeZone', choices: zones, testId: 'recon-timezone' },
  ];
  return (
    <fieldset className="recon-format">
      <legend>{t('recon.import.format')}</legend>
      <p className="hint">{t('recon.import.formatHint')}</p>
      <div className="recon-form-grid">
        {fields.map((field) => (
          <DetectableChoice
            key={field.name}
            label={t(field.label)}
            value={overrides[field.name]}
            choices={field.choices}
            disabled={disabled}
            testId={field.testId}
            onChange={(value) => onChange({ ...overrides, [field.name]: value })}
          />
        ))}
      </div>
    </fieldset>
  );
}

function DetectableChoice(props: { label: string; value: string; choices: readonly Choice[]; disabled: boolean; testId: string; onChange: (value: string) => void }) {
  const t = useT();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} value={props.value} onChange={(event) => props.onChange(event.target.value)} disabled={props.disabled} data-testid={props.testId}>
        <option value="">{t('recon.import.detect')}</option>
        {props.choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </div>
  );
}
