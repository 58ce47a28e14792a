/**
 * MB WAY mandates ("Authorised Payments", fact sheet §4): asked for by the merchant, approved or
 * declined by the customer in the app (who sets the limit per payment and the expiry), cancelled
 * by either side, expired by time. `ACTV` is SIBS's documented code; PEND, CNCL, EXPR and RJCT
 * are ours in the same style.
 */
import { randomBytes } from 'node:crypto';
import { mintTransactionId } from './payment-book.ts';

export type EmulatedMandateStatus = 'PEND' | 'ACTV' | 'CNCL' | 'EXPR' | 'RJCT';

export interface EmulatedMandate {
  readonly transactionId: string;
  readonly mandateId: string;
  readonly clientId: string;
  readonly terminalId: number;
  readonly merchantTransactionId: string;
  readonly mandateType: 'SUBSCRIPTION' | 'ONECLICK';
  readonly aliasMBWAY: string;
  readonly customerName: string;
  readonly createdAt: Date;
  status: EmulatedMandateStatus;
  limitMinor: bigint | null;
  currency: string | null;
  expiresAt: Date | null;
  updatedAt: Date;
}

export interface NewMandate {
  readonly clientId: string;
  readonly terminalId: number;
  readonly merchantTransactionId: string;
  readonly mandateType: 'SUBSCRIPTION' | 'ONECLICK';
  readonly aliasMBWAY: string;
  readonly customerName: string;
  readonly now: Date;
}

export interface MandateBook {
  create(mandate: NewMandate): EmulatedMandate;
  /** By the creation's transactionID or by the mandateId; one merchant's only when a client id is given. */
  find(id: string, clientId?: string): EmulatedMandate | null;
  all(clientId?: string): readonly EmulatedMandate[];
  /** An active mandate past its expiry becomes EXPR. */
  refresh(mandate: EmulatedMandate, now: Date): boolean;
}

/** Mandate ids are not shown in any source; ours are 16 upper-case hex digits, distinct from the s2… ids. */
function mintMandateId(): string {
  return randomBytes(8).toString('hex').toUpperCase();
}

export function createMandateBook(): MandateBook {
  const mandates = new Map<string, EmulatedMandate>();
  return {
    create(input) {
      const mandate: EmulatedMandate = {
        transactionId: mintTransactionId(),
        mandateId: mintMandateId(),
        clientId: input.clientId,
        terminalId: input.terminalId,
        merchantTransactionId: input.merchantTransactionId,
        mandateType: input.mandateType,
        aliasMBWAY: input.aliasMBWAY,
        customerName: input.customerName,
        createdAt: input.now,
        status: 'PEND',
        limitMinor: null,
        currency: null,
        expiresAt: null,
        updatedAt: input.now,
      };
      mandates.set(mandate.transactionId, mandate);
      return mandate;
    },
    find(id, clientId) {
      const found = mandates.get(id) ?? [...mandates.values()].find((mandate) => mandate.mandateId === id) ?? null;
      return found !== null && (clientId === undefined || found.clientId === clientId) ? found : null;
    },
    all(clientId) {
      return [...mandates.values()].filter((mandate) => clientId === undefined || mandate.clientId === clientId);
    },
    refresh(mandate, now) {
      if (mandate.status !== 'ACTV' || mandate.expiresAt === null || now.getTime() <= mandate.expiresAt.getTime()) return false;
      mandate.status = 'EXPR';
      mandate.updatedAt = mandate.expiresAt;
      return true;
    },
  };
}
