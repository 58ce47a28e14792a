import { routeHref } from '../../../routing/route.ts';
import { useT } from '../../../i18n/locale-store.ts';
import { useStoredCredentialsSync } from '../hooks/use-stored-credentials-sync.ts';
import { MandatesSection } from './MandatesSection.tsx';
import { TokensSection } from './TokensSection.tsx';

export function StoredCredentialsScreen({ preselectedTokenId }: { preselectedTokenId: string | null }) {
  const t = useT();
  useStoredCredentialsSync();
  return (
    <section className="stored-credentials" aria-labelledby="stored-title">
      <h1 id="stored-title">{t('stored.title')}</h1>
      <p className="hint">{t('stored.intro')}</p>
      <p>
        <a href={routeHref({ name: 'batches' })} data-testid="stored-batches-link">
          {t('stored.chargeMany')}
        </a>
      </p>
      <TokensSection preselectedTokenId={preselectedTokenId} />
      <MandatesSection />
    </section>
  );
}
