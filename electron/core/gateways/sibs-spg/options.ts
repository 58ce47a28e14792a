/** The non-secret settings of a SIBS SPG profile, read once per adapter from `ProfileConfig.options`. */
import { ValidationError } from '../../errors.ts';
import type { OptionField, ProfileConfig } from '../types.ts';
import type { DeclaredReferenceRule } from '../../../../shared/domain/merchant-reference.ts';
import { REFERENCE_OPTION_NAMES } from '../reference-rule.ts';

/**
 * Where the back-office body carries `originalTransaction` (fact sheet §6, inferred): inside
 * `transaction` as in DOC/SWG examples (default), at the top level as two production clients do,
 * or not at all (the path id suffices for several v2 clients).
 */
export const ORIGINAL_TRANSACTION_PLACEMENTS = ['transaction', 'top-level', 'omit'] as const;
export type OriginalTransactionPlacement = (typeof ORIGINAL_TRANSACTION_PLACEMENTS)[number];

/**
 * The `statusCode` of a webhook acknowledgement: QDOC E.1.3/F.10 say "000", the DOC pages show
 * "200" (fact sheet §8, unresolved). "000" until SIBS confirms otherwise.
 */
export const WEBHOOK_ACK_STATUS_CODES = ['000', '200'] as const;
export type WebhookAckStatusCode = (typeof WEBHOOK_ACK_STATUS_CODES)[number];

export interface SibsProfileOptions {
  readonly terminalId: number;
  readonly channel: string;
  readonly originalTransactionPlacement: OriginalTransactionPlacement;
  /** The merchant's Multibanco entity (5 digits), needed only for references. */
  readonly multibancoEntity: string | null;
  readonly webhookAckStatusCode: WebhookAckStatusCode;
  /** Length of the webhook's GCM tag; 16 bytes is inferred (fact sheet §8). */
  readonly webhookAuthTagBytes: number;
}

export const SIBS_OPTION_FIELDS: readonly OptionField[] = [
  { name: 'terminalId', label: 'Terminal id (assigned by SIBS at onboarding)', type: 'number', required: true },
  { name: 'channel', label: 'Channel (default "web")', type: 'string', required: false },
  {
    name: 'originalTransactionPlacement',
    label: 'Where refunds/captures carry originalTransaction: "transaction" (default), "top-level" or "omit"',
    type: 'string',
    required: false,
  },
  { name: 'multibancoEntity', label: 'Multibanco entity (5 digits, for references)', type: 'string', required: false },
  { name: 'webhookAckStatusCode', label: 'Webhook acknowledgement status code: "000" (default, as the current SIBS guide says) or "200" (as older SIBS pages say)', type: 'string', required: false }, // QDOC says 000, older DOC pages 200
  { name: 'webhookAuthTagBytes', label: 'Webhook authentication tag length in bytes (default 16)', type: 'number', required: false },
];

function readEnum<T extends string>(profile: ProfileConfig, name: string, allowed: readonly T[], fallback: T): T {
  const raw = profile.options[name];
  if (raw === undefined || raw === '') return fallback;
  const found = allowed.find((candidate) => candidate === String(raw));
  if (found === undefined) throw new ValidationError(`Unknown value for ${name}`, { [name]: `Use one of ${allowed.join(', ')}` });
  return found;
}

export function readSibsOptions(profile: ProfileConfig): SibsProfileOptions {
  const rawTerminal = profile.options['terminalId'];
  const terminalId = typeof rawTerminal === 'number' ? rawTerminal : typeof rawTerminal === 'string' && /^\d+$/.test(rawTerminal) ? Number(rawTerminal) : NaN;
  if (!Number.isSafeInteger(terminalId) || terminalId <= 0) {
    throw new ValidationError('The SIBS profile needs its terminal id (a positive integer)', { terminalId: 'Enter the terminal id SIBS assigned' });
  }
  const rawChannel = profile.options['channel'];
  const channel = typeof rawChannel === 'string' && rawChannel.trim() !== '' ? rawChannel.trim() : 'web';
  const placement = readEnum(profile, 'originalTransactionPlacement', ORIGINAL_TRANSACTION_PLACEMENTS, 'transaction');
  const rawEntity = profile.options['multibancoEntity'];
  const entityText = rawEntity === undefined ? '' : String(rawEntity).trim();
  if (entityText !== '' && !/^\d{5}$/.test(entityText)) {
    throw new ValidationError('The Multibanco entity has 5 digits', { multibancoEntity: 'Enter the 5-digit entity SIBS assigned' });
  }
  const rawTagBytes = profile.options['webhookAuthTagBytes'];
  const webhookAuthTagBytes = rawTagBytes === undefined || rawTagBytes === '' ? 16 : Number(rawTagBytes);
  if (!Number.isInteger(webhookAuthTagBytes) || webhookAuthTagBytes < 12 || webhookAuthTagBytes > 16) {
    throw new ValidationError('The webhook tag length is 12 to 16 bytes', { webhookAuthTagBytes: 'Use 16 unless SIBS says otherwise' });
  }
  return {
    terminalId,
    channel,
    originalTransactionPlacement: placement,
    multibancoEntity: entityText === '' ? null : entityText,
    webhookAckStatusCode: readEnum(profile, 'webhookAckStatusCode', WEBHOOK_ACK_STATUS_CODES, '000'),
    webhookAuthTagBytes,
  };
}

/**
 * `merchant.merchantTransactionId`: SIBS documents it as a mandatory string, unique per attempt, with
 * no pattern or length (pay.sibs.com/en/tbuilder-layout-part/api-show-more-1/: "Unique Id used by
 * the Merchant", String; QDOC F.2.x), in a JSON body, and SIBS's own sample sends "Order ID:
 * r1cm97qqjv" (seed 001): spaces and punctuation are taken.
 * INFERRED: accented letters are taken too (UTF-8 JSON, a Portuguese gateway, nothing published
 * against them). INFERRED: at most 64 characters, the most the console has ever sent SIBS; no
 * limit is published. Both are profile options.
 */
export const SIBS_REFERENCE_RULE: DeclaredReferenceRule = {
  rule: { characters: 'printable', minLength: 1, maxLength: 64 },
  options: { characters: REFERENCE_OPTION_NAMES.characters, maxLength: REFERENCE_OPTION_NAMES.maxLength },
};
