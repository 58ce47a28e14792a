/**
 * Team mode on the shared ledger: operators and four-eyes refunds, through the checked functions
 * of migrations 17 and 18. Reads are plain SELECTs (every operator may read); writes are calls to
 * functions that check the login themselves.
 */
import type { OperatorRow, RefundApprovalRow, RefundThresholdRow, TeamLedger } from '../port.ts';
import type { SqlRow } from '../row-reader.ts';
import { ConflictError, ValidationError } from '../../errors.ts';
import { postgresErrorCode } from './pg-rows.ts';
import { one, type PgSession } from './pg-session.ts';

const CHECK_VIOLATION = '23514';

/**
 * The operator functions' own refusals (migration 17) on the form's fields: a login the server does
 * not have is the login field's error; the owner kept an admin with every right is a conflict.
 */
function operatorRefusal(error: unknown): unknown {
  const message = error instanceof Error ? error.message.charAt(0).toUpperCase() + error.message.slice(1) : String(error);
  if (error instanceof ValidationError && error.fields === undefined) return new ValidationError(message, { login: message });
  if (postgresErrorCode(error) === CHECK_VIOLATION) return new ConflictError(message);
  return error;
}

const text = (row: SqlRow, name: string): string => String(row[name]);
const maybeText = (row: SqlRow, name: string): string | null => (row[name] === null || row[name] === undefined ? null : String(row[name]));
const date = (row: SqlRow, name: string): Date => new Date(String(row[name]));
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

function operatorOf(row: SqlRow): OperatorRow {
  return {
    login: text(row, 'login'),
    role: text(row, 'role'),
    added: strings(row['added_rights']),
    removed: strings(row['removed_rights']),
    owner: row['owner'] === 1n,
    updatedAt: date(row, 'updated_at'),
    updatedBy: text(row, 'updated_by'),
  };
}

function approvalOf(row: SqlRow): RefundApprovalRow {
  return {
    id: text(row, 'id'),
    paymentId: text(row, 'payment_id'),
    profileId: text(row, 'profile_id'),
    merchantReference: text(row, 'merchant_reference'),
    amountMinor: BigInt(row['amount_minor'] as bigint),
    currency: text(row, 'currency'),
    reason: text(row, 'reason'),
    requestedBy: text(row, 'requested_by'),
    requestedAt: date(row, 'requested_at'),
    expiresAt: date(row, 'expires_at'),
    status: text(row, 'status') as RefundApprovalRow['status'],
    decidedBy: maybeText(row, 'decided_by'),
    decidedAt: row['decided_at'] === null ? null : date(row, 'decided_at'),
    note: maybeText(row, 'note'),
    operationId: maybeText(row, 'operation_id'),
  };
}

function thresholdOf(row: SqlRow): RefundThresholdRow {
  return { profileId: text(row, 'profile_id'), currency: text(row, 'currency'), amountMinor: BigInt(row['amount_minor'] as bigint) };
}

const OPERATOR_COLUMNS = 'o.login, o.role, o.added_rights, o.removed_rights, o.owner, o.updated_at, o.updated_by, console_rights_of(o.login) AS rights';

const APPROVALS = 'SELECT a.*, p.profile_id, p.merchant_reference FROM refund_approvals a JOIN payments p ON p.id = a.payment_id';

/** What a request shows as: a pending one past its expiry is expired, whatever is stored. */
const SHOWN_STATUS = "CASE WHEN a.status = 'pending' AND a.expires_at <= now() THEN 'expired' ELSE a.status END";

