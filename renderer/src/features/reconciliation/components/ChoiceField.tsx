export interface ChoiceFieldProps {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly choices: readonly string[];
  readonly onChange: (choice: string) => void;
  readonly disabled: boolean;
  readonly testId: string;
  /** Shown as the one option when there is nothing to choose. */
  readonly noneLabel?: string;
}

/** A named thing to read a statement with (a mapping, a report), from the ones the gateway ships. */
export function ChoiceField({ id, label, value, choices, onChange, disabled, testId, noneLabel }: ChoiceFieldProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)} disabled={disabled || choices.length === 0} data-testid={testId}>
        {choices.length === 0 && noneLabel !== undefined && <option value="">{noneLabel}</option>}
        {choices.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    </div>
  );
}
