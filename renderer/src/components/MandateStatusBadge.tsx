import type { Mandate } from '../../../shared/ipc/contract.ts';
import { useT } from '../i18n/locale-store.ts';

export function MandateStatusBadge({ status }: { status: Mandate['status'] }) {
  const t = useT();
  return (
    <span className={`status-badge mandate-status-${status}`} data-status={status}>
      {t(`mandateStatus.${status}`)}
    </span>
  );
}
