import { useEffect, useState } from 'react';
import type { ErrorShape } from '../../../../../shared/ipc/envelope.ts';
import { listUssdBanks } from '../api/async-payments.ts';

export interface UssdBankList {
  readonly banks: ReadonlyArray<{ name: string; code: string }> | null;
  readonly error: ErrorShape | null;
}

/** The gateway's USSD bank list for the profile, asked for when the USSD form opens. */
export function useUssdBanks(profileId: string | null, wanted: boolean): UssdBankList {
  const [list, setList] = useState<UssdBankList>({ banks: null, error: null });
  useEffect(() => {
    if (!profileId || !wanted) return;
    let live = true;
    setList({ banks: null, error: null });
    void listUssdBanks(profileId).then((result) => {
      if (live) setList(result.ok ? { banks: result.value, error: null } : { banks: null, error: result.error });
    });
    return () => {
      live = false;
    };
  }, [profileId, wanted]);
  return list;
}
