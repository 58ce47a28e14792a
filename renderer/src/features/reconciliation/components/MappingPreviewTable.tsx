import type { ReactNode } from 'react';
import type { StatementPreviewView } from '../../../../../shared/domain/recon-mapping.ts';
import { useT } from '../../../i18n/locale-store.ts';

/** The file's first rows: as written when nothing is mapped yet, as the mapping reads them once it is, each with its problem. */
export function MappingPreviewTable({ preview }: { preview: StatementPreviewView }) {
  const t = useT();
  const mapped = preview.rows.some((row) => row.row !== null || row.problem !== null);
  if (!mapped) {
    return (
      <PreviewFrame caption={t('recon.mapping.rawRows')} testId="recon-mapping-raw" headers={[t('recon.rows.line'), ...preview.headers]}>
        {preview.rows.map((row) => (
          <tr key={row.line}>
            <td className="numeric">{row.line}</td>
            {preview.headers.map((_, index) => (
              <td key={index}>{row.raw[index] ?? ''}</td>
            ))}
          </tr>
        ))}
      </PreviewFrame>
    );
  }
  const headers = [
    t('recon.rows.line'),
    t('recon.rows.gatewayId'),
    t('recon.rows.reference'),
    t('recon.mapping.field.amount'),
    t('recon.mapping.field.fee'),
    t('recon.mapping.field.status'),
    t('recon.mapping.field.kind'),
    t('recon.mapping.field.transactionAt'),
    t('recon.mapping.problem'),
  ];
  return (
    <PreviewFrame caption={t('recon.mapping.mappedRows')} testId="recon-mapping-preview" headers={headers}>
      {preview.rows.map(({ line, row, problem }) => (
        <tr key={line} data-testid="recon-mapping-preview-row" data-problem={problem ? 'true' : 'false'}>
          <td className="numeric">{line}</td>
          <td>{row?.gatewayTransactionId ?? ''}</td>
          <td>{row?.merchantReference ?? ''}</td>
          <td className="numeric">{row ? `${row.amount} ${row.currency}` : ''}</td>
          <td className="numeric">{row?.fee ?? ''}</td>
          <td>{row ? t(`recon.statementStatus.${row.status}`) : ''}</td>
          <td>{row ? t(`recon.mapping.kind.${row.kind}`) : ''}</td>
          <td>{row?.transactionAt ?? ''}</td>
          <td className={problem ? 'field-error' : undefined}>{problem ?? t('recon.mapping.rowOk')}</td>
        </tr>
      ))}
    </PreviewFrame>
  );
}

/** As wide as the file: the table scrolls, the page does not. */
function PreviewFrame({ caption, testId, headers, children }: { caption: string; testId: string; headers: readonly string[]; children: ReactNode }) {
  return (
    <div className="recon-mapping-scroll">
      <table className="recon-skipped" data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {headers.map((header, index) => (
              <th scope="col" key={`${index}-${header}`}>
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
