import { useEffect } from 'react';
import { subscribe } from '../../../api/client.ts';
import { paymentsExportStore } from '../stores/payments-export.ts';

/** Feeds `payments:exportProgress` into the export's store while the Transactions page is open. */
export function useExportProgress(): void {
  useEffect(() => subscribe('payments:exportProgress', (event) => paymentsExportStore.getState().progressReported(event)), []);
}
