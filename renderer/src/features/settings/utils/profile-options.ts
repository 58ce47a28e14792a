/** An option field as gateways:list describes it. */
export interface OptionField {
  readonly name: string;
  readonly label: string;
  readonly type: 'string' | 'number' | 'boolean';
  readonly required: boolean;
}

export type OptionValue = string | number | boolean;

/**
 * The form keeps every option as text (checkboxes as "true"/"false"); this turns it into the typed
 * map the contract takes, or names the fields that are missing or not numbers.
 */
export function buildProfileOptions(
  fields: readonly OptionField[],
  texts: Readonly<Record<string, string>>,
): { ok: true; options: Record<string, OptionValue> } | { ok: false; invalid: string[] } {
  const options: Record<string, OptionValue> = {};
  const invalid: string[] = [];
  for (const field of fields) {
    const text = (texts[field.name] ?? '').trim();
    if (field.type === 'boolean') {
      options[field.name] = text === 'true';
      continue;
    }
    if (text === '') {
      if (field.required) invalid.push(field.name);
      continue;
    }
    if (field.type === 'number') {
      const value = Number(text);
      if (!Number.isFinite(value)) invalid.push(field.name);
      else options[field.name] = value;
      continue;
    }
    options[field.name] = text;
  }
  return invalid.length > 0 ? { ok: false, invalid } : { ok: true, options };
}

export function optionTexts(options: Readonly<Record<string, OptionValue>>): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const [name, value] of Object.entries(options)) texts[name] = String(value);
  return texts;
}
