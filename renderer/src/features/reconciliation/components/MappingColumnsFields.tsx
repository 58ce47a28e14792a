import { useId } from 'react';
import type { MessageKey } from '../../../i18n/en.ts';
import { useT } from '../../../i18n/locale-store.ts';
import { MAPPED_FIELDS, type MappedField } from '../../../../../shared/domain/recon-mapping.ts';

const FIELD_LABELS: Readonly<Record<MappedField, MessageKey>> = {
  gatewayTransactionId: 'recon.mapping.field.gatewayTransactionId',
  merchantReference: 'recon.mapping.field.merchantReference',
  amount: 'recon.mapping.field.amount',
  currency: 'recon.mapping.field.currency',
  status: 'recon.mapping.field.status',
  kind: 'recon.mapping.field.kind',
  fee: 'recon.mapping.field.fee',
  net: 'recon.mapping.field.net',
  transactionAt: 'recon.mapping.field.transactionAt',
  settledAt: 'recon.mapping.field.settledAt',
  merchantAccount: 'recon.mapping.field.merchantAccount',
};

/** For each field a statement row has, which of the file's columns holds it (or none). */
export function MappingColumnsFields(props: {
  headers: readonly string[];
  columns: Readonly<Record<MappedField, string>>;
  /** A problem the preview found with a field, shown under its select. */
  problems: Readonly<Partial<Record<MappedField, string>>>;
  onChange: (field: MappedField, header: string) => void;
}) {
  const t = useT();
  const id = useId();
  return (
    <fieldset className="recon-format">
      <legend>{t('recon.mapping.columns')}</legend>
      <div className="recon-form-grid">
        {MAPPED_FIELDS.map((field) => {
          const problem = props.problems[field];
          const selectId = `${id}-${field}`;
          // A column saved earlier that this file lacks stays selectable, so the preview can say so.
          const headers = props.columns[field] !== '' && !props.headers.includes(props.columns[field]) ? [...props.headers, props.columns[field]] : props.headers;
          return (
            <div className="field" key={field}>
              <label htmlFor={selectId}>
                {t(FIELD_LABELS[field])}
                {field === 'amount' ? ` ${t('recon.mapping.required')}` : ''}
              </label>
              <select
                id={selectId}
                value={props.columns[field]}
                onChange={(event) => props.onChange(field, event.target.value)}
                aria-invalid={problem ? true : undefined}
                aria-describedby={problem ? `${selectId}-problem` : undefined}
                data-testid={`recon-mapping-column-${field}`}
              >
                <option value="">{t('recon.mapping.notInFile')}</option>
                {headers.map((header) => (
                  <option key={header} value={header}>
                    {header}
                  </option>
                ))}
              </select>
              {problem && (
                <p className="field-error" id={`${selectId}-problem`}>
                  {problem}
                </p>
              )}
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
