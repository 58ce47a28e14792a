/**
 * A saved view of the payments list: the filters, query, order and columns someone named. It is
 * configuration kept in the workspace's settings, so its shape is checked when it is saved and
 * again, entry by entry, when it is read back. Every free text refuses a card number, like every
 * other free text of the contract.
 */
import { z } from 'zod';
import { environmentSchema, gatewayIdSchema, paymentKindSchema, paymentStatusSchema, withoutCardNumber } from './schemas.ts';

/** The list's columns, in the order they are drawn. */
export const LIST_COLUMNS = ['date', 'environment', 'profile', 'method', 'customer', 'amount', 'refunded', 'status', 'card', 'reference', 'gatewayId'] as const;
export const listColumnSchema = z.enum(LIST_COLUMNS);
export type ListColumn = z.infer<typeof listColumnSchema>;

export const LIST_SORTS = ['newest', 'oldest', 'amount_desc', 'amount_asc'] as const;
export const listSortSchema = z.enum(LIST_SORTS);
export type ListSort = z.infer<typeof listSortSchema>;

const filterText = (max: number) => withoutCardNumber(z.string().max(max)).default('');

/** The filter bar as the operator set it: empty text means "not filtered". */
export const viewFiltersSchema = z.object({
  statuses: z.array(paymentStatusSchema).max(32).default([]),
  gatewayId: z.union([gatewayIdSchema, z.literal('')]).default(''),
  profileId: filterText(64),
  environment: z.union([environmentSchema, z.literal('')]).default(''),
  method: z.union([z.string().regex(/^[a-z][a-z0-9_]{0,31}$/), z.literal('')]).default(''),
  kind: z.union([paymentKindSchema, z.literal('')]).default(''),
  currency: z.union([z.string().regex(/^[A-Z]{3}$/), z.literal('')]).default(''),
  amountMin: filterText(32),
  amountMax: filterText(32),
  fromDate: z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.literal('')]).default(''),
  toDate: z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.literal('')]).default(''),
  /** The gateway's answer code, exactly (a dashboard decline reason's link sets it). */
  gatewayCode: filterText(64),
});
export type ViewFilters = z.output<typeof viewFiltersSchema>;

export const viewContentSchema = z.object({
  filters: viewFiltersSchema,
  queryText: filterText(400),
  sort: listSortSchema.default('newest'),
  columns: z.array(listColumnSchema).min(1).max(LIST_COLUMNS.length).default([...LIST_COLUMNS]),
});
export type ViewContent = z.output<typeof viewContentSchema>;

export const viewNameSchema = withoutCardNumber(z.string().trim().min(1, 'Give the view a name').max(60));
export const viewIdSchema = z.string().regex(/^view_[A-Za-z0-9]{1,40}$/, 'Not a saved view');

export const savedViewSchema = z.object({
  id: viewIdSchema,
  name: viewNameSchema,
  /** The pinned view opens when the list first shows; at most one is. */
  pinned: z.boolean(),
  content: viewContentSchema,
  savedAt: z.iso.datetime(),
  savedBy: z.string(),
});
export type SavedView = z.output<typeof savedViewSchema>;
