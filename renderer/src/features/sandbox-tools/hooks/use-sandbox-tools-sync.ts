import { useEffect } from 'react';
import { subscribe } from '../../../api/client.ts';
import { sandboxToolsStore } from '../stores/sandbox-tools.ts';

/** Lists what waits on the customer in this profile and refreshes as payments and mandates move. */
export function useSandboxToolsSync(profileId: string | null): void {
  useEffect(() => {
    if (!profileId) return;
    void sandboxToolsStore.getState().load(profileId);
    const refresh = () => void sandboxToolsStore.getState().refresh();
    const offPayment = subscribe('payment:changed', refresh);
    const offMandate = subscribe('mandate:changed', refresh);
    return () => {
      offPayment();
      offMandate();
    };
  }, [profileId]);
}
