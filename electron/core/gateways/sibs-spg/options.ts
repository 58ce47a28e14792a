/** The non-secret settings of a SIBS SPG profile, read once per adapter from `ProfileConfig.options`. */
import { ValidationError } from '../../errors.ts';
import type { OptionField, ProfileConfig } from '../types.ts';

/**
 * Where the back-office body carries `originalTransaction` (fact sheet §6, inferred): inside
 * `transaction` as in DOC/SWG examples (default), at the top level as two production clients do,
 * or not at all (the path id suffices for several v2 clients).
 */
export const ORIGINAL_TRANSACTION_PLACEMENTS = ['transaction', 'top-level', 'omit'] as const;
export type OriginalTransactionPlacement = (typeof ORIGINAL_TRANSACTION_PLACEMENTS)[number];

export interface SibsProfileOptions {
  readonly terminalId: number;
  readonly channel: string;
  readonly originalTransactionPlacement: OriginalTransactionPlacement;
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
];

export function readSibsOptions(profile: ProfileConfig): SibsProfileOptions {
  const rawTerminal = profile.options['terminalId'];
  const terminalId = typeof rawTerminal === 'number' ? rawTerminal : typeof rawTerminal === 'string' && /^\d+$/.test(rawTerminal) ? Number(rawTerminal) : NaN;
  if (!Number.isSafeInteger(terminalId) || terminalId <= 0) {
    throw new ValidationError('The SIBS profile needs its terminal id (a positive integer)', { terminalId: 'Enter the terminal id SIBS assigned' });
  }
  const rawChannel = profile.options['channel'];
  const channel = typeof rawChannel === 'string' && rawChannel.trim() !== '' ? rawChannel.trim() : 'web';
  const rawPlacement = profile.options['originalTransactionPlacement'];
  const placement = ORIGINAL_TRANSACTION_PLACEMENTS.find((candidate) => candidate === rawPlacement) ?? 'transaction';
  if (rawPlacement !== undefined && rawPlacement !== placement) {
    throw new ValidationError('Unknown originalTransaction placement', { originalTransactionPlacement: `Use one of ${ORIGINAL_TRANSACTION_PLACEMENTS.join(', ')}` });
  }
  return { terminalId, channel, originalTransactionPlacement: placement };
}
