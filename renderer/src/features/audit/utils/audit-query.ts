/** The filter bar's fields as the audit channels' filter. */
import { auditFilterFields, type AuditFilterInput } from '../../../../../shared/ipc/contract.ts';
import { maxLengthOf } from '../../../domain/contract-rules.ts';
import { startOfLocalDay, startOfNextLocalDay } from '../../../format/date-format.ts';
import { OUTCOME_CHOICES, type OutcomeChoice } from './audit-vocabulary.ts';

/** What the filter bar holds; an empty string is "any". */
export interface AuditFilters {
  readonly text: string;
  readonly operator: string;
  readonly action: string;
  readonly targetId: string;
  readonly outcome: OutcomeChoice | '';
  /** Calendar days (YYYY-MM-DD) in the operator's time zone, as <input type="date"> gives them; both included. */
  readonly fromDate: string;
  readonly toDate: string;
}

export const NO_AUDIT_FILTERS: AuditFilters = { text: '', operator: '', action: '', targetId: '', outcome: '', fromDate: '', toDate: '' };

const CALENDAR_DAY = /^\d{4}-\d{2}-\d{2}$/;
/** The contract's lengths: longer text is cut, not sent to be refused. */
const MAX_TEXT = maxLengthOf(auditFilterFields.text);
const MAX_OPERATOR = maxLengthOf(auditFilterFields.operator);
const MAX_TARGET = maxLengthOf(auditFilterFields.targetId);

export function auditFilterInput(filters: AuditFilters): AuditFilterInput {
  const input: AuditFilterInput = {};
  const text = filters.text.trim().slice(0, MAX_TEXT);
  if (text !== '') input.text = text;
  const operator = filters.operator.trim().slice(0, MAX_OPERATOR);
  if (operator !== '') input.operator = operator;
  if (filters.action !== '') input.actions = [filters.action];
  const targetId = filters.targetId.trim().slice(0, MAX_TARGET);
  if (targetId !== '') input.targetId = targetId;
  if (filters.outcome !== '') input.outcomes = [...OUTCOME_CHOICES[filters.outcome]];
  if (CALENDAR_DAY.test(filters.fromDate)) input.from = startOfLocalDay(filters.fromDate);
  // The day chosen as the end is included: the period runs to the start of the next one.
  if (CALENDAR_DAY.test(filters.toDate)) input.to = startOfNextLocalDay(filters.toDate);
  return input;
}

export function activeAuditFilterCount(filters: AuditFilters): number {
  return Object.values(filters).filter((value) => value !== '').length;
}
