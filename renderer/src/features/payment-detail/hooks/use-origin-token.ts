import { useEffect, useState } from 'react';
import type { StoredCredential } from '../../../../../shared/ipc/contract.ts';
import { loadOriginToken } from '../api/origin-token.ts';

/** Looked up again when the payment changes: a token can be recorded after the first answer. */
export function useOriginToken(profileId: string, paymentId: string, updatedAt: string): StoredCredential | null {
  const [token, setToken] = useState<StoredCredential | null>(null);
  useEffect(() => {
    let live = true;
    void loadOriginToken(profileId, paymentId).then((found) => {
      if (live) setToken(found);
    });
    return () => {
      live = false;
    };
  }, [profileId, paymentId, updatedAt]);
  return token;
}
