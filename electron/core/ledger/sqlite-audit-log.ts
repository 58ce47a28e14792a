/**
 * The audit log in SQLite: appends sealed entries, lists them, verifies the chain and the anchor,
 * and moves the anchor forward once a transaction that added entries has committed. The ledger
 * owns the transactions; this class owns the audit_log table and the anchor file.
 */
import type { SQLInputValue, StatementSync } from 'node:sqlite';
import { checkAnchor, readAnchor, writeAnchor, type AnchoredLog, type AuditHead } from './audit-anchor.ts';
import { canonicalJson, GENESIS_HASH, inspectAuditChain, inspectAuditLinks, sealOf, type AuditLink, type SealedAuditLink } from './audit-chain.ts';
import { auditRefusal, replacedKeyRefusal } from './audit-seal.ts';
import { auditFromRow, auditLinkFromRow } from './row-mappers.ts';
import { integer, isoDate, text, type SqlRow } from './row-reader.ts';
import type { PreparedStatements } from './prepared-statements.ts';
import type { AuditEntry, AuditInput, AuditProblem, AuditReport, AuditSeal } from './types.ts';

function* mapRows<T>(rows: Iterable<SqlRow>, map: (row: SqlRow) => T): Iterable<T> {
  for (const row of rows) yield map(row);
}

function isFileSystemError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string' && 'syscall' in error;
}

type Sealed = Extract<AuditSeal, { state: 'sealed' }>;

export class SqliteAuditLog {
  readonly #sql: PreparedStatements;
  /** Null until sealed: a plain hash chain, as versions before the key wrote. */
  #seal: AuditSeal | null = null;
  /** Set by an append, cleared once the anchor has been looked at after the outermost commit. */
  #appended = false;

  constructor(sql: PreparedStatements) {
    this.#sql = sql;
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

  #sealed(): Sealed | null {
    return this.#seal?.state === 'sealed' ? this.#seal : null;
  }

