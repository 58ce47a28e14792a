/**
 * The charts' colours. A canvas is not styled by the stylesheet, so they are here: styles.css's
 * accent, warning, line, ink and muted colours, and orange rather than red for declines so that
 * approved and declined stay apart for people who cannot tell red from green.
 */
import { APPROVED_STATUSES, WAITING_STATUSES } from '../../../../../shared/domain/dashboard-buckets.ts';
import type { PaymentStatus } from '../../../../../shared/domain/schemas.ts';

export const CHART_COLOURS = {
  bar: '#3b7dd8',
  approved: '#1f5fbf',
  declined: '#c2570c',
  waiting: '#8a5a00',
  other: '#5b6575',
  grid: '#d7dce3',
  text: '#1c2330',
} as const;

export function statusColour(status: PaymentStatus): string {
  if (APPROVED_STATUSES.includes(status)) return CHART_COLOURS.approved;
  if (status === 'declined') return CHART_COLOURS.declined;
  if (WAITING_STATUSES.includes(status)) return CHART_COLOURS.waiting;
  return CHART_COLOURS.other;
}
