import type { StatementPreviewView } from '../../../../../shared/domain/recon-mapping.ts';
import { useT } from '../../../i18n/locale-store.ts';

/** The file's first rows: as written when nothing is mapped yet, as the mapping reads them once it is, each with its problem. */
export function MappingPreviewTable({ preview }: { preview: StatementPreviewView }) {
  const t = useT();
  const mapped = preview.rows.some((row) => row.row !== null || row.problem !== null);
  if (!mapped) {
    return (
      <div className="recon-mapping-scroll">
        <table className="recon-skipped" data-testid="recon-mapping-raw">
          <caption>{t('recon.mapping.rawRows')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('recon.rows.line')}</th>
              {preview.headers.map((header, index) => (
                <th scope="col" key={`${index}-${header}`}>
                  {header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row) => (
              <tr key={row.line}>
                <td className="numeric">{row.line}</td>
                {preview.headers.map((_, index) => (
                  <td key={index}>{row.raw[index] ?? ''}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  return (
    <div className="recon-mapping-scroll">
      <table className="recon-skipped" data-testid="recon-mapping-preview">
        <caption>{t('recon.mapping.mappedRows')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('recon.rows.line')}</th>
            <th scope="col">{t('recon.rows.gatewayId')}</th>
            <th scope="col">{t('recon.rows.reference')}</th>
            <th scope="col">{t('recon.mapping.field.amount')}</th>
            <th scope="col">{t('recon.mapping.field.fee')}</th>
            <th scope="col">{t('recon.mapping.field.status')}</th>
            <th scope="col">{t('recon.mapping.field.kind')}</th>
            <th scope="col">{t('recon.mapping.field.transactionAt')}</th>
            <th scope="col">{t('recon.mapping.problem')}</th>
          </tr>
        </thead>
        <tbody>
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
        </tbody>
      </table>
    </div>
  );
}
