/**
 * The audit log and the shared call budgets on PostgreSQL. Both are read-then-write across every
 * console on the database, so each takes a transaction-scoped advisory lock first: appends queue
 * on one lock, so the hash chain stays one line whoever writes; call budgets queue per key.
 */
import type { AuditHead } from '../audit-anchor.ts';
import { readAnchor } from '../audit-anchor.ts';
import type { SealedAuditLink } from '../audit-chain.ts';
import { advanceAnchor, auditReport, emptyHead, nextAuditEntry, readAnchorFor, type AuditReader, type SealedState } from '../audit-trail.ts';
import { requireCallBudget } from '../ledger-arguments.ts';
import { auditPageFrom, buildAuditSearchQuery } from '../audit-search-query.ts';
import { auditLinkFromRow } from '../row-mappers.ts';
import { integer, text, type SqlRow } from '../row-reader.ts';
import type { AuditEntry, AuditFilter, AuditInput, AuditPage, AuditReport, AuditSeal } from '../types.ts';
import { one, type PgSession } from './pg-session.ts';

/** Any fixed 64-bit number nothing else on the database uses; this one spells "ledgaudt" in ASCII. */
export const AUDIT_LOCK_KEY = '7810759524123554164';
/** Call budgets lock (class, hash of the key): the two-number form never meets a one-number lock. */
const CALL_RATE_LOCK_CLASS = 7_001;

function headOf(row: SqlRow | null): AuditHead {
  return row === null ? emptyHead() : { entries: integer(row, 'seq'), lastHash: text(row, 'hash') };
}

export async function appendAudit(session: PgSession, seal: AuditSeal | null, input: AuditInput): Promise<AuditEntry> {
  return session.atomic(async (unit) => {
    await unit.rows('SELECT pg_advisory_xact_lock($1::bigint)', [AUDIT_LOCK_KEY]);
    const last = await one(unit, 'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    const { link, entry } = nextAuditEntry(seal, input, last === null ? null : { seq: integer(last, 'seq'), hash: text(last, 'hash') });
    await unit.changed(
      `INSERT INTO audit_log (seq, at, operator, origin, action, target_type, target_id, outcome, details, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [link.seq, link.at, link.operator, link.origin, link.action, link.targetType, link.targetId, link.outcome, link.details, link.prevHash, entry.hash],
    );
    unit.auditAppended();
    return entry;
  });
}

export async function searchAudit(session: PgSession, filter: AuditFilter, limit: number, beforeSeq: number | null): Promise<AuditPage> {
  const query = buildAuditSearchQuery('postgres', filter, limit, beforeSeq);
  return auditPageFrom(await session.rows(query.sql, query.params), limit);
}

/** A reader over entries already fetched: the shared checks are synchronous. */
function loadedReader(links: readonly SealedAuditLink[], head: AuditHead): AuditReader {
  const bySeq = new Map(links.map((link) => [link.seq, link]));
  const bySeal = new Map(links.map((link) => [link.hash, link]));
  return {
    links: () => links,
    head: () => head,
    sealAt: (seq) => bySeq.get(seq)?.hash ?? null,
    findBySeal: (hash) => bySeal.get(hash) ?? null,
  };
}

/**
 * The whole log is read in one statement (one snapshot), after the anchor, as on SQLite. It is
 * held in memory for the walk: verification is an operator's command, not a hot path.
 */
export async function reportAudit(session: PgSession, seal: AuditSeal | null): Promise<AuditReport> {
  const anchorReading = readAnchorFor(seal);
  const links = (await session.rows('SELECT * FROM audit_log ORDER BY seq')).map(auditLinkFromRow);
  const last = links[links.length - 1];
  return auditReport(seal, loadedReader(links, last === undefined ? emptyHead() : { entries: last.seq, lastHash: last.hash }), anchorReading);
}

/** After the outermost commit that appended: only the head and the entry the anchor names are read. */
export async function anchorAfterCommit(session: PgSession, seal: SealedState): Promise<void> {
  const reading = readAnchor(seal.anchorPath, seal.key);
  const anchored = reading.state === 'valid' ? reading.head.entries : 0;
  const head = headOf(await one(session, 'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1'));
  const pinned = await session.rows('SELECT * FROM audit_log WHERE seq = $1', [anchored]);
  advanceAnchor(seal, loadedReader(pinned.map(auditLinkFromRow), head));
}

/** Count and insert under the key's lock, so two consoles asking at once cannot both take the last call. */
export async function tryRecordCall(session: PgSession, key: string, limit: number, windowMs: number, at: Date): Promise<boolean> {
  requireCallBudget(limit, windowMs);
  const now = at.getTime();
  return session.atomic(async (unit) => {
    await unit.rows('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CALL_RATE_LOCK_CLASS, key]);
    // Every key's expired calls go, so the table holds at most one window of calls.
    await unit.changed('DELETE FROM rate_limited_calls WHERE expires_at_ms <= $1', [now]);
    const row = await one(unit, 'SELECT COUNT(*) AS n FROM rate_limited_calls WHERE call_key = $1 AND called_at_ms > $2', [key, now - windowMs]);
    if ((row === null ? 0 : integer(row, 'n')) >= limit) return false;
    await unit.changed('INSERT INTO rate_limited_calls (call_key, called_at_ms, expires_at_ms) VALUES ($1, $2, $3)', [key, now, now + windowMs]);
    return true;
  });
}
