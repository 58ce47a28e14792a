/**
 * SIBS Payment Gateway (SPG) v2, Portugal, server to server: cards (MOTO and e-commerce with
 * 3-D Secure), MB WAY, Multibanco references, MB WAY mandates, stored cards with MIT, and
 * AES-GCM encrypted webhooks.
 */
import { defineGateway } from '../define-gateway.ts';
import type { GatewayDescriptor, PollPolicy } from '../types.ts';
import { createAdapter } from './adapter.ts';
import { createEmulator } from './emulator/index.ts';
import { SIBS_OPTION_FIELDS, SIBS_REFERENCE_RULE } from './options.ts';
import { referenceOptionFields } from '../reference-rule.ts';
import { sibsRedactor } from './redact.ts';
import { sibsStatementMappings } from './statement-mapping.ts';

export const sibsSpgDescriptor = {
  id: 'sibs-spg',
  displayName: 'SIBS SPG',
  capabilities: ['authorization', 'void', 'mbway', 'multibanco', 'mandates', 'storedCredentials', 'customerSteps', 'imports', 'webhooks'],
  paymentMethods: ['card', 'mbway', 'multibanco', 'mandate'],
  moto: true,
  // The client id is an application id rather than a key, but it only works next to the token
  // and names the merchant's SIBS application, so it lives in the keychain with it.
  credentialFields: [
    { name: 'authToken', label: 'Auth token (Bearer)' },
    { name: 'clientId', label: 'X-IBM-Client-Id' },
    // The AES key SIBS's Backoffice shows for the webhook configuration (fact sheet §8).
    { name: 'webhookSecret', label: 'Webhook secret (Base64)', webhooks: true },
  ],
  optionFields: [...SIBS_OPTION_FIELDS, ...referenceOptionFields(SIBS_REFERENCE_RULE)],
  referenceRule: SIBS_REFERENCE_RULE,
  amountFormat: 'major-number',
  // SIBS publishes no rate limit (fact sheet §10). Card answers are synchronous; a 3-D Secure
  // step is bounded by the checkout's validity (10 minutes in seed 001) and an MB WAY request by
  // its approval window (minutes), so an hour without a final status needs a person. A Multibanco
  // reference is the exception: it stays Pending until its own expiry (instructions.expiresAt).
  pollPolicy: {
    minIntervalMs: 5_000,
    maxIntervalMs: 5 * 60_000,
    horizonMs: 60 * 60_000,
    maxCallsPerMinutePerTransaction: null,
    maxConcurrent: 4,
  },
  // INFERRED: no time within which a request is on record (and found by a lookup) is published;
  // a minute covers queueing at the gateway. Profiles may change it (option settleWindowMs).
  settleWindowMs: 60_000,
  pollPolicyFor({ method, expiresAt }): PollPolicy {
    if (method === 'mbway') {
      // The customer approves in the app within minutes (the window length is not published; the
      // sandbox uses 4 minutes): look often, and hand it to a person soon after the window.
      return { minIntervalMs: 3_000, maxIntervalMs: 15_000, horizonMs: 10 * 60_000, maxCallsPerMinutePerTransaction: null, maxConcurrent: 4 };
    }
    if (method === 'multibanco') {
      // Paid at an ATM or in home banking, possibly days later: look rarely, and stop at the
      // reference's expiry (one last check then).
      return { minIntervalMs: 10 * 60_000, maxIntervalMs: 6 * 3_600_000, horizonMs: 90 * 24 * 3_600_000, maxCallsPerMinutePerTransaction: null, maxConcurrent: 4, stopAt: expiresAt };
    }
    return sibsSpgDescriptor.pollPolicy;
  },
} satisfies GatewayDescriptor;

export const sibsSpg = defineGateway({
  descriptor: sibsSpgDescriptor,
  redactor: sibsRedactor,
  statementMappings: sibsStatementMappings,
  createAdapter,
  createEmulator: (environment) => createEmulator(environment),
});
