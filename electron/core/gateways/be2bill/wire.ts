/**
 * Be2bill / Dalenys S2S wire (fact sheet §1, §4, §5; seed 004). A request is a form body of
 * `method=<operation>` and every parameter as `params[KEY]=value`, nested values as
 * `params[KEY][SUB]=value` (PHP `http_build_query` style); the answer is JSON. Answer schemas
 * are lenient: only `EXECCODE` is required, because everything is classified by it.
 */
import { z } from 'zod';

/** `/front/service/rest/process` (the `.php` form works too, §1); one path for every money call. */
export const BE2BILL_PROCESS_PATH = '/front/service/rest/process';
/** getTransactions goes here (§1). */
export const BE2BILL_EXPORT_PATH = '/front/service/rest/export';

/** The operations the console sends: on the process path, and on the export path the inline lookup and the transactions report (§4). */
export type Be2billProcessOperation = 'payment' | 'authorization' | 'capture' | 'refund' | 'stopntimes';
export type Be2billOperation = Be2billProcessOperation | 'getTransactions' | 'exportTransactions';

export const BE2BILL_VERSIONS = ['2.0', '3.0'] as const;
export type Be2billVersion = (typeof BE2BILL_VERSIONS)[number];

/** A parameter value: a string, or an array of them keyed by name (`AMOUNTS[2025-01-31]`). */
export type Be2billValue = string | { readonly [key: string]: Be2billValue };
export type Be2billParams = { readonly [key: string]: Be2billValue };

/** Byte order, as PHP `ksort` and Go `sort.Strings` give for the ASCII keys Be2bill uses (§3). */
function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `[['AMOUNTS[2025-01-31]', '500'], …]`, nested keys in bracket form, in byte order. */
export function flattenParams(params: Be2billParams, prefix: string | null = null): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const key of Object.keys(params).sort(byteOrder)) {
    const value = params[key];
    if (value === undefined) continue;
    const name = prefix === null ? key : `${prefix}[${key}]`;
    if (typeof value === 'string') pairs.push([name, value]);
    else pairs.push(...flattenParams(value, name));
  }
  return pairs;
}

/** `method=payment&params[OPERATIONTYPE]=payment&…`. */
export function encodeBe2billRequest(method: Be2billOperation, params: Be2billParams): string {
  const form = new URLSearchParams();
  form.append('method', method);
  for (const [name, value] of flattenParams(params)) {
    const open = name.indexOf('[');
    form.append(open === -1 ? `params[${name}]` : `params[${name.slice(0, open)}]${name.slice(open)}`, value);
  }
  return form.toString();
}

const BRACKETED = /^([^[\]]+)((?:\[[^[\]]*\])*)$/;

