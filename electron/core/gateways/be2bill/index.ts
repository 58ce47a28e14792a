/**
 * Be2bill / Dalenys (France), server to server ("Direct Link"): card payments and authorizations
 * with captures and refunds, ALIAS subscription (MIT) charges, N-times schedules the
 * platform runs, 3-D Secure and redirections as HTML the customer's browser renders, HASH-signed
 * notifications and inline transaction lookups, over a primary and a fallback host.
 */
import { defineGateway } from '../define-gateway.ts';
import type { GatewayDescriptor } from '../types.ts';
import { createAdapter } from './adapter.ts';
import { createBe2billEmulator } from './emulator/index.ts';
import { BE2BILL_OPTION_FIELDS, BE2BILL_REFERENCE_RULE } from './options.ts';
import { referenceOptionFields } from '../reference-rule.ts';
import { be2billRedactor } from './redact.ts';
import { be2billStatementMappings } from './statement-mapping.ts';
import { BE2BILL_REPORT_OPTION_FIELDS, be2billStatementReports } from './statement-report.ts';

export const be2billDescriptor = {
  id: 'be2bill',
  displayName: 'Be2bill / Dalenys',
  // No void: the wire has no cancellation of an authorization.
  capabilities: ['authorization', 'storedCredentials', 'schedules', 'imports', 'webhooks'],
  paymentMethods: ['card'],
  // The fact sheet documents no MOTO flag; the console sends none. The IDENTIFIER's account is
  // what the acquirer set up for mail and telephone orders.
  moto: true,
  credentialFields: [{ name: 'password', label: 'Password (the secret that keys the HASH; never sent)', webhooks: true }],
  optionFields: [...BE2BILL_OPTION_FIELDS, ...BE2BILL_REPORT_OPTION_FIELDS, ...referenceOptionFields(BE2BILL_REFERENCE_RULE)],
  referenceRule: BE2BILL_REFERENCE_RULE,
  amountFormat: 'minor-integer',
  // No status rate limit is documented. A 3-D Secure or redirect page left open ends with 4009 or
  // 4015; an hour without a final answer needs a person.
  pollPolicy: {
    minIntervalMs: 20_000,
    maxIntervalMs: 5 * 60_000,
    horizonMs: 60 * 60_000,
    maxCallsPerMinutePerTransaction: null,
    maxConcurrent: 4,
  },
  // INFERRED: no time within which a request is on record (and found by a lookup) is published;
  // a minute covers queueing at the gateway. Profiles may change it (option settleWindowMs).
  settleWindowMs: 60_000,
  partialRefunds: true,
  // INFERRED (§8): clients differ (Magento and thelia read a POST body, rezzza the query string of
  // a GET) and the platform's own method is not documented, so both are taken; the HASH is checked
  // over the parameters either way.
  notificationMethods: ['POST', 'GET'],
  refundNote: 'A refund on the day of the payment becomes a cancellation at Be2bill: nothing is collected from the card. The console still records it as a refund.',
} satisfies GatewayDescriptor;

export const be2bill = defineGateway({
  descriptor: be2billDescriptor,
  redactor: be2billRedactor,
  statementMappings: be2billStatementMappings,
  statementReports: be2billStatementReports,
  createAdapter,
  createEmulator: (environment) => createBe2billEmulator(environment),
});
