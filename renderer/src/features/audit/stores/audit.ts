import { useStore } from 'zustand';
import { call } from '../../../api/client.ts';
import { createAuditStore, type AuditState } from './audit-store.ts';

export const auditStore = createAuditStore(call);

export function useAudit<T>(selector: (state: AuditState) => T): T {
  return useStore(auditStore, selector);
}
