/**
 * ACI Worldwide's Open Payment Platform (OPPWA) and its white-labels (Westpay, Peach,
 * TotalProcessing, HyperPay, …), server to server: cards with PA/DB, back-office CP/RF/RV/RB,
 * registrations with standing instructions (CIT → MIT), rate-limited status and unlimited
 * queries, 3-D Secure by redirect, and AES-256-GCM encrypted webhooks. One adapter serves every
 * white-label; the profile holds the host, the entity id and (in the keychain) the access token.
 */
import { defineGateway } from '../define-gateway.ts';
import type { GatewayDescriptor } from '../types.ts';
import { createAdapter } from './adapter.ts';
import { createOppwaEmulator } from './emulator/index.ts';
import { OPPWA_OPTION_FIELDS, OPPWA_REFERENCE_RULE } from './options.ts';
import { referenceOptionFields } from '../reference-rule.ts';
import { oppwaRedactor } from './redact.ts';
import { oppwaStatementMappings } from './statement-mapping.ts';
import { OPPWA_REPORT_OPTION_FIELDS, oppwaStatementReports } from './statement-report.ts';

export const aciOppwaDescriptor = {
  id: 'aci-oppwa',
  displayName: 'ACI OPPWA',
  capabilities: ['authorization', 'void', 'rebill', 'storedCredentials', 'unstore', 'imports', 'webhooks'],
  paymentMethods: ['card'],
  // No per-request MOTO flag is documented (fact sheet, seed 003): OPPWA marks MOTO by channel,
  // so the profile's entityId must be the channel the acquirer set up for mail and telephone orders.
  moto: true,
  credentialFields: [
    { name: 'accessToken', label: 'Access token (Bearer)' },
    // The 64-hex key the back office shows for the webhook configuration (fact sheet §8).
    { name: 'webhookSecret', label: 'Webhook secret (64 hex)', webhooks: true },
  ],
  optionFields: [...OPPWA_OPTION_FIELDS, ...OPPWA_REPORT_OPTION_FIELDS, ...referenceOptionFields(OPPWA_REFERENCE_RULE)],
  referenceRule: OPPWA_REFERENCE_RULE,
  amountFormat: 'major-string',
  // Two status calls per minute per transaction (seed 003). An open redirect session ends after
  // about 30 minutes (§6), so 40 minutes without a final status needs a person; 800.400.5xx and
  // 100.400.500 may take days and stay pending in the console until a person or a webhook ends them.
  pollPolicy: {
    minIntervalMs: 30_000,
    maxIntervalMs: 5 * 60_000,
    horizonMs: 40 * 60_000,
    maxCallsPerMinutePerTransaction: 2,
    maxConcurrent: 4,
  },
  // INFERRED: no time within which a request is on record (and found by a lookup) is published;
  // a minute covers queueing at the gateway. Profiles may change it (option settleWindowMs).
  settleWindowMs: 60_000,
  // One capture per PA; a partial capture releases the rest (fact sheet §3, LATAM doc).
  singleCapture: true,
  // OPPWA calls cancelling an authorisation a reversal (RV); its back office and support desk say so.
  presentation: { voidTerm: 'reversal' },
} satisfies GatewayDescriptor;

export const aciOppwa = defineGateway({
  descriptor: aciOppwaDescriptor,
  redactor: oppwaRedactor,
  statementMappings: oppwaStatementMappings,
  statementReports: oppwaStatementReports,
  createAdapter,
  createEmulator: (environment) => createOppwaEmulator(environment),
});