export function teamQueries(session: () => PgSession, login: string): TeamLedger {
  const approval = async (id: string) => {
    const row = await one(session(), `${APPROVALS} WHERE a.id = $1`, [id]);
    return row === null ? null : approvalOf(row);
  };
  const decided = async (id: string) => {
    const found = await approval(id);
    if (found === null) throw new Error(`refund request ${id} is not there after it was written`);
    return found;
  };
  const withRights = (row: SqlRow) => ({ operator: operatorOf(row), rights: strings(row['rights']) });
  return {
    login,
    async me() {
      const row = await one(session(), `SELECT ${OPERATOR_COLUMNS} FROM operators o WHERE o.login = session_user`);
      return row === null ? null : withRights(row);
    },
    async operators() {
      return (await session().rows(`SELECT ${OPERATOR_COLUMNS} FROM operators o ORDER BY o.owner DESC, o.login`)).map(withRights);
    },
    async saveOperator(target, role, added, removed) {
      const s = session();
      return s
        .atomic(async (unit) => {
          await unit.rows('SELECT console_save_operator($1, $2, $3::text[], $4::text[])', [target, role, [...added], [...removed]]);
          const row = await one(unit, `SELECT ${OPERATOR_COLUMNS} FROM operators o WHERE o.login = $1`, [target]);
          if (row === null) throw new Error(`operator ${target} was not saved`);
          return withRights(row);
        })
        .catch((error: unknown) => {
          throw operatorRefusal(error);
        });
    },
    async removeOperator(target) {
      const row = await one(session(), 'SELECT console_remove_operator($1) AS removed', [target]).catch((error: unknown) => {
        throw operatorRefusal(error);
      });
      return row?.['removed'] === 1n;
    },
    async createLogin(target, password) {
      const statement = await one(session(), "SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', $1::text, $2::text) AS sql", [target, password]);
      await session().rows(String(statement?.['sql']));
    },
    async thresholds() {
      return (await session().rows('SELECT profile_id, currency, amount_minor FROM refund_thresholds ORDER BY profile_id, currency')).map(thresholdOf);
    },
    async thresholdFor(paymentId) {
      const row = await one(session(), 'SELECT console_refund_threshold($1) AS amount_minor', [paymentId]);
      return row === null || row['amount_minor'] === null ? null : BigInt(row['amount_minor'] as bigint);
    },
    async saveThresholds(profileId, thresholds) {
      const rows = await session().rows('SELECT * FROM console_save_thresholds($1, $2::text[], $3::bigint[])', [
        profileId,
        thresholds.map((entry) => entry.currency),
        thresholds.map((entry) => entry.amountMinor.toString()),
      ]);
      return rows.map(thresholdOf);
    },
    async requestRefund(request) {
      await session().rows("SELECT console_request_refund($1, $2, $3, $4, $5 * interval '1 millisecond')", [
        request.id,
        request.paymentId,
        request.amountMinor.toString(),
        request.reason,
        request.validForMs,
      ]);
      return decided(request.id);
    },
    async decideRefund(id, approve, note, operationId) {
      await session().rows('SELECT console_decide_refund($1, $2, $3, $4)', [id, approve, note, operationId]);
      return decided(id);
    },
    approval,
    async approvals(filter) {
      const shown = SHOWN_STATUS;
      const where = filter.status === undefined ? '' : `WHERE ${shown} = $2`;
      const rows = await session().rows(
        `${APPROVALS} ${where}
         ORDER BY (${shown} = 'pending') DESC,
           CASE WHEN ${shown} = 'pending' THEN a.requested_at END ASC,
           COALESCE(a.decided_at, a.expires_at) DESC, a.id
         LIMIT $1`,
        filter.status === undefined ? [filter.limit] : [filter.limit, filter.status],
      );
      return rows.map(approvalOf);
    },
    async approvalsOf(paymentIds) {
      if (paymentIds.length === 0) return [];
      return (await session().rows(`${APPROVALS} WHERE a.payment_id = ANY ($1::text[])`, [[...paymentIds]])).map(approvalOf);
    },
    async pendingForMe() {
      const row = await one(session(), "SELECT COUNT(*) AS pending FROM refund_approvals WHERE status = 'pending' AND expires_at > now() AND requested_by <> session_user");
      return Number(row?.['pending'] ?? 0n);
    },
  };
}
