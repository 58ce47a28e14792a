/**
 * How the platform reads a request and writes what it sends back (fact sheet §1, §5, §8). A request
 * is a form of `method=<operation>` and `params[NAME]=value`, arrays as `params[NAME][SUB]=value`
 * (PHP `http_build_query`, read back the way PHP reads it: the last of two equal names wins); the
 * answer is JSON; a notification is a form of the plain names (`NAME`, `NAME[SUB]`) signed with the
 * §3 HASH.
 */
import type { EmulatorResponse } from '../../types.ts';
import { platformHash } from './platform-hash.ts';

export type PlatformValue = string | { readonly [sub: string]: PlatformValue };
export type PlatformParams = { readonly [name: string]: PlatformValue };

type Tree = { [name: string]: string | Tree };

export interface PlatformRequest {
  readonly method: string | null;
  readonly params: PlatformParams;
  /** Names the platform cannot place: outside `params[…]`, nested too deep, or both a value and an array. */
  readonly unreadable: readonly string[];
}

/** `params[NAME]`, `params[NAME][SUB]`, `params[NAME][A][B]` — the deepest nesting any client sends (§3). */
const PARAM_NAME = /^params\[([^[\]]+)\]((?:\[[^[\]]+\]){0,2})$/;

function setIn(tree: Tree, path: readonly string[], value: string): boolean {
  const [head, ...rest] = path;
  if (head === undefined) return false;
  const here = tree[head];
  if (rest.length === 0) {
    if (typeof here === 'object') return false;
    tree[head] = value;
    return true;
  }
  if (typeof here === 'string') return false;
  const child: Tree = here ?? (Object.create(null) as Tree);
  tree[head] = child;
  return setIn(child, rest, value);
}

export function readPlatformRequest(rawBody: string): PlatformRequest {
  const params = Object.create(null) as Tree;
  const unreadable: string[] = [];
  let method: string | null = null;
  for (const [name, value] of new URLSearchParams(rawBody)) {
    if (name === 'method') {
      method = value;
      continue;
    }
    const match = PARAM_NAME.exec(name);
    const path = match === null ? null : [match[1] ?? '', ...[...(match[2] ?? '').matchAll(/\[([^[\]]+)\]/g)].map((sub) => sub[1] ?? '')];
    if (path === null || !setIn(params, path, value)) unreadable.push(name);
  }
  return { method, params, unreadable };
}

/** A scalar parameter; an array where a value belongs reads as absent. */
export function scalarParam(params: PlatformParams, name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' ? value : undefined;
}

export function platformJson(body: Record<string, unknown>): EmulatorResponse {
  return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body };
}

function formPairs(name: string, value: PlatformValue): Array<[string, string]> {
  if (typeof value === 'string') return [[name, value]];
  return Object.entries(value).flatMap(([sub, inner]) => formPairs(`${name}[${sub}]`, inner));
}

/** A notification body: the transaction's parameters and their HASH, as a form. */
export function signedNotificationForm(password: string, params: PlatformParams): string {
  const signed: PlatformParams = { ...params, HASH: platformHash(password, params) };
  return new URLSearchParams(Object.entries(signed).flatMap(([name, value]) => formPairs(name, value))).toString();
}
