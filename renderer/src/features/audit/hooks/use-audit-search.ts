import { useEffect } from 'react';
import { subscribe } from '../../../api/client.ts';
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

/**
 * The log grows with every payment, mandate and profile change, here or on another console: the
 * screen says so and offers to read it again, rather than moving the rows under the operator.
 */
export function useAuditStaleness(): void {
  useEffect(() => {
    const markStale = () => auditStore.getState().markStale();
    const offs = [subscribe('payment:changed', markStale), subscribe('mandate:changed', markStale), subscribe('profiles:changed', markStale)];
    return () => {
      for (const off of offs) off();
    };
  }, []);
}
