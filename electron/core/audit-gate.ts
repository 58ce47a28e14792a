/**
 * While the audit log cannot be written (no audit key: ledger/audit-seal.ts), every channel that
 * does something the log records is refused before its handler runs. The ledger refuses the entry
 * itself too, and rolls back the work in its transaction; refusing here first keeps what happens
 * outside the ledger — a settings write, a keychain entry, a call to the gateway, a sandbox
 * customer action — from happening ahead of that refusal.
 */
import { CHANNEL_NAMES, type ChannelName } from '../../shared/ipc/contract.ts';
import type { Handler, Handlers } from './door.ts';

/**
 * Every channel: does it only read, or does it do something the audit log records? Keyed by the
 * contract's channel names, so a new channel does not compile until it is placed here.
 */
const CHANNEL_EFFECTS: { readonly [C in ChannelName]: 'reads' | 'audited' } = {
  'app:info': 'reads',
  'gateways:list': 'reads',
  'profiles:list': 'reads',
  'profiles:create': 'audited',
  'profiles:update': 'audited',
  'profiles:delete': 'audited',
  'credentials:set': 'audited',
  'credentials:delete': 'audited',
  // Asks the gateway whether the stored credentials work; records nothing.
  'credentials:test': 'reads',
  'payments:createMoto': 'audited',
  'payments:requestMbway': 'audited',
  'payments:createMultibancoReference': 'audited',
  'payments:continueAction': 'audited',
  'payments:requestBankTransfer': 'audited',
  // Asks the gateway for its USSD bank list; records nothing.
  'payments:ussdBanks': 'reads',
  'payments:requestUssd': 'audited',
  'payments:import': 'audited',
  'payments:stopSchedule': 'audited',
  'payments:chargeStored': 'audited',
  'tokens:list': 'reads',
  'tokens:delete': 'audited',
  // A preview keeps the batch in the ledger; start, pause, resume and cancel change what it charges.
  'mitbatch:preview': 'audited',
  'mitbatch:start': 'audited',
  'mitbatch:pause': 'audited',
  'mitbatch:resume': 'audited',
  'mitbatch:cancel': 'audited',
  'mitbatch:list': 'reads',
  'mitbatch:get': 'reads',
  'mitbatch:rows': 'reads',
  // Writes a file of a batch's rows; the console's records are not touched.
  'mitbatch:export': 'reads',
  'mandates:create': 'audited',
  'mandates:list': 'reads',
  'mandates:sync': 'audited',
  'mandates:cancel': 'audited',
  'mandates:charge': 'audited',
  'payments:search': 'reads',
  'payments:totals': 'reads',
  'views:list': 'reads',
  'views:save': 'audited',
  'views:update': 'audited',
  'views:delete': 'audited',
  'payments:get': 'reads',
  'payments:wireLog': 'reads',
  // Writes a file of what the list shows; the console's records are not touched.
  'payments:export': 'reads',
  'payments:exportCancel': 'reads',
  'payments:capture': 'audited',
  'payments:refund': 'audited',
  'payments:void': 'audited',
  'payments:rebill': 'audited',
  'payments:sync': 'audited',
  'poller:queue': 'reads',
  'poller:summary': 'reads',
  'poller:syncNow': 'audited',
  'dashboard:summary': 'reads',
  'audit:list': 'reads',
  'audit:search': 'reads',
  // Writes a file from the log; the log itself is not touched.
  'audit:export': 'reads',
  'audit:verify': 'reads',
  'sandbox:info': 'reads',
  'sandbox:act': 'audited',
  // Writes a file from an emulator's book; the console's records are not touched.
  'sandbox:statement': 'reads',
  'ledger:get': 'reads',
  'ledger:save': 'audited',
  // Connects once to the database the operator names and reads two values; records nothing.
  'ledger:testConnection': 'reads',
  'receiver:get': 'reads',
  'receiver:save': 'audited',
  'recon:mappings': 'reads',
  'recon:saveMapping': 'audited',
  'recon:deleteMapping': 'audited',
  'recon:preview': 'reads',
  'recon:import': 'audited',
  // The chunked form of recon:import: each part drives the one audited import.
  'recon:uploadBegin': 'audited',
  'recon:uploadChunk': 'audited',
  'recon:uploadFinish': 'audited',
  'recon:uploadAbort': 'audited',
  'recon:sessions': 'reads',
  'recon:session': 'reads',
  'recon:rows': 'reads',
  'recon:resolve': 'audited',
  'recon:export': 'reads',
  'recon:cancel': 'audited',
  'recon:fetch': 'audited',
  'operators:me': 'reads',
  'operators:list': 'reads',
  'operators:save': 'audited',
  'operators:remove': 'audited',
  'approvals:list': 'reads',
  'approvals:decide': 'audited',
  'approvals:thresholds': 'reads',
  'approvals:saveThresholds': 'audited',
};

export function channelIsAudited(channel: ChannelName): boolean {
  return CHANNEL_EFFECTS[channel] === 'audited';
}

/** The handlers as they are, or — when the audit log cannot be written (`refusal`) — with every audited one refusing. */
export function gateAuditedChannels(handlers: Handlers, refusal: (() => Error) | null): Handlers {
  if (refusal === null) return handlers;
  const refuse: Handler<ChannelName> = () => Promise.reject(refusal());
  const gated: Partial<Record<ChannelName, Handler<ChannelName>>> = {};
  for (const name of CHANNEL_NAMES) gated[name] = channelIsAudited(name) ? refuse : (handlers[name] as Handler<ChannelName>);
  return gated as Handlers;
}
