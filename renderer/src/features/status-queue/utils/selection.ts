import type { ChannelOutput } from '../../../../../shared/ipc/contract.ts';

export type QueueEntry = ChannelOutput<'poller:queue'>['entries'][number];
export type QueueSubjectRef = Pick<QueueEntry, 'subject' | 'subjectId'>;

/** Only payments can be checked on demand; a mandate waits for its own schedule. */
export function canSyncNow(entry: Pick<QueueEntry, 'subject'>): boolean {
  return entry.subject === 'payment';
}

export function syncableIds(entries: readonly QueueSubjectRef[]): string[] {
  return entries.filter(canSyncNow).map((entry) => entry.subjectId);
}

export function toggleSelected(selected: readonly string[], id: string): string[] {
  return selected.includes(id) ? selected.filter((existing) => existing !== id) : [...selected, id];
}

/** Entries that left the queue (settled, or filtered out) cannot stay selected behind the operator's back. */
export function pruneSelection(selected: readonly string[], entries: readonly QueueSubjectRef[]): string[] {
  const present = new Set(syncableIds(entries));
  const kept = selected.filter((id) => present.has(id));
  return kept.length === selected.length ? [...selected] : kept;
}

export type SelectAllState = 'none' | 'some' | 'all';

/** What the header checkbox shows: checked, mixed or empty, over the rows that can be selected. */
export function selectAllState(selected: readonly string[], entries: readonly QueueSubjectRef[]): SelectAllState {
  const ids = syncableIds(entries);
  if (ids.length === 0) return 'none';
  const chosen = new Set(selected);
  const count = ids.filter((id) => chosen.has(id)).length;
  if (count === 0) return 'none';
  return count === ids.length ? 'all' : 'some';
}

/** The header checkbox: from "all" it clears, from anything else it selects every syncable row. */
export function toggleAll(selected: readonly string[], entries: readonly QueueSubjectRef[]): string[] {
  return selectAllState(selected, entries) === 'all' ? [] : syncableIds(entries);
}

/**
 * Shift+click: every syncable row between the last row clicked and this one takes the state the
 * clicked row is getting, as in a file manager.
 */
export function selectRange(selected: readonly string[], entries: readonly QueueSubjectRef[], anchorId: string, targetId: string): string[] {
  const order = entries.map((entry) => entry.subjectId);
  const from = order.indexOf(anchorId);
  const to = order.indexOf(targetId);
  if (from === -1 || to === -1) return toggleSelected(selected, targetId);
  const [start, end] = from <= to ? [from, to] : [to, from];
  const span = syncableIds(entries.slice(start, end + 1));
  const selecting = !selected.includes(targetId);
  if (!selecting) {
    const removed = new Set(span);
    return selected.filter((id) => !removed.has(id));
  }
  const result = [...selected];
  for (const id of span) if (!result.includes(id)) result.push(id);
  return result;
}

/** The contract takes at most `size` payment ids per sync-now call. */
export function chunkIds(ids: readonly string[], size: number): string[][] {
  const chunks: string[][] = [];
  for (let start = 0; start < ids.length; start += size) chunks.push(ids.slice(start, start + size));
  return chunks;
}
