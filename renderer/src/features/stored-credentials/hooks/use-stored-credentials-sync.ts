import { useEffect } from 'react';
import { subscribe } from '../../../api/client.ts';
import { storedCredentialsStore } from '../stores/stored-credentials.ts';

/**
 * Loads both lists and keeps them current: a mandate the customer approved in the app, a token
 * recorded by a payment that just stored its card, a charge that settled after its answer.
 */
export function useStoredCredentialsSync(): void {
  useEffect(() => {
    const store = storedCredentialsStore.getState();
    void store.loadTokens();
    void store.loadMandates();
    const offMandate = subscribe('mandate:changed', () => void storedCredentialsStore.getState().loadMandates());
    const offPayment = subscribe('payment:changed', (event) => {
      storedCredentialsStore.getState().paymentStatusChanged(event.paymentId, event.status);
      void storedCredentialsStore.getState().loadTokens();
    });
    return () => {
      offMandate();
      offPayment();
    };
  }, []);
}
