import { useEffect } from 'react';
import { subscribe } from '../../../api/client.ts';
import { reconciliationStore } from '../stores/reconciliation.ts';

/** Feeds `recon:progress` into the store while the Reconciliation page is open. */
export function useReconProgress(): void {
  useEffect(() => subscribe('recon:progress', (event) => reconciliationStore.getState().progressReported(event)), []);
}
