import { useT } from '../../../i18n/locale-store.ts';
import { useAuditStaleness } from '../hooks/use-audit-list.ts';
import { AuditExportPanel } from './AuditExportPanel.tsx';
import { AuditFilterBar } from './AuditFilterBar.tsx';
import { AuditList } from './AuditList.tsx';
import { VerifyChainPanel } from './VerifyChainPanel.tsx';

export function AuditScreen() {
  const t = useT();
  useAuditStaleness();
  return (
    <section className="audit-screen" aria-labelledby="audit-title" data-testid="audit-screen">
      <h1 id="audit-title">{t('audit.title')}</h1>
      <p className="muted">{t('audit.intro')}</p>
      <VerifyChainPanel />
      <AuditFilterBar />
      <AuditExportPanel />
      <AuditList />
    </section>
  );
}
