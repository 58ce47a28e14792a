/**
 * The settings file on disk, before a backend reads it: a file that is not a JSON object is moved
 * aside (the backends would otherwise throw at every read, or empty it on their next write), and a
 * copy is taken before a write replaces something that could not be read.
 */
import { constants, copyFileSync, existsSync, renameSync } from 'node:fs';
import { readFileIfPresent } from '../data-dir.ts';

function stamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-');
}

/** `<file>.bak-<timestamp>`, with a counter when two backups fall in the same millisecond. */
function backupPath(file: string, now: Date, attempt: number): string {
  return `${file}.bak-${stamp(now)}${attempt ? `-${attempt}` : ''}`;
}

export type FileState = 'missing' | 'readable' | 'unreadable';

export function inspectSettingsFile(file: string): FileState {
  const text = readFileIfPresent(file);
  if (text === null) return 'missing';
  try {
    const parsed: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? 'readable' : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

function freeBackupPath(file: string, now: Date): string {
  for (let attempt = 0; attempt < 100; attempt++) {
    const target = backupPath(file, now, attempt);
    if (!existsSync(target)) return target;
  }
  throw new Error(`No free backup name for ${file}`);
}

/** Moves an unreadable file aside; returns where it went, or null when there was nothing to move. */
export function setAside(file: string, now: Date): string | null {
  const target = freeBackupPath(file, now);
  try {
    renameSync(file, target);
    return target;
  } catch (error) {
    // Another console on the same folder moved it first.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Copies the file (when there is one) to a backup of its own; returns its path. */
export function backUp(file: string, now: Date): string | null {
  const target = freeBackupPath(file, now);
  try {
    copyFileSync(file, target, constants.COPYFILE_EXCL);
    return target;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
