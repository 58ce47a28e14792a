/**
 * A data folder's identity: a random id kept in the folder itself (`workspace.json`). Things that
 * live outside the folder but belong to it — its keychain entries — are named after it, so a
 * console on another folder never touches them, a moved or restored folder keeps them, and two
 * consoles on one folder share them.
 */
import { randomBytes } from 'node:crypto';
import { linkSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { readFileIfPresent } from '../data-dir.ts';

export const WORKSPACE_FILE = 'workspace.json';

const workspaceFileSchema = z.object({
  workspaceId: z.string().regex(/^ws_[0-9a-f]{24}$/),
  /** Set once the secrets an older version kept under un-namespaced keychain names were copied over. */
  legacyCredentialsImported: z.boolean().default(false),
});
export type WorkspaceRecord = z.output<typeof workspaceFileSchema>;

export interface OpenedWorkspace {
  readonly record: WorkspaceRecord;
  /** True when this call minted the id: the folder had none (a new folder, or one from before ids existed). */
  readonly created: boolean;
  /** Where an unreadable workspace file was moved before a new id replaced it. */
  readonly backup: string | null;
}

function tempPath(file: string): string {
  return `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
}

function parse(file: string): WorkspaceRecord | 'missing' | 'unreadable' {
  const text = readFileIfPresent(file);
  if (text === null) return 'missing';
  try {
    const parsed = workspaceFileSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/** The folder's workspace id as it is, without minting one (null when the folder has none or it cannot be read). */
export function readWorkspaceId(dataDir: string): string | null {
  const parsed = parse(join(dataDir, WORKSPACE_FILE));
  return typeof parsed === 'string' ? null : parsed.workspaceId;
}

/**
 * Reads the folder's workspace id, minting it on first use. Two consoles starting on one new
 * folder at the same moment agree on one id: the file appears whole (hard link of a finished
 * temporary file) or not at all, and the one that loses the race reads the winner's.
 */
export function openWorkspace(dataDir: string, now: () => Date = () => new Date()): OpenedWorkspace {
  const file = join(dataDir, WORKSPACE_FILE);
  let backup: string | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    const found = parse(file);
    if (found !== 'missing' && found !== 'unreadable') return { record: found, created: false, backup };
    if (found === 'unreadable') {
      // Its id cannot be read back, so the secrets it named are out of reach either way; the file
      // is kept beside the new one so that they can still be found by hand.
      backup = `${file}.bak-${now().getTime()}`;
      try {
        renameSync(file, backup);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        backup = null;
      }
    }
    const record: WorkspaceRecord = { workspaceId: `ws_${randomBytes(12).toString('hex')}`, legacyCredentialsImported: false };
    const temporary = tempPath(file);
    writeFileSync(temporary, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
    try {
      linkSync(temporary, file);
      return { record, created: true, backup };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(temporary);
    }
  }
  throw new Error(`The workspace file ${file} could not be created`);
}

/** Rewrites the record in place (atomically: a reader sees the old file or the new one). */
export function saveWorkspace(dataDir: string, record: WorkspaceRecord): void {
  const file = join(dataDir, WORKSPACE_FILE);
  const temporary = tempPath(file);
  writeFileSync(temporary, `${JSON.stringify(workspaceFileSchema.parse(record), null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, file);
}
