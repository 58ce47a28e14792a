/**
 * One Be2bill call over the primary host, and once more over the fallback when the primary fails
 * (§1: the official SDKs fail over on a transport error or a non-200; the Magento module also on
 * EXECCODE 5001 and 5003). A decline or any other EXECCODE is an answer and never fails over.
 *
 * ORDERID uniqueness is not enforced by the platform (§4), so resending a money-moving request is
 * only safe when the first one cannot have been processed. Three cases:
 *  - the primary never got it (connection refused, DNS, connect timeout) or said so (5001, 5003):
 *    the same request, same ORDERID, goes to the fallback;
 *  - it may have got it (reset mid-exchange, a non-200 answer): the fallback is asked first for
 *    the ORDERID (getTransactions, which both hosts answer from one platform) and the request is
 *    resent only when no transaction with it exists;
 *  - the primary did not answer in time: no failover (the Go SDK stops there too); the outcome is
 *    unknown and is settled by a lookup later.
 * A 5001 or 5003 answer fails over however the rest of it is written: only its EXECCODE is read.
 *
 * Every request carries `params[OPERATIONTYPE]` equal to `method` (§1: the method value is the
 * OPERATIONTYPE value, lookups and exports included), set here so the two never differ.
 */
import { ConnectionError, DeserializationError, TimeoutError } from '../../errors.ts';
import type { HttpClient } from '../../http/http-client.ts';
import { isFailoverExecCode } from './execcodes.ts';
import { be2billRedactor } from './redact.ts';
import { signBe2billParams } from './signing.ts';
import { be2billAnswerSchema, encodeBe2billRequest, type Be2billAnswer, type Be2billOperation, type Be2billParams } from './wire.ts';

export type Be2billHostRole = 'primary' | 'fallback';

export interface Be2billHosts {
  readonly primary: string;
  readonly fallback: string | null;
}

/** A non-200 answer: the SDKs treat it as a transport failure (§1). */
class HostAnswerError extends Error {
  override name = 'HostAnswerError';
  readonly status: number;
  constructor(status: number, where: string) {
    super(`${where} answered HTTP ${status}`);
    this.status = status;
  }
}

const NEVER_REACHED_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function causeCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = current.cause;
  }
  return codes;
}

export type FailoverMode = 'resend' | 'lookup-first' | 'none';

/** What a failure of the primary allows (see the file comment). */
export function failoverModeOf(error: unknown): FailoverMode {
  if (error instanceof HostAnswerError) return 'lookup-first';
  const neverReached = causeCodes(error).some((code) => NEVER_REACHED_CODES.has(code));
  if (neverReached) return 'resend';
  if (error instanceof TimeoutError) return 'none';
  if (error instanceof ConnectionError) return 'lookup-first';
  return 'none';
}

/** A failover answer whose other fields do not have the documented shape (`OPERATIONTYPE: null`, say). */
function failoverAnswerOf(json: unknown): Be2billAnswer | null {
  if (json === null || typeof json !== 'object') return null;
  const { EXECCODE: code, MESSAGE: message } = json as Record<string, unknown>;
  if (typeof code !== 'string' || !isFailoverExecCode(code)) return null;
  return typeof message === 'string' ? { EXECCODE: code, MESSAGE: message } : { EXECCODE: code };
}

function typed(error: unknown, what: string): unknown {
  if (error instanceof HostAnswerError) return new ConnectionError(`Be2bill ${what}: ${error.message}; the outcome is unknown until the transaction is looked up`);
  return error;
}

export interface Be2billCallOptions {
  /** For requests that move money: finds the transaction the failed attempt may have made. */
  readonly findExisting?: (host: string) => Promise<Be2billAnswer | null>;
}

export interface Be2billTransport {
  call(what: string, path: string, method: Be2billOperation, params: Be2billParams, options?: Be2billCallOptions): Promise<Be2billAnswer>;
  /** One host only: how lookups run, including the one that guards a failover. */
  callHost(what: string, host: string, path: string, method: Be2billOperation, params: Be2billParams): Promise<Be2billAnswer>;
}

export function createBe2billTransport(deps: { http: HttpClient; hosts: () => Be2billHosts; password: () => Promise<string> }): Be2billTransport {
  async function callHost(what: string, host: string, path: string, method: Be2billOperation, params: Be2billParams): Promise<Be2billAnswer> {
    const signed = signBe2billParams(await deps.password(), { ...params, OPERATIONTYPE: method });
    const response = await deps.http.request({
      method: 'POST',
      url: `${host}${path}`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: encodeBe2billRequest(method, signed),
      redactor: be2billRedactor,
    });
    if (response.status !== 200) throw new HostAnswerError(response.status, `Be2bill ${what} on ${new URL(host).host}`);
    let json: unknown;
    try {
      json = JSON.parse(response.body);
    } catch (error) {
      throw new DeserializationError(`Be2bill ${what}: the answer is not JSON`, { cause: error });
    }
    const parsed = be2billAnswerSchema.safeParse(json);
    if (!parsed.success) {
      const failover = failoverAnswerOf(json);
      if (failover !== null) return failover;
      const issue = parsed.error.issues[0];
      throw new DeserializationError(`Be2bill ${what}: the answer does not have the documented shape at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
    }
    return parsed.data;
  }

  async function onFallback(what: string, fallback: string, path: string, method: Be2billOperation, params: Be2billParams): Promise<Be2billAnswer> {
    try {
      return await callHost(what, fallback, path, method, params);
    } catch (error) {
      throw typed(error, what);
    }
  }

  return {
    callHost,
    async call(what, path, method, params, options = {}) {
      const { primary, fallback } = deps.hosts();
      let answer: Be2billAnswer;
      try {
        answer = await callHost(what, primary, path, method, params);
      } catch (error) {
        const mode = fallback === null ? 'none' : failoverModeOf(error);
        if (fallback === null || mode === 'none') throw typed(error, what);
        if (mode === 'lookup-first' && options.findExisting !== undefined) {
          let existing: Be2billAnswer | null;
          try {
            existing = await options.findExisting(fallback);
          } catch {
            throw typed(error, what);
          }
          if (existing !== null) return existing;
        }
        return onFallback(what, fallback, path, method, params);
      }
      if (fallback !== null && isFailoverExecCode(answer.EXECCODE)) return onFallback(what, fallback, path, method, params);
      return answer;
    },
  };
}
