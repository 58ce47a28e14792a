import { useId } from 'react';
import { useT } from '../../../i18n/locale-store.ts';

/** For each value the file writes in a column (a status word, say), which of our values it means. */
export function MappingValueTable<T extends string>(props: {
  caption: string;
  table: Readonly<Record<string, T | ''>>;
  targets: readonly { value: T; label: string }[];
  testId: string;
  onChange: (fileValue: string, target: T | '') => void;
}) {
  const t = useT();
  const id = useId();
  const values = Object.keys(props.table);
  return (
    <table className="recon-skipped" data-testid={props.testId}>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('recon.mapping.fileValue')}</th>
          <th scope="col">{t('recon.mapping.ourValue')}</th>
        </tr>
      </thead>
      <tbody>
        {values.length === 0 && (
          <tr>
            <td colSpan={2}>{t('recon.mapping.noValues')}</td>
          </tr>
        )}
        {values.map((fileValue, index) => (
          <tr key={fileValue}>
            <th scope="row" id={`${id}-${index}`}>
              {fileValue}
            </th>
            <td>
              <select
                aria-labelledby={`${id}-${index}`}
                value={props.table[fileValue] ?? ''}
                onChange={(event) => props.onChange(fileValue, event.target.value as T | '')}
                data-testid={`${props.testId}-value`}
                data-file-value={fileValue}
              >
                <option value="">{t('recon.mapping.unmapped')}</option>
                {props.targets.map((target) => (
                  <option key={target.value} value={target.value}>
                    {target.label}
                  </option>
                ))}
              </select>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