/** `KEY[A][B]` → ['KEY', 'A', 'B']; null when the name is not in that form. */
export function bracketPath(name: string): string[] | null {
  const match = BRACKETED.exec(name);
  if (match === null) return null;
  const head = match[1] ?? '';
  const rest = [...(match[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((part) => part[1] ?? '');
  return [head, ...rest];
}

type MutableParams = { [key: string]: string | MutableParams };

function place(target: MutableParams, path: readonly string[], value: string): boolean {
  const [head, ...rest] = path;
  if (head === undefined || head === '' || head === '__proto__' || head === 'constructor' || head === 'prototype') return false;
  if (rest.length === 0) {
    if (typeof target[head] === 'object') return false;
    target[head] = value;
    return true;
  }
  const existing = target[head];
  const child: MutableParams = typeof existing === 'object' ? existing : (Object.create(null) as MutableParams);
  if (typeof existing === 'string') return false;
  target[head] = child;
  return place(child, rest, value);
}

/** Flat `KEY=value` and `KEY[SUB]=value` pairs (a notification body) → params. */
export function paramsFromPairs(pairs: Iterable<[string, string]>): { params: Be2billParams; rejected: string[] } {
  const params = Object.create(null) as MutableParams;
  const rejected: string[] = [];
  for (const [name, value] of pairs) {
    const path = bracketPath(name);
    if (path === null || !place(params, path, value)) rejected.push(name);
  }
  return { params, rejected };
}

/** A request body → its `method`, its `params[…]` and the names that were neither. */
export function decodeBe2billRequest(rawBody: string): { method: string | null; params: Be2billParams; rejected: string[] } {
  const form = new URLSearchParams(rawBody);
  let method: string | null = null;
  const inner: Array<[string, string]> = [];
  const rejected: string[] = [];
  for (const [name, value] of form) {
    if (name === 'method') {
      method = value;
      continue;
    }
    const path = bracketPath(name);
    if (path === null || path[0] !== 'params' || path.length < 2) {
      rejected.push(name);
      continue;
    }
    const [, key, ...subs] = path;
    inner.push([`${key ?? ''}${subs.map((sub) => `[${sub}]`).join('')}`, value]);
  }
  const decoded = paramsFromPairs(inner);
  return { method, params: decoded.params, rejected: [...rejected, ...decoded.rejected] };
}

export function stringParam(params: Be2billParams, key: string): string | undefined {
  const value = params[key];
  return typeof value === 'string' ? value : undefined;
}

/** JSON numbers and strings both appear for amounts in clients' readings; only integers are accepted. */
const integerText = z.union([z.string(), z.number()]).transform((value) => String(value));

/**
 * One transaction as an inline `getTransactions` answer lists it (`DATA`). The row's columns are
 * not printed by any source (INFERRED): the keys a notification carries (§8) are read.
 */
export const be2billTransactionRowSchema = z.looseObject({
  TRANSACTIONID: z.string(),
  OPERATIONTYPE: z.string().optional(),
  ORDERID: z.string().optional(),
  EXECCODE: z.string().optional(),
  MESSAGE: z.string().optional(),
  AMOUNT: integerText.optional(),
  CURRENCY: z.string().optional(),
  DATE: z.string().optional(),
  CARDCODE: z.string().optional(),
  CARDTYPE: z.string().optional(),
  CARDVALIDITYDATE: z.string().optional(),
  CARDFULLNAME: z.string().optional(),
  CLIENTEMAIL: z.string().optional(),
  CLIENTIDENT: z.string().optional(),
  ALIAS: z.string().optional(),
  SCHEDULEID: z.string().optional(),
  DESCRIPTION: z.string().optional(),
});
export type Be2billTransactionRow = z.infer<typeof be2billTransactionRowSchema>;

/** The JSON answer of every S2S call (§5). */
export const be2billAnswerSchema = z.looseObject({
  OPERATIONTYPE: z.string().optional(),
  TRANSACTIONID: z.string().optional(),
  EXECCODE: z.string(),
  MESSAGE: z.string().optional(),
  DESCRIPTOR: z.string().optional(),
  AMOUNT: integerText.optional(),
  ALIAS: z.string().optional(),
  ORDERID: z.string().optional(),
  SCHEDULEID: z.string().optional(),
  '3DSECUREHTML': z.string().optional(),
  REDIRECTHTML: z.string().optional(),
  DATA: z.array(be2billTransactionRowSchema).optional(),
});
export type Be2billAnswer = z.infer<typeof be2billAnswerSchema>;

/** Cents as the wire carries them: a non-negative decimal integer (§4). */
export function amountOfWire(text: string | undefined): bigint | null {
  if (text === undefined || !/^\d{1,15}$/.test(text)) return null;
  return BigInt(text);
}

/** `MM-YY` (§4). */
export function cardValidityDate(month: number, year: number): string {
  return `${String(month).padStart(2, '0')}-${String(year % 100).padStart(2, '0')}`;
}

export function parseCardValidityDate(text: string | undefined): { month: number; year: number } | null {
  const match = /^(0[1-9]|1[0-2])-(\d{2})$/.exec(text ?? '');
  if (match === null) return null;
  return { month: Number(match[1]), year: 2000 + Number(match[2]) };
}
