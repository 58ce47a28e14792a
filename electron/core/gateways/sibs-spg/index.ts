/** SIBS Payment Gateway (SPG) v2, Portugal: server-to-server card payments (MOTO). */
import type { GatewayDefinition, GatewayDescriptor } from '../types.ts';
import { createAdapter } from './adapter.ts';
import { createEmulator } from './emulator/index.ts';
import { SIBS_OPTION_FIELDS } from './options.ts';
import { sibsRedactor } from './redact.ts';

export const sibsSpgDescriptor: GatewayDescriptor = {
  id: 'sibs-spg',
  displayName: 'SIBS SPG',
  verbs: ['purchase', 'authorize', 'capture', 'refund', 'void', 'sync', 'lookupOperation', 'testCredentials'],
  paymentMethods: ['card'],
  moto: true,
  // The client id is an application id rather than a key, but it only works next to the token
  // and names the merchant's SIBS application, so it lives in the keychain with it.
  credentialFields: [
    { name: 'authToken', label: 'Auth token (Bearer)' },
    { name: 'clientId', label: 'X-IBM-Client-Id' },
  ],
  optionFields: SIBS_OPTION_FIELDS,
  amountFormat: 'major-number',
  // SIBS publishes no rate limit (fact sheet §10). Card answers are synchronous; what stays
  // pending is a 3-D Secure step, bounded by the checkout's validity (10 minutes in seed 001),
  // so an hour without a final status means something is wrong and needs a person.
  pollPolicy: {
    minIntervalMs: 5_000,
    maxIntervalMs: 5 * 60_000,
    horizonMs: 60 * 60_000,
    maxCallsPerMinutePerTransaction: null,
    maxConcurrent: 4,
  },
};

export const sibsSpg: GatewayDefinition = {
  descriptor: sibsSpgDescriptor,
  redactor: sibsRedactor,
  createAdapter,
  createEmulator: (environment) => createEmulator(environment),
};
