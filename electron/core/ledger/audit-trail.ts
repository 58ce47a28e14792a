/**
 * What every ledger backend's audit log does the same way: refuse appends without a usable key,
 * link the next entry after the head, report on the chain and the anchor, and move the anchor
 * forward after a commit. The backends only read and write rows (SQLite synchronously, PostgreSQL
 * after loading them), so the seals and the findings cannot differ between them.
 */
import { checkAnchor, readAnchor, writeAnchor, type AnchoredLog, type AnchorReading, type AuditHead } from './audit-anchor.ts';
import { canonicalJson, GENESIS_HASH, inspectAuditChain, inspectAuditLinks, sealOf, type AuditLink, type SealedAuditLink } from './audit-chain.ts';
import { auditRefusal, replacedKeyRefusal } from './audit-seal.ts';
import { teamKeyRefusal } from './team-audit-seal.ts';
import type { AuditEntry, AuditInput, AuditProblem, AuditReport, AuditSeal } from './types.ts';

export type SealedState = Extract<AuditSeal, { state: 'sealed' }>;

/** A ledger's view of its stored entries, for the report and the anchor. */
export interface AuditReader {
  links(): Iterable<SealedAuditLink>;
  head(): AuditHead;
  sealAt(seq: number): string | null;
  findBySeal(hash: string): SealedAuditLink | null;
}

export function sealedState(seal: AuditSeal | null): SealedState | null {
  return seal?.state === 'sealed' ? seal : null;
}

/**
 * The entry to store after `last` (the head as the writer sees it under its lock). Throws when the
 * seal is out of reach: no unkeyed entry may ever follow keyed ones.
 */
export function nextAuditEntry(seal: AuditSeal | null, entry: AuditInput, last: { seq: number; hash: string } | null): { link: AuditLink; entry: AuditEntry } {
  if (seal !== null && seal.state !== 'sealed') throw sealRefusal(seal);
  const link: AuditLink = {
    seq: last === null ? 1 : last.seq + 1,
    at: entry.at.toISOString(),
    operator: entry.operator,
    origin: entry.origin,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    outcome: entry.outcome,
    details: canonicalJson(entry.details),
    prevHash: last === null ? GENESIS_HASH : last.hash,
  };
  const hash = sealOf(sealedState(seal)?.key ?? null, link);
  return { link, entry: { ...entry, seq: link.seq, details: link.details, prevHash: link.prevHash, hash } };
}

/** What an audited action is refused with while entries cannot be sealed, by the reason they cannot. */
export function sealRefusal(seal: Exclude<AuditSeal, { state: 'sealed' }>): Error {
  switch (seal.state) {
    case 'unavailable':
      return auditRefusal(seal.reason);
    case 'replaced':
      return replacedKeyRefusal(seal.reason);
    case 'not_held':
      return teamKeyRefusal(seal.reason);
  }
}

function anchoredLog(reader: AuditReader): AnchoredLog {
  return { lastSeq: reader.head().entries, sealAt: (seq) => reader.sealAt(seq) };
}

export function emptyHead(): AuditHead {
  return { entries: 0, lastHash: GENESIS_HASH };
}

/**
 * After the outermost commit that added entries: anchor the head as it now stands (another console
 * may have added entries too). An anchor the log no longer matches is kept as it is: it is the
 * evidence, and writing over it would erase what it shows. A failed write leaves the anchor behind
 * the log, which verification reports as entries not yet anchored, never as tampering.
 */
export function advanceAnchor(seal: SealedState, reader: AuditReader): void {
  if (checkAnchor(readAnchor(seal.anchorPath, seal.key), anchoredLog(reader)).problem !== null) return;
  try {
    writeAnchor(seal.anchorPath, seal.key, reader.head());
  } catch (error) {
    if (!isFileSystemError(error)) throw error;
  }
}

function isFileSystemError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string' && 'syscall' in error;
}

/** Read before the entries: an anchor is written after its entries commit, so a walk that follows sees them. */
export function readAnchorFor(seal: AuditSeal | null): AnchorReading | null {
  const sealed = sealedState(seal);
  return sealed === null ? null : readAnchor(sealed.anchorPath, sealed.key);
}

/** `anchorReading` comes from readAnchorFor, called before the reader's entries were read. */
export function auditReport(seal: AuditSeal | null, reader: AuditReader, anchorReading: AnchorReading | null): AuditReport {
  if (seal?.state === 'unavailable') return reportWithoutKey(reader, seal.reason, 'Verify again once the OS keychain answers.');
  if (seal?.state === 'not_held') return reportWithoutKey(reader, seal.reason, '');
  if (seal?.state === 'replaced') return reportReplaced(reader, seal.reason, seal.legacyEntries);
  const key = sealedState(seal)?.key ?? null;
  const chain = inspectAuditChain(reader.links(), key, (hash) => reader.findBySeal(hash));
  const log = anchoredLog(reader);
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
function reportReplaced(reader: AuditReader, reason: string, recordedLegacy: number): AuditReport {
  const links = inspectAuditLinks(reader.links());
  const problem: AuditProblem = { kind: 'key_replaced', seq: null, message: reason };
  const legacyEntries = Math.min(recordedLegacy, reader.head().entries);
  return { ok: false, checked: links.checked, firstBrokenSeq: null, problem, keyed: false, legacyEntries, anchoredEntries: null };
}

/** What can be said without the key: whether the entries still follow one another, and that no more was checked. */
function reportWithoutKey(reader: AuditReader, reason: string, then: string): AuditReport {
  const links = inspectAuditLinks(reader.links());
  const problem: AuditProblem = links.broken ?? {
    kind: 'key_unavailable',
    seq: null,
    message: `The audit key is out of reach (${reason}), so the seals and the anchor could not be checked, only the order: ${links.checked} ${links.checked === 1 ? 'entry' : 'entries'} in sequence.${then === '' ? '' : ` ${then}`}`,
  };
  return { ok: false, checked: links.checked, firstBrokenSeq: problem.seq, problem, keyed: false, legacyEntries: links.plainlySealed, anchoredEntries: null };
}
