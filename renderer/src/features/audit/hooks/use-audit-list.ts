import { useInfiniteQuery, useQueryClient, keepPreviousData } from '@tanstack/react-query';
import { useEffect } from 'react';
import { call, subscribe } from '../../../api/client.ts';
import { isReadBefore } from '../../../queries/keyset-list.ts';
import { useKeysetList } from '../../../queries/use-keyset-list.ts';
import { useSettledInput } from '../../../queries/use-settled-input.ts';
import { auditSearchQuery, entriesOfPages } from '../queries/audit-queries.ts';
import { NO_AUDIT_FILTERS } from '../utils/audit-query.ts';
import { auditStore, useAudit } from '../stores/audit.ts';

const TYPING_PAUSE_MS = 250;
const LOAD_MORE_THRESHOLD = 30;

/** The log's pages under the filters once they stop changing; the rows already shown stay while new filters are read. */
export function useAuditList() {
  const filters = useAudit((state) => state.filters);
  const settled = useSettledInput(filters, TYPING_PAUSE_MS);
  const query = auditSearchQuery(call, settled ?? NO_AUDIT_FILTERS);
  const search = useInfiniteQuery({ ...query, enabled: settled !== undefined, placeholderData: keepPreviousData });
  const list = useKeysetList(search, entriesOfPages, LOAD_MORE_THRESHOLD);
  const changedAt = useAudit((state) => state.changedAt);
  const queryClient = useQueryClient();
  return {
    ...list,
    stale: isReadBefore(changedAt, list.readAt),
    /** Reads the log again from its newest entry (the pages below are dropped). */
    refresh() {
      void queryClient.resetQueries({ queryKey: query.queryKey, exact: true });
    },
  };
}

/**
 * The log grows with every payment, mandate and profile change, here or on another console: the
 * screen says so and offers to read it again, rather than moving the rows under the operator.
 */
export function useAuditStaleness(): void {
  useEffect(() => {
    const noteChange = () => auditStore.getState().noteChange(Date.now());
    const offs = [subscribe('payment:changed', noteChange), subscribe('mandate:changed', noteChange), subscribe('profiles:changed', noteChange)];
    return () => {
      for (const off of offs) off();
    };
  }, []);
}
