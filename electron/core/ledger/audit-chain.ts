/**
 * The audit log's hash chain. Each entry's seal covers its own fields and the previous entry's
 * seal, so changing, removing or reordering any stored row breaks every link from there on.
 *
 * A plain hash chain only shows careless edits: whoever can write the database can recompute it.
 * So every entry written since the data folder got its audit key is sealed with HMAC-SHA256 under
 * that key, which lives in the OS keychain, out of reach of someone who can only write files.
 * Entries written by earlier versions keep their plain SHA-256 and are checked as a legacy prefix;
 * the first keyed entry (or the anchor, audit-anchor.ts) pins the last of them, so they cannot be
 * rewritten either once the key exists.
 *
 * The serialisation is fixed here so that any ledger implementation (SQLite, PostgreSQL) and the
 * verify command compute the same seals.
 */
import { createHash, createHmac, type KeyObject } from 'node:crypto';
import type { AuditProblem } from './types.ts';
import type { AuditKey } from '../vault/audit-key.ts';

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

export type SealedAuditLink = AuditLink & { readonly hash: string };

/** JSON with object keys sorted, so the same details always produce the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, nested: unknown) => {
    if (nested === null || typeof nested !== 'object' || Array.isArray(nested)) return nested;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(nested).sort()) sorted[key] = (nested as Record<string, unknown>)[key];
    return sorted;
  });
}

function serialise(link: AuditLink): string {
  return JSON.stringify([link.seq, link.at, link.operator, link.origin, link.action, link.targetType, link.targetId, link.outcome, link.details, link.prevHash]);
}

/** The unkeyed seal of earlier versions (and of a ledger opened without a key). */
export function auditHash(link: AuditLink): string {
  return createHash('sha256').update(serialise(link), 'utf8').digest('hex');
}

/** The label keeps an entry's MAC from ever equalling the anchor's, which uses the same key. */
export function keyedAuditHash(secret: KeyObject, link: AuditLink): string {
  return createHmac('sha256', secret).update('audit-entry\n', 'utf8').update(serialise(link), 'utf8').digest('hex');
}

/** Which seal an entry must carry is decided by its position and the key, never by the row itself. */
export function sealOf(key: AuditKey | null, link: AuditLink): string {
  return key === null || link.seq <= key.legacyEntries ? auditHash(link) : keyedAuditHash(key.secret, link);
}

/** An entry of a team key's prefix: sealed before the team had a key, perhaps by another console's own. */
function linkedOnly(key: AuditKey | null, link: AuditLink): boolean {
  return key?.linkedPrefix === true && link.seq <= key.legacyEntries;
}

export interface ChainInspection {
  /** Entries that follow from the one before, counted from the first. */
  readonly checked: number;
  readonly broken: AuditProblem | null;
}

/** Finds a stored entry by its seal (used only to explain a break). */
export type FindBySeal = (hash: string) => SealedAuditLink | null;

/** Walks the chain from the first entry; stops at the first entry that does not follow from the one before. */
export function inspectAuditChain(entries: Iterable<SealedAuditLink>, key: AuditKey | null, findBySeal: FindBySeal): ChainInspection {
  let expectedSeq = 1;
  let expectedPrevHash = GENESIS_HASH;
  let checked = 0;
  for (const entry of entries) {
    const intact = entry.seq === expectedSeq && entry.prevHash === expectedPrevHash && (linkedOnly(key, entry) || sealOf(key, entry) === entry.hash);
    if (!intact) return { checked, broken: explainBreak(entry, expectedSeq, key, findBySeal) };
    checked += 1;
    expectedSeq += 1;
    expectedPrevHash = entry.hash;
  }
  return { checked, broken: null };
}

export interface LinkInspection extends ChainInspection {
  /** Leading entries that also carry a valid plain SHA-256 seal (what earlier versions wrote). */
  readonly plainlySealed: number;
}

/**
 * Without the key only the order can be checked: numbers without gaps, each entry naming the seal
 * stored on the one before. A keyed seal itself cannot be checked, so this proves far less than
 * inspectAuditChain: an edit with the seals recomputed passes it.
 */
export function inspectAuditLinks(entries: Iterable<SealedAuditLink>): LinkInspection {
  let expectedSeq = 1;
  let expectedPrevHash = GENESIS_HASH;
  let checked = 0;
  let plainlySealed = 0;
  let plain = true;
  for (const entry of entries) {
    if (entry.seq !== expectedSeq) {
      const range = entry.seq - 1 === expectedSeq ? `#${expectedSeq} is` : `#${expectedSeq}–#${entry.seq - 1} are`;
      return { checked, plainlySealed, broken: { kind: 'missing_entries', seq: entry.seq, message: `Entry ${range} missing: deleted from the middle of the log.` } };
    }
    if (entry.prevHash !== expectedPrevHash) {
      return {
        checked,
        plainlySealed,
        broken: { kind: 'edited', seq: entry.seq, message: `Entry #${entry.seq} does not follow from entry #${entry.seq - 1}: one of them was changed or replaced.` },
      };
    }
    plain &&= auditHash(entry) === entry.hash;
    if (plain) plainlySealed += 1;
    checked += 1;
    expectedSeq += 1;
    expectedPrevHash = entry.hash;
  }
  return { checked, plainlySealed, broken: null };
}

/** How far back a break's explanation follows seals; past that an entry is reported edited. */
const MAX_WALK_BACK = 10_000;

function explainBreak(entry: SealedAuditLink, expectedSeq: number, key: AuditKey | null, findBySeal: FindBySeal): AuditProblem {
  const seq = entry.seq;
  if (linkedOnly(key, entry) || sealOf(key, entry) === entry.hash) {
    if (seq > expectedSeq) {
      const range = seq - 1 === expectedSeq ? `#${expectedSeq} is` : `#${expectedSeq}–#${seq - 1} are`;
      return { kind: 'missing_entries', seq, message: `Entry ${range} missing: deleted from the middle of the log.` };
    }
    return { kind: 'edited', seq, message: `Entry #${seq} is intact but does not follow from entry #${seq - 1}: #${seq - 1} was changed and its hash recomputed, or replaced.` };
  }
  const writtenAs = positionFromPredecessors(entry, key, findBySeal);
  if (writtenAs !== null && writtenAs !== seq && sealOf(key, { ...entry, seq: writtenAs }) === entry.hash) {
    return { kind: 'reordered', seq, message: `Entry #${seq} holds the entry written as #${writtenAs}: entries were moved.` };
  }
  const resealed = key !== null && seq > key.legacyEntries ? ' (a seal recomputed without the audit key does not match either)' : '';
  return { kind: 'edited', seq, message: `Entry #${seq} does not match its seal: its content was changed${resealed}.` };
}

/**
 * Where an entry stood when it was written: one past the nearest predecessor (found by following
 * `prevHash`) that is still intact in its own place. Null when the trail is lost.
 */
function positionFromPredecessors(entry: SealedAuditLink, key: AuditKey | null, findBySeal: FindBySeal): number | null {
  let prevHash = entry.prevHash;
  for (let steps = 1; steps <= MAX_WALK_BACK; steps += 1) {
    if (prevHash === GENESIS_HASH) return steps;
    const predecessor = findBySeal(prevHash);
    if (predecessor === null) return null;
    if (sealOf(key, predecessor) === predecessor.hash) return predecessor.seq + steps;
    prevHash = predecessor.prevHash;
  }
  return null;
}
