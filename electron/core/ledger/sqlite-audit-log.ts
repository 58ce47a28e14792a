/**
 * The audit log in SQLite: stores and reads the audit_log rows; what an entry holds, how the log
 * is verified and when the anchor moves is audit-trail.ts's, shared with PostgreSQL. The ledger
 * owns the transactions; this class owns the audit_log table.
 */
import type { SQLInputValue, StatementSync } from 'node:sqlite';
import type { AuditHead } from './audit-anchor.ts';
import type { SealedAuditLink } from './audit-chain.ts';
import { advanceAnchor, auditReport, emptyHead, nextAuditEntry, readAnchorFor, sealedState, type AuditReader } from './audit-trail.ts';
import { auditPageFrom, buildAuditSearchQuery } from './audit-search-query.ts';
import { auditLinkFromRow } from './row-mappers.ts';
import { chooseTextPlan, trigramMatchCountSql } from './search.ts';
import { integer, text, type SqlRow } from './row-reader.ts';
import type { PreparedStatements } from './prepared-statements.ts';
import type { AuditEntry, AuditFilter, AuditInput, AuditPage, AuditReport, AuditSeal } from './types.ts';

function* mapRows<T>(rows: Iterable<SqlRow>, map: (row: SqlRow) => T): Iterable<T> {
  for (const row of rows) yield map(row);
}

const AUDIT_MATCH_COUNT_SQL = trigramMatchCountSql('audit_search');

/**
 * How long the anchor may trail the log. Moving it costs a file write and an fsync; a burst of
 * audited commits (a batch of charges, a poller pass) would otherwise pay that once per commit, and
 * on a slow disk the anchor became a fifth of a charge's time. Entries written meanwhile are
 * reported as not yet anchored, never as tampering, as after a write the disk refused.
 */
export const ANCHOR_DELAY_MS = 200;

export class SqliteAuditLog {
  readonly #sql: PreparedStatements;
  /** Null until sealed: a plain hash chain, as versions before the key wrote. */
  #seal: AuditSeal | null = null;
  /** Set by an append, cleared once the anchor has been looked at after the outermost commit. */
  #appended = false;
  /** Entries have committed since the anchor last moved. */
  #anchorBehind = false;
  /** The anchor's move waiting for ANCHOR_DELAY_MS to pass, if one is. */
  #anchorDue: NodeJS.Timeout | null = null;
  readonly #reader: AuditReader;
  readonly #inTransaction: () => boolean;
  readonly #syncLog: () => void;

  /**
   * `inTransaction`: whether the connection has a transaction open (whose entries may yet roll
   * back); `syncLog`: puts every committed entry on the disk, before the anchor vouches for them.
   */
  constructor(sql: PreparedStatements, inTransaction: () => boolean, syncLog: () => void) {
    this.#sql = sql;
    this.#inTransaction = inTransaction;
    this.#syncLog = syncLog;
    this.#reader = {
      links: () => mapRows(this.#statement('SELECT * FROM audit_log ORDER BY seq').iterate() as Iterable<SqlRow>, auditLinkFromRow),
      head: () => this.#head(),
      sealAt: (seq) => {
        const row = this.#one('SELECT hash FROM audit_log WHERE seq = ?', seq);
        return row === null ? null : text(row, 'hash');
      },
      findBySeal: (hash) => this.#findBySeal(hash),
    };
  }

  #statement(sql: string): StatementSync {
    return this.#sql.get(sql);
  }

  #one(sql: string, ...params: SQLInputValue[]): SqlRow | null {
    return this.#sql.one(sql, ...params);
  }

  seal(seal: AuditSeal): void {
    this.#seal = seal;
  }

  /**
   * Runs inside the ledger's transaction, so the entry and the work it records commit together.
   * Every audited write passes here, so this is where one without a key is stopped: the throw
   * rolls the whole transaction back, and no unkeyed entry ever follows keyed ones.
   */
  append(input: AuditInput): AuditEntry {
    const last = this.#one('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    const { link, entry } = nextAuditEntry(this.#seal, input, last === null ? null : { seq: integer(last, 'seq'), hash: text(last, 'hash') });
    this.#statement(`
      INSERT INTO audit_log (seq, at, operator, origin, action, target_type, target_id, outcome, details, prev_hash, hash)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      link.seq,
      link.at,
      link.operator,
      link.origin,
      link.action,
      link.targetType,
      link.targetId,
      link.outcome,
      link.details,
      link.prevHash,
      entry.hash,
    );
    this.#appended = true;
    return entry;
  }

  list(limit: number, beforeSeq?: number): AuditEntry[] {
    return this.search({}, limit, beforeSeq ?? null).entries;
  }

  search(filter: AuditFilter, limit: number, beforeSeq: number | null): AuditPage {
    const plan = chooseTextPlan(filter, (phrase, cap) => integer(this.#one(AUDIT_MATCH_COUNT_SQL, phrase, cap) ?? { matches: 0n }, 'matches'));
    const query = buildAuditSearchQuery('sqlite', filter, limit, beforeSeq, plan);
    return auditPageFrom(this.#statement(query.sql).all(...(query.params as SQLInputValue[])) as SqlRow[], limit);
  }

  #head(): AuditHead {
    const last = this.#one('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    return last === null ? emptyHead() : { entries: integer(last, 'seq'), lastHash: text(last, 'hash') };
  }

  /** After the outermost commit: the anchor moves (advanceAnchor) within ANCHOR_DELAY_MS, once for every commit meanwhile. */
  committed(): void {
    if (this.#appended) this.#anchorBehind = true;
    this.#appended = false;
    this.#scheduleAnchor();
  }

  /** After the outermost rollback: its entries are gone, and a move it held back is scheduled again. */
  rolledBack(): void {
    this.#appended = false;
    this.#scheduleAnchor();
  }

  #scheduleAnchor(): void {
    if (!this.#anchorBehind || this.#anchorDue !== null || sealedState(this.#seal) === null) return;
    this.#anchorDue = setTimeout(() => this.flushAnchor(), ANCHOR_DELAY_MS);
    this.#anchorDue.unref();
  }

  /**
   * Moves the anchor now if entries committed since it last moved (before a report, and before the
   * ledger closes). Never inside a transaction: the head read there could hold entries that roll
   * back, and an anchor past the log's end reads as entries deleted. The commit ending that
   * transaction schedules the move again.
   */
  flushAnchor(): void {
    if (this.#anchorDue !== null) clearTimeout(this.#anchorDue);
    this.#anchorDue = null;
    const seal = sealedState(this.#seal);
    if (!this.#anchorBehind || seal === null || this.#inTransaction()) return;
    try {
      this.#syncLog();
    } catch {
      // The entries may not be on the disk: the anchor stays behind them (reported as not yet
      // anchored) and moves with the next commit.
      return;
    }
    this.#anchorBehind = false;
    advanceAnchor(seal, this.#reader);
  }

  report(): AuditReport {
    this.flushAnchor();
    return auditReport(this.#seal, this.#reader, readAnchorFor(this.#seal));
  }

  #findBySeal(hash: string): SealedAuditLink | null {
    const row = this.#one('SELECT * FROM audit_log WHERE hash = ?', hash);
    return row === null ? null : auditLinkFromRow(row);
  }
}
