/**
 * Reports a gateway delivers later to an address the console gave it (Be2bill's exportTransactions
 * posts its CSV to the request's CALLBACKURL). Each request gets its own address under
 * `/reports/<token>`, a random 256-bit token: only the gateway that was handed it can deliver, the
 * first delivery is the answer, and the address is forgotten at once, so a stray, guessed or
 * replayed delivery finds nothing and changes nothing. Waiting ends with a TimeoutError.
 */
import { randomBytes } from 'node:crypto';
import { TimeoutError } from '../errors.ts';
import type { ExpectedDelivery, ReportDeliveries } from '../gateways/types.ts';

/** A report is a whole period's transactions: far larger than a webhook, read into memory once. */
export const REPORT_MAX_BYTES = 256 * 1024 * 1024;

const TOKEN_PATTERN = /^[0-9a-f]{64}$/;

interface Waiting {
  readonly resolve: (body: Uint8Array) => void;
}

export interface ReportInbox extends ReportDeliveries {
  /** Whether a request still waits on this token (checked before a body is read at all). */
  waitingOn(token: string): boolean;
  /** Hands the body to the request waiting on the token, which stops waiting; false when none waits (any more). */
  deliver(token: string, body: Uint8Array): boolean;
  /** Ends every wait (the receiver is closing). */
  close(): void;
}

export function createReportInbox(baseUrl: () => string): ReportInbox {
  const waiting = new Map<string, Waiting>();
  const endings = new Set<() => void>();

  return {
    expect({ timeoutMs }): ExpectedDelivery {
      const token = randomBytes(32).toString('hex');
      let settle!: { resolve: (body: Uint8Array) => void; reject: (error: unknown) => void };
      const body = new Promise<Uint8Array>((resolve, reject) => {
        settle = { resolve, reject };
      });
      // The caller may stop waiting before it reads the body; the rejection is then nobody's concern.
      body.catch(() => undefined);
      const end = (error: unknown | null, delivered?: Uint8Array): void => {
        clearTimeout(timer);
        waiting.delete(token);
        endings.delete(stop);
        if (error === null && delivered !== undefined) settle.resolve(delivered);
        else settle.reject(error);
      };
      const stop = (): void => end(new TimeoutError('The wait for the gateway\'s report was stopped before it was delivered'));
      const timer = setTimeout(() => end(new TimeoutError(`The gateway did not deliver the report within ${Math.round(timeoutMs / 1000)} s; ask for it again later`)), timeoutMs);
      waiting.set(token, { resolve: (delivered) => end(null, delivered) });
      endings.add(stop);
      return { url: `${baseUrl()}/reports/${token}`, body, cancel: stop };
    },
    waitingOn: (token) => TOKEN_PATTERN.test(token) && waiting.has(token),
    deliver(token, delivered) {
      const found = waiting.get(token);
      if (found === undefined) return false;
      found.resolve(delivered);
      return true;
    },
    close() {
      for (const stop of [...endings]) stop();
    },
  };
}
