import type { PaymentStatus } from '../../../shared/domain/schemas.ts';
import { useT } from '../i18n/locale-store.ts';

export function StatusBadge({ status, testId }: { status: PaymentStatus; testId?: string }) {
  const t = useT();
  return (
    <span className={`status-badge status-${status}`} data-testid={testId} data-status={status}>
      {t(`status.${status}`)}
    </span>
  );
}
