/** Small helpers to bend JSON answers by dotted path (`merchant.merchantTransactionId`, `payments.0.id`). */
import type { Json, JsonObject } from './model.ts';

export function clone<T extends Json>(value: T): T {
  return structuredClone(value);
}

function parentOf(root: Json, path: string): { parent: Json; key: string } | null {
  const parts = path.split('.');
  const key = parts.pop();
  if (key === undefined) return null;
  let node: Json = root;
  for (const part of parts) {
    if (node === null || typeof node !== 'object') return null;
    const next: Json | undefined = Array.isArray(node) ? node[Number(part)] : node[part];
    if (next === undefined) return null;
    node = next;
  }
  return node !== null && typeof node === 'object' ? { parent: node, key } : null;
}

export function getPath(root: Json, path: string): Json | undefined {
  const found = parentOf(root, path);
  if (found === null) return undefined;
  const { parent, key } = found;
  return Array.isArray(parent) ? parent[Number(key)] : (parent as JsonObject)[key];
}

export function hasPath(root: Json, path: string): boolean {
  return getPath(root, path) !== undefined;
}

/** Returns a copy with the path removed (unchanged copy when the path is absent). */
export function withoutPath<T extends Json>(root: T, path: string): T {
  const copy = clone(root);
  const found = parentOf(copy, path);
  if (found !== null && !Array.isArray(found.parent)) delete (found.parent as JsonObject)[found.key];
  return copy;
}

/** Sets the path in place when its parent exists; returns whether it did. */
export function setPath(root: Json, path: string, value: Json): boolean {
  const found = parentOf(root, path);
  if (found === null) return false;
  if (Array.isArray(found.parent)) found.parent[Number(found.key)] = value;
  else (found.parent as JsonObject)[found.key] = value;
  return true;
}
