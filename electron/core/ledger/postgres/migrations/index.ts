/**
 * The PostgreSQL ledger schema, step by step, version for version with the SQLite one
 * (../../migrations/). Append only: a released migration is never edited.
 */
import type { PostgresMigration } from '../migration.ts';
import { paymentJournal } from './001-payment-journal.ts';
import { auditLog } from './002-audit-log.ts';
import { paymentSearch } from './003-payment-search.ts';
import { asyncPaymentsAndMandates } from './004-async-payments-and-mandates.ts';
import { pollSchedule } from './005-poll-schedule.ts';
import { operationLeases } from './006-operation-leases.ts';
import { rateLimitedCalls } from './007-rate-limited-calls.ts';
import { pollScheduleOrder } from './008-poll-schedule-order.ts';
import { reconSessions } from './009-recon-sessions.ts';
import { reconSessionHeartbeat } from './010-recon-session-heartbeat.ts';
import { reconRowsClassIndex } from './011-recon-rows-class-index.ts';
import { reconMatchedBlocks } from './012-recon-matched-blocks.ts';
import { auditSearch } from './013-audit-search.ts';
import { paymentSearchNames } from './014-payment-search-names.ts';
import { mitBatches } from './015-mit-batches.ts';
import { paymentListPlans } from './016-payment-list-plans.ts';
import { operatorsAndRights } from './017-operators-and-rights.ts';
import { fourEyesRefunds } from './018-four-eyes-refunds.ts';
import { wireLogRepeats } from './019-wire-log-repeats.ts';
import { webhookReceiverSettings } from './020-webhook-receiver-settings.ts';
import { teamAuditKey } from './021-team-audit-key.ts';
import { reconPackedBlocks } from './022-recon-packed-blocks.ts';
import { facetCountsAtCommit } from './023-facet-counts-at-commit.ts';
import { reconMoneyBack } from './024-recon-money-back.ts';
import { reconMoneyBackFlag } from './025-recon-money-back-flag.ts';

export const POSTGRES_LEDGER_MIGRATIONS: readonly PostgresMigration[] = [
  paymentJournal,
  auditLog,
  paymentSearch,
  asyncPaymentsAndMandates,
  pollSchedule,
  operationLeases,
  rateLimitedCalls,
  pollScheduleOrder,
  reconSessions,
  reconSessionHeartbeat,
  reconRowsClassIndex,
  reconMatchedBlocks,
  auditSearch,
  paymentSearchNames,
  mitBatches,
  paymentListPlans,
  operatorsAndRights,
  fourEyesRefunds,
  wireLogRepeats,
  webhookReceiverSettings,
  teamAuditKey,
  reconPackedBlocks,
  facetCountsAtCommit,
  reconMoneyBack,
  reconMoneyBackFlag,
];
