/**
 * What the dashboard asks the core and what it gets back. Counts may be added up across
 * currencies; amounts never are, so every amount comes with its currency.
 */
import { z } from 'zod';
import { addDays, daysInRange, isCalendarDay, isTimeZone } from '../time/zoned-days.ts';
import { PENDING_AGE_BUCKETS, type PendingAgeBucket } from './dashboard-buckets.ts';
import { currencyCodeSchema, decimalAmountSchema, gatewayIdSchema, idSchema, paymentStatusSchema } from './schemas.ts';

/** A year and a day: a whole year whichever day it starts on, and not so long that a chart of days is unreadable. */
export const DASHBOARD_MAX_DAYS = 366;

export const pendingAgeBucketSchema = z.enum(PENDING_AGE_BUCKETS.map((entry) => entry.bucket) as [PendingAgeBucket, ...PendingAgeBucket[]]);

export const calendarDaySchema = z.string().refine(isCalendarDay, 'A calendar day such as 2026-05-01');
export const timeZoneSchema = z.string().max(64).refine(isTimeZone, 'Not a time zone this console knows (such as Europe/Lisbon)');

export const dashboardInputSchema = z
  .object({
    /** First and last calendar day of the period, both included, in `timeZone`. */
    from: calendarDaySchema,
    to: calendarDaySchema,
    timeZone: timeZoneSchema,
    profileId: idSchema.optional(),
    gatewayId: gatewayIdSchema.optional(),
    currency: currencyCodeSchema.optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (!isCalendarDay(input.from) || !isCalendarDay(input.to)) return;
    if (input.to < input.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'The period ends before it starts' });
    else if (daysInRange(input.from, input.to) > DASHBOARD_MAX_DAYS) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `A period is at most ${DASHBOARD_MAX_DAYS} days (until ${addDays(input.from, DASHBOARD_MAX_DAYS - 1)})` });
    }
  });
export type DashboardInput = z.input<typeof dashboardInputSchema>;

const countSchema = z.number().int().min(0);

/** A group's figures: every payment made in it, those approved (and their gross amount), those declined. */
const figuresShape = {
  count: countSchema,
  approvedCount: countSchema,
  approvedAmount: decimalAmountSchema,
  declinedCount: countSchema,
};

export const dashboardSummarySchema = z.object({
  period: z.object({ from: z.string(), to: z.string(), timeZone: z.string(), today: z.string() }),
  /** One line per currency seen in the period. */
  currencies: z.array(z.object({ currency: z.string(), ...figuresShape })),
  /** One line per day and currency with payments; days without any are left out. */
  days: z.array(z.object({ day: z.string(), currency: z.string(), ...figuresShape })),
  statuses: z.array(z.object({ status: paymentStatusSchema, count: countSchema })),
  /** The commonest decline reasons, most first: the gateway's code and its words for it. */
  declineReasons: z.array(z.object({ gatewayId: z.string(), code: z.string().nullable(), message: z.string().nullable(), count: countSchema })),
  /** Every bucket, in age order; `fromDay`/`toDay` are its days within the period, null when it has none there. */
  pendingAges: z.array(z.object({ bucket: pendingAgeBucketSchema, count: countSchema, fromDay: z.string().nullable(), toDay: z.string().nullable() })),
  gateways: z.array(z.object({ gatewayId: z.string(), currency: z.string(), ...figuresShape })),
});
export type DashboardSummary = z.infer<typeof dashboardSummarySchema>;
