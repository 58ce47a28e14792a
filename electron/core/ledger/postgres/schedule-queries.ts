/**
 * The status-polling schedule and its read models on PostgreSQL (the SQLite store's statements;
 * `seq` stands in for SQLite's rowid as the tie order, migration 8).
 */
import type { GatewayId } from '../../../../shared/domain/schemas.ts';
import { NotFoundError } from '../../errors.ts';
import { requireCount, requirePageSize } from '../ledger-arguments.ts';
import type { NewPollEntry } from '../port.ts';
import { POLL_QUEUE_SUBJECT_COLUMNS, POLL_QUEUE_SUBJECT_JOINS, pollFromRow, pollQueueRowFromRow } from '../row-mappers.ts';
import { integer } from '../row-reader.ts';
import type { PollEntry, PollQueuePage, PollQueueState, PollQueueSummary, PollResult } from '../types.ts';
import { one, type PgSession } from './pg-session.ts';

type Subject = PollEntry['subject'];

async function getPoll(session: PgSession, subject: Subject, subjectId: string): Promise<PollEntry | null> {
  const row = await one(session, 'SELECT * FROM poll_schedule WHERE subject = $1 AND subject_id = $2', [subject, subjectId]);
  return row === null ? null : pollFromRow(row);
}

export const scheduleQueries = {
  get: getPoll,

  async ensure(session: PgSession, entry: NewPollEntry): Promise<PollEntry> {
    return session.atomic(async (unit) => {
      await unit.changed(
        `INSERT INTO poll_schedule (subject, subject_id, gateway_id, profile_id, first_seen_at, next_check_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (subject, subject_id) DO NOTHING`,
        [entry.subject, entry.subjectId, entry.gatewayId, entry.profileId, entry.firstSeenAt.toISOString(), entry.nextCheckAt.toISOString()],
      );
      const stored = await getPoll(unit, entry.subject, entry.subjectId);
      if (stored === null) throw new NotFoundError(`No ${entry.subject} ${entry.subjectId} on the polling schedule`);
      return stored;
    });
  },

  async recordResult(session: PgSession, subject: Subject, subjectId: string, result: PollResult): Promise<PollEntry> {
    requireCount('Poll attempts', result.attempts);
    requireCount('Poll failures', result.failures);
    const row = await one(
      session,
      `UPDATE poll_schedule SET next_check_at = $3, last_checked_at = $4, attempts = $5, failures = $6, last_answer = $7, last_error = $8
       WHERE subject = $1 AND subject_id = $2 RETURNING *`,
      [subject, subjectId, result.nextCheckAt.toISOString(), result.lastCheckedAt.toISOString(), result.attempts, result.failures, result.lastAnswer, result.lastError],
    );
    if (row === null) throw new NotFoundError(`No ${subject} ${subjectId} on the polling schedule`);
    return pollFromRow(row);
  },

  /** Never pushes a check later: "sync now" must not undo an earlier retry the backoff chose. */
  async soon(session: PgSession, subject: Subject, subjectId: string, at: Date): Promise<void> {
    await session.changed('UPDATE poll_schedule SET next_check_at = $3 WHERE subject = $1 AND subject_id = $2 AND next_check_at > $3', [subject, subjectId, at.toISOString()]);
  },

  async remove(session: PgSession, subject: Subject, subjectId: string): Promise<boolean> {
    return (await session.changed('DELETE FROM poll_schedule WHERE subject = $1 AND subject_id = $2', [subject, subjectId])) > 0;
  },

  async due(session: PgSession, now: Date, limit: number): Promise<PollEntry[]> {
    requirePageSize('Due polls', limit);
    return (await session.rows('SELECT * FROM poll_schedule WHERE next_check_at <= $1 ORDER BY next_check_at, seq LIMIT $2', [now.toISOString(), limit])).map(pollFromRow);
  },

  async list(session: PgSession, filter: { gatewayId?: GatewayId | undefined; limit: number }): Promise<PollEntry[]> {
    requirePageSize('Poll schedule', filter.limit);
    const rows =
      filter.gatewayId === undefined
        ? await session.rows('SELECT * FROM poll_schedule ORDER BY next_check_at, seq LIMIT $1', [filter.limit])
        : await session.rows('SELECT * FROM poll_schedule WHERE gateway_id = $1 ORDER BY next_check_at, seq LIMIT $2', [filter.gatewayId, filter.limit]);
    return rows.map(pollFromRow);
  },

  async count(session: PgSession): Promise<number> {
    const row = await one(session, 'SELECT COUNT(*) AS n FROM poll_schedule');
    return row === null ? 0 : integer(row, 'n');
  },
};

/** Both badge counts in one statement. */
export async function pollQueueSummary(session: PgSession): Promise<PollQueueSummary> {
  const row = await one(session, "SELECT (SELECT COUNT(*) FROM poll_schedule) AS waiting, (SELECT COUNT(*) FROM payments WHERE status = 'needs_review') AS needs_review");
  return row === null ? { waiting: 0, needsReview: 0 } : { waiting: integer(row, 'waiting'), needsReview: integer(row, 'needs_review') };
}

/**
 * One page of the queue with its subjects joined in and the matching total beside it: the page
 * walks the due-time index and stops at the limit; the total is a count of the filtered schedule.
 */
export async function pollQueuePage(session: PgSession, filter: { gatewayId?: GatewayId | undefined; state?: PollQueueState | undefined; limit: number }): Promise<PollQueuePage> {
  requirePageSize('Poll queue', filter.limit);
  const conditions: string[] = [];
  const params: unknown[] = [filter.limit];
  if (filter.gatewayId !== undefined) {
    params.push(filter.gatewayId);
    conditions.push(`gateway_id = $${params.length}`);
  }
  if (filter.state !== undefined) conditions.push(filter.state === 'backing_off' ? 'failures > 0' : 'failures = 0');
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const rows = await session.rows(
    `SELECT q.*, ${POLL_QUEUE_SUBJECT_COLUMNS},
       (SELECT COUNT(*) FROM poll_schedule ${where}) AS total
     FROM (SELECT * FROM poll_schedule ${where} ORDER BY next_check_at, seq LIMIT $1) q ${POLL_QUEUE_SUBJECT_JOINS}
     ORDER BY q.next_check_at, q.seq`,
    params,
  );
  const first = rows[0];
  return { entries: rows.map(pollQueueRowFromRow), total: first === undefined ? 0 : integer(first, 'total') };
}
