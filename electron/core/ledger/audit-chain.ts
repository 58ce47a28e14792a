/**
 * The audit log's hash chain. Each entry's hash covers its own fields and the previous entry's
 * hash, so changing, removing or reordering any stored row breaks every link from there on.
 * The serialisation is fixed here so that any ledger implementation (SQLite, PostgreSQL) and the
 * verify command compute the same hashes.
 */
import { createHash } from 'node:crypto';
import type { AuditVerification } from './types.ts';

export const GENESIS_HASH = '0'.repeat(64);

/** An audit entry exactly as stored: the hash covers this text, not a re-parsed form of it. */
export interface AuditLink {
  readonly seq: number;
  readonly at: string;
  readonly operator: string;
  readonly origin: string;
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string | null;
  readonly outcome: string;
  readonly details: string;
  readonly prevHash: string;
}

/** JSON with object keys sorted, so the same details always produce the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, nested: unknown) => {
    if (nested === null || typeof nested !== 'object' || Array.isArray(nested)) return nested;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(nested).sort()) sorted[key] = (nested as Record<string, unknown>)[key];
    return sorted;
  });
}

export function auditHash(link: AuditLink): string {
  const fields = [link.seq, link.at, link.operator, link.origin, link.action, link.targetType, link.targetId, link.outcome, link.details, link.prevHash];
  return createHash('sha256').update(JSON.stringify(fields), 'utf8').digest('hex');
}

/** Walks the chain from the first entry; stops at the first entry that does not follow from the one before. */
export function verifyAuditChain(entries: Iterable<AuditLink & { readonly hash: string }>): AuditVerification {
  let expectedSeq = 1;
  let expectedPrevHash = GENESIS_HASH;
  let checked = 0;
  for (const entry of entries) {
    const intact = entry.seq === expectedSeq && entry.prevHash === expectedPrevHash && auditHash(entry) === entry.hash;
    if (!intact) return { ok: false, checked, firstBrokenSeq: entry.seq };
    checked += 1;
    expectedSeq += 1;
    expectedPrevHash = entry.hash;
  }
  return { ok: true, checked, firstBrokenSeq: null };
}
