import type { ListColumn } from '../../../../../shared/domain/saved-view.ts';
import type { MessageKey } from '../../../i18n/en.ts';

/** Each column's heading, in the list and in the column picker. */
export const COLUMN_LABELS: Readonly<Record<ListColumn, MessageKey>> = {
  date: 'transactions.column.date',
  environment: 'transactions.column.environment',
  profile: 'transactions.column.profile',
  method: 'transactions.column.method',
  customer: 'transactions.column.customer',
  amount: 'transactions.column.amount',
  refunded: 'transactions.column.refunded',
  status: 'transactions.column.status',
  card: 'transactions.column.card',
  reference: 'transactions.column.reference',
  gatewayId: 'transactions.column.gatewayId',
};
