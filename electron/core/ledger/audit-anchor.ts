/**
 * The audit log's head, kept outside the database (a file in the data folder): how many entries
 * the log had and the last one's seal, sealed in turn with the audit key. What is left of a chain
 * whose last entries were deleted is intact as far as it goes; the anchor remembers how far it
 * went, and without the key nobody can write an anchor that matches the shortened log.
 *
 * Known limits: an older anchor file kept aside and put back together with a log cut back to the
 * same point passes; entries committed after the anchor was last written (a crash in between) are
 * reported as not anchored, not as tampering, and could be deleted unnoticed until the next write.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeFileSync } from 'atomically';
import { z } from 'zod';
import type { AuditKey } from '../vault/audit-key.ts';
import { GENESIS_HASH } from './audit-chain.ts';
import type { AuditProblem } from './types.ts';

export const AUDIT_ANCHOR_FILE = 'audit-anchor.json';

export interface AuditHead {
  readonly entries: number;
  /** The seal of entry #entries; GENESIS_HASH for an empty log. */
  readonly lastHash: string;
}

export type AnchorReading =
  | { readonly state: 'missing' }
  | { readonly state: 'invalid'; readonly reason: string }
  | { readonly state: 'valid'; readonly head: AuditHead };

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

const anchorFileSchema = z.strictObject({
  version: z.literal(1),
  entries: z.number().int().nonnegative(),
  lastHash: hex64,
  /** Where keyed entries begin: an anchor from another key or another data folder does not fit. */
  legacyEntries: z.number().int().nonnegative(),
  seal: hex64,
});

function anchorSeal(key: AuditKey, head: AuditHead): string {
  return createHmac('sha256', key.secret)
    .update('audit-anchor\n', 'utf8')
    .update(JSON.stringify([1, head.entries, head.lastHash, key.legacyEntries]), 'utf8')
    .digest('hex');
}

function errorCode(error: unknown): string | null {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : null;
}

export function readAnchor(path: string, key: AuditKey): AnchorReading {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') return { state: 'missing' };
    return { state: 'invalid', reason: `unreadable (${code ?? String(error)})` };
  }
  let stored: z.infer<typeof anchorFileSchema>;
  try {
    stored = anchorFileSchema.parse(JSON.parse(text));
  } catch {
    return { state: 'invalid', reason: 'not an anchor file' };
  }
  const head: AuditHead = { entries: stored.entries, lastHash: stored.lastHash };
  if (stored.legacyEntries !== key.legacyEntries || stored.seal !== anchorSeal(key, head)) {
    return { state: 'invalid', reason: "not sealed with this data folder's audit key" };
  }
  return { state: 'valid', head };
}

/** Temp file, fsync, rename: a crash leaves the old anchor or the new one, never half of one. */
export function writeAnchor(path: string, key: AuditKey, head: AuditHead): void {
  const stored: z.infer<typeof anchorFileSchema> = { version: 1, entries: head.entries, lastHash: head.lastHash, legacyEntries: key.legacyEntries, seal: anchorSeal(key, head) };
  writeFileSync(path, `${JSON.stringify(stored)}\n`, { encoding: 'utf8' });
}

export interface AnchorCheck {
  readonly problem: AuditProblem | null;
  readonly anchoredEntries: number | null;
}

/** The log as the anchor check needs it: its last entry's number and the seal stored for an entry. */
export interface AnchoredLog {
  readonly lastSeq: number;
  sealAt(seq: number): string | null;
}

/** Does the log still hold the entry the anchor recorded, where it recorded it? */
export function checkAnchor(reading: AnchorReading, log: AnchoredLog): AnchorCheck {
  if (reading.state === 'missing') {
    return {
      anchoredEntries: null,
      problem: { kind: 'anchor_missing', seq: null, message: `The anchor file ${AUDIT_ANCHOR_FILE} is missing from the data folder, so deleted last entries could not be told apart from an intact log.` },
    };
  }
  if (reading.state === 'invalid') {
    return {
      anchoredEntries: null,
      problem: { kind: 'anchor_invalid', seq: null, message: `The anchor file ${AUDIT_ANCHOR_FILE} is ${reading.reason}: it was replaced or damaged.` },
    };
  }
  const { entries, lastHash } = reading.head;
  const stored = entries === 0 ? GENESIS_HASH : log.sealAt(entries);
  if (stored === null) {
    const deleted = entries - log.lastSeq;
    return {
      anchoredEntries: entries,
      problem: {
        kind: 'truncated',
        seq: log.lastSeq + 1,
        message: `The anchor is ahead of the log: it records ${entries} entries and the log ends at #${log.lastSeq}; the last ${deleted === 1 ? 'entry was' : `${deleted} entries were`} deleted.`,
      },
    };
  }
  if (stored !== lastHash) {
    return {
      anchoredEntries: entries,
      problem: { kind: 'anchor_mismatch', seq: entries, message: `Entry #${entries} is not the entry the anchor recorded: the log was cut back and written again from there, or rewritten up to it.` },
    };
  }
  return { anchoredEntries: entries, problem: null };
}
