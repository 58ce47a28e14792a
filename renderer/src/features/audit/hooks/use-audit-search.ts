import { useEffect } from 'react';
import { auditStore, useAudit } from '../stores/audit.ts';

const TYPING_PAUSE_MS = 250;

/** Searches again shortly after a filter stops changing, and when the screen opens. */
export function useAuditSearch(): void {
  const filters = useAudit((state) => state.filters);
  useEffect(() => {
    const timer = window.setTimeout(() => void auditStore.getState().loadFirstPage(), TYPING_PAUSE_MS);
    return () => window.clearTimeout(timer);
  }, [filters]);
}
