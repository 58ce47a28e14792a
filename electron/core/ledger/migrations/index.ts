/** The ledger schema, step by step. Append only: a released migration is never edited. */
import type { Migration } from './migration.ts';
import { paymentJournal } from './001-payment-journal.ts';
import { auditLog } from './002-audit-log.ts';
import { paymentSearch } from './003-payment-search.ts';
import { asyncPaymentsAndMandates } from './004-async-payments-and-mandates.ts';
import { pollSchedule } from './005-poll-schedule.ts';
import { operationLeases } from './006-operation-leases.ts';
import { rateLimitedCalls } from './007-rate-limited-calls.ts';
import { paymentChangeLog } from './008-payment-change-log.ts';
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
import { searchIndexBehind } from './023-search-index-behind.ts';
import { reconMoneyBack } from './024-recon-money-back.ts';
import { reconMoneyBackFlag } from './025-recon-money-back-flag.ts';

export const LEDGER_MIGRATIONS: readonly Migration[] = [paymentJournal, auditLog, paymentSearch, asyncPaymentsAndMandates, pollSchedule, operationLeases, rateLimitedCalls, paymentChangeLog, reconSessions, reconSessionHeartbeat, reconRowsClassIndex, reconMatchedBlocks, auditSearch, paymentSearchNames, mitBatches, paymentListPlans, operatorsAndRights, fourEyesRefunds, wireLogRepeats, webhookReceiverSettings, teamAuditKey, reconPackedBlocks, searchIndexBehind, reconMoneyBack, reconMoneyBackFlag];
