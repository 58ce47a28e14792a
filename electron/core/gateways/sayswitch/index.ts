/**
 * Sayswitch (Nigeria), server to server: card charges with a customer step (3-D Secure 2 through
 * a hosted page or challenge form, or the older NGN flow with an OTP read out to the agent),
 * one-off bank-transfer virtual accounts, USSD codes to dial, verify by reference, full refunds, optional AES-256-CBC
 * payload encryption, and HMAC-SHA512 signed webhooks. The secret key decides test or live.
 */
import { defineGateway } from '../define-gateway.ts';
import type { GatewayDescriptor, PollPolicy } from '../types.ts';
import { createAdapter, SAYSWITCH_REFUND_NOTE } from './adapter.ts';
import { checkSayswitchCredential, SAYSWITCH_CREDENTIAL_FIELDS } from './credentials.ts';
import { createSayswitchEmulator } from './emulator/index.ts';
import { SAYSWITCH_OPTION_FIELDS, SAYSWITCH_REFERENCE_RULE } from './options.ts';
import { referenceOptionFields } from '../reference-rule.ts';
import { SAYSWITCH_REPORT_OPTION_FIELDS, sayswitchStatementReports } from './statement-report.ts';
import { sayswitchRedactor } from './redact.ts';
import { sayswitchStatementMappings } from './statement-mapping.ts';

export const sayswitchDescriptor = {
  id: 'sayswitch',
  displayName: 'Sayswitch',
  capabilities: ['customerSteps', 'bankTransfer', 'ussd', 'imports', 'webhooks'],
  paymentMethods: ['card', 'bank_transfer', 'ussd'],
  // No MOTO flag on the wire (fact sheet §2): the agent keys the card in server to server, and the
  // customer on the phone completes the OTP or 3-D Secure step the charge always asks for.
  moto: true,
  credentialFields: SAYSWITCH_CREDENTIAL_FIELDS,
  optionFields: [...SAYSWITCH_OPTION_FIELDS, ...SAYSWITCH_REPORT_OPTION_FIELDS, ...referenceOptionFields(SAYSWITCH_REFERENCE_RULE)],
  referenceRule: SAYSWITCH_REFERENCE_RULE,
  amountFormat: 'major-string',
  // No rate limit is published, though 429 exists (§1). A card step waits for the customer; a
  // bank transfer "may take minutes to reflect" (§5) and its account has no documented expiry, so
  // two hours without a final status needs a person.
  pollPolicy: {
    minIntervalMs: 10_000,
    maxIntervalMs: 5 * 60_000,
    horizonMs: 2 * 60 * 60_000,
    maxCallsPerMinutePerTransaction: null,
    maxConcurrent: 4,
  },
  // INFERRED: no time within which a request is on record (and found by a lookup) is published;
  // a minute covers queueing at the gateway. Profiles may change it (option settleWindowMs).
  settleWindowMs: 60_000,
  pollPolicyFor({ method }): PollPolicy {
    if (method === 'ussd') {
      // The customer dials within the code's 3 minutes (§5): look often, and hand a payment still
      // open well after the code expired to a person.
      return { minIntervalMs: 5_000, maxIntervalMs: 20_000, horizonMs: 15 * 60_000, maxCallsPerMinutePerTransaction: null, maxConcurrent: 4 };
    }
    return sayswitchDescriptor.pollPolicy;
  },
  partialRefunds: false,
  refundNote: SAYSWITCH_REFUND_NOTE,
  checkCredential: checkSayswitchCredential,
  // Virtual accounts and USSD codes are naira only (SAYSWITCH_TRANSFER_CURRENCIES, SAYSWITCH_USSD_CURRENCIES).
  presentation: { defaultCurrencies: { bank_transfer: 'NGN', ussd: 'NGN' } },
} satisfies GatewayDescriptor;

export const sayswitch = defineGateway({
  descriptor: sayswitchDescriptor,
  redactor: sayswitchRedactor,
  statementMappings: sayswitchStatementMappings,
  statementReports: sayswitchStatementReports,
  createAdapter,
  createEmulator: (environment) => createSayswitchEmulator(environment),
});
