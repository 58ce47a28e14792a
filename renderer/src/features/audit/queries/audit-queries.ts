import type { CallFn } from '../../../api/client.ts';
import { keysetQuery, type KeysetPages } from '../../../queries/channel-query.ts';
import { auditFilterInput, type AuditFilters } from '../utils/audit-query.ts';
import type { AuditEntry } from '../stores/audit-store.ts';

export const AUDIT_PAGE_SIZE = 200;

/** The log under the filter bar's filters, newest first, one page per cursor step. */
export function auditSearchQuery(call: CallFn, filters: AuditFilters) {
  return keysetQuery(call, 'audit:search', { ...auditFilterInput(filters), limit: AUDIT_PAGE_SIZE });
}

/** The cursor is an entry number: a page continues strictly below the last one, so nothing repeats. */
export function entriesOfPages(data: KeysetPages<'audit:search'> | undefined): AuditEntry[] {
  return (data?.pages ?? []).flatMap((page) => page.entries);
}