  /**
   * Runs inside the ledger's transaction, so the entry and the work it records commit together.
   * Every audited write passes here, so this is where one without a key is stopped: the throw
   * rolls the whole transaction back, and no unkeyed entry ever follows keyed ones.
   */
  append(entry: AuditInput): AuditEntry {
    if (this.#seal?.state === 'unavailable') throw auditRefusal(this.#seal.reason);
    if (this.#seal?.state === 'replaced') throw replacedKeyRefusal(this.#seal.reason);
    const last = this.#one('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    const link: AuditLink = {
      seq: last === null ? 1 : integer(last, 'seq') + 1,
      at: isoDate(entry.at),
      operator: entry.operator,
      origin: entry.origin,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      outcome: entry.outcome,
      details: canonicalJson(entry.details),
      prevHash: last === null ? GENESIS_HASH : text(last, 'hash'),
    };
    const hash = sealOf(this.#sealed()?.key ?? null, link);
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
      hash,
    );
    this.#appended = true;
    return { ...entry, seq: link.seq, details: link.details, prevHash: link.prevHash, hash };
  }

  list(limit: number, beforeSeq?: number): AuditEntry[] {
    const rows =
      beforeSeq === undefined
        ? (this.#statement('SELECT * FROM audit_log ORDER BY seq DESC LIMIT ?').all(limit) as SqlRow[])
        : (this.#statement('SELECT * FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT ?').all(beforeSeq, limit) as SqlRow[]);
    return rows.map(auditFromRow);
  }

  #head(): AuditHead {
    const last = this.#one('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    return last === null ? { entries: 0, lastHash: GENESIS_HASH } : { entries: integer(last, 'seq'), lastHash: text(last, 'hash') };
  }

  #anchoredLog(): AnchoredLog {
    return {
      lastSeq: this.#head().entries,
      sealAt: (seq) => {
        const row = this.#one('SELECT hash FROM audit_log WHERE seq = ?', seq);
        return row === null ? null : text(row, 'hash');
      },
    };
  }

  /**
   * After the outermost commit: anchor the head as it now stands (another console may have added
   * entries too). An anchor the log no longer matches is kept as it is: it is the evidence, and
   * writing over it would erase what it shows. A failed write leaves the anchor behind the log,
   * which verification reports as entries not yet anchored, never as tampering.
   */
  committed(): void {
    const seal = this.#sealed();
    if (!this.#appended || seal === null) return;
    this.#appended = false;
    if (checkAnchor(readAnchor(seal.anchorPath, seal.key), this.#anchoredLog()).problem !== null) return;
    try {
      writeAnchor(seal.anchorPath, seal.key, this.#head());
    } catch (error) {
      if (!isFileSystemError(error)) throw error;
    }
  }

  report(): AuditReport {
    if (this.#seal?.state === 'unavailable') return this.#reportWithoutKey(this.#seal.reason);
    if (this.#seal?.state === 'replaced') return this.#reportReplaced(this.#seal.reason, this.#seal.legacyEntries);
    const seal = this.#sealed();
    const key = seal?.key ?? null;
    // Read before the walk: an anchor is written after its entries commit, so the walk sees them.
    const anchorReading = seal ? readAnchor(seal.anchorPath, seal.key) : null;
    const rows = this.#statement('SELECT * FROM audit_log ORDER BY seq').iterate() as Iterable<SqlRow>;
    const chain = inspectAuditChain(mapRows(rows, auditLinkFromRow), key, (hash) => this.#findBySeal(hash));
    const log = this.#anchoredLog();
    let problem: AuditProblem | null = chain.broken;
    let anchoredEntries: number | null = null;
    if (anchorReading !== null) {
      const anchor = checkAnchor(anchorReading, log);
      anchoredEntries = anchor.anchoredEntries;
      problem ??= anchor.problem;
    }
    return {
      ok: problem === null,
      checked: chain.checked,
      firstBrokenSeq: problem?.seq ?? null,
      problem,
      keyed: key !== null,
      legacyEntries: key === null ? log.lastSeq : Math.min(key.legacyEntries, log.lastSeq),
      anchoredEntries,
    };
  }

  /**
   * The folder's key or workspace file is not the one the keychain recorded: that is the finding,
   * whatever the entries look like (whoever replaced it could recompute them), and the legacy
   * prefix is the one recorded with the key, not what the entries' seals would suggest.
   */
  #reportReplaced(reason: string, recordedLegacy: number): AuditReport {
    const rows = this.#statement('SELECT * FROM audit_log ORDER BY seq').iterate() as Iterable<SqlRow>;
    const links = inspectAuditLinks(mapRows(rows, auditLinkFromRow));
    const problem: AuditProblem = { kind: 'key_replaced', seq: null, message: reason };
    const legacyEntries = Math.min(recordedLegacy, this.#head().entries);
    return { ok: false, checked: links.checked, firstBrokenSeq: null, problem, keyed: false, legacyEntries, anchoredEntries: null };
  }

  /** What can be said without the key: whether the entries still follow one another, and that no more was checked. */
  #reportWithoutKey(reason: string): AuditReport {
    const rows = this.#statement('SELECT * FROM audit_log ORDER BY seq').iterate() as Iterable<SqlRow>;
    const links = inspectAuditLinks(mapRows(rows, auditLinkFromRow));
    const problem: AuditProblem = links.broken ?? {
      kind: 'key_unavailable',
      seq: null,
      message: `The audit key is out of reach (${reason}), so the seals and the anchor could not be checked, only the order: ${links.checked} ${links.checked === 1 ? 'entry' : 'entries'} in sequence. Verify again once the OS keychain answers.`,
    };
    return { ok: false, checked: links.checked, firstBrokenSeq: problem.seq, problem, keyed: false, legacyEntries: links.plainlySealed, anchoredEntries: null };
  }

  #findBySeal(hash: string): SealedAuditLink | null {
    const row = this.#one('SELECT * FROM audit_log WHERE hash = ?', hash);
    return row === null ? null : auditLinkFromRow(row);
  }
}
