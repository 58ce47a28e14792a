import type { Environment } from '../../../shared/domain/schemas.ts';
import { useT } from '../i18n/locale-store.ts';

export function EnvironmentTag({ environment }: { environment: Environment }) {
  const t = useT();
  return (
    <span className={`environment-tag environment-${environment}`} data-environment={environment}>
      {t(`environment.${environment}`)}
    </span>
  );
}
