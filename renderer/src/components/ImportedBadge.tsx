import { useT } from '../i18n/locale-store.ts';

/** A payment made elsewhere and looked up at the gateway: the console did not send its operations. */
export function ImportedBadge({ testId = 'imported-badge' }: { testId?: string }) {
  const t = useT();
  return (
    <span className="imported-badge" data-testid={testId} title={t('imported.title')}>
      {t('imported.badge')}
    </span>
  );
}
