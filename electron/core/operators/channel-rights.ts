/**
 * Which right each channel that acts takes. Reading channels take none (every operator may look);
 * the rest are refused with `forbidden` before their handler runs when the operator lacks the
 * right. Keyed by the contract's channel names, so a new channel does not compile until placed.
 */
import { CHANNEL_NAMES, type ChannelName } from '../../../shared/ipc/contract.ts';
import type { OperatorRight } from '../../../shared/domain/operators.ts';
import type { Handler, Handlers } from '../door.ts';
import { channelIsAudited } from '../audit-gate.ts';
import type { OperatorAccess } from './operator-access.ts';

/** null: any operator (reads, and actions that move no money and change no shared setting). */
const CHANNEL_RIGHTS: { readonly [C in ChannelName]: { right: OperatorRight; what: string } | null } = {
  'app:info': null,
  'gateways:list': null,
  'profiles:list': null,
  'profiles:create': { right: 'profiles', what: 'create merchant profiles' },
  'profiles:update': { right: 'profiles', what: 'change merchant profiles' },
  'profiles:delete': { right: 'profiles', what: 'delete merchant profiles' },
  'credentials:set': { right: 'credentials', what: 'set gateway credentials' },
  'credentials:delete': { right: 'credentials', what: 'delete gateway credentials' },
  'credentials:test': null,
  'payments:createMoto': { right: 'moto', what: 'take MOTO card payments' },
  'payments:requestMbway': { right: 'mbway', what: 'request MB WAY payments' },
  'payments:createMultibancoReference': { right: 'multibanco', what: 'create Multibanco references' },
  // The customer's step of a MOTO card payment (3-D Secure, an OTP read out).
  'payments:continueAction': { right: 'moto', what: 'continue card payments' },
  // Payment instructions handed to a customer, like a Multibanco reference.
  'payments:requestBankTransfer': { right: 'multibanco', what: 'request bank transfers' },
  'payments:ussdBanks': null,
  'payments:requestUssd': { right: 'multibanco', what: 'request USSD payments' },
  // Brings a payment made elsewhere into the ledger, as reconciliation does.
  'payments:import': { right: 'recon', what: 'import payments' },
  'payments:stopSchedule': { right: 'mit', what: 'stop instalment plans' },
  'payments:chargeStored': { right: 'mit', what: 'charge stored cards' },
  'tokens:list': null,
  'tokens:delete': { right: 'mit', what: 'delete stored cards' },
  'mitbatch:preview': { right: 'mit', what: 'prepare batches of charges' },
  'mitbatch:start': { right: 'mit', what: 'run batches of charges' },
  'mitbatch:pause': { right: 'mit', what: 'pause batches of charges' },
  'mitbatch:resume': { right: 'mit', what: 'resume batches of charges' },
  'mitbatch:cancel': { right: 'mit', what: 'cancel batches of charges' },
  'mitbatch:list': null,
  'mitbatch:get': null,
  'mitbatch:rows': null,
  'mitbatch:export': null,
  'mandates:create': { right: 'mbway', what: 'create MB WAY mandates' },
  'mandates:list': null,
  'mandates:sync': null,
  'mandates:cancel': { right: 'mbway', what: 'cancel MB WAY mandates' },
  'mandates:charge': { right: 'mit', what: 'charge MB WAY mandates' },
  'payments:search': null,
  'payments:totals': null,
  // Saved views are the operator's own list layouts, kept on this computer.
  'views:list': null,
  'views:save': null,
  'views:update': null,
  'views:delete': null,
  'payments:get': null,
  'payments:wireLog': null,
  'payments:export': null,
  'payments:exportCancel': null,
  'payments:capture': { right: 'capture', what: 'capture payments' },
  'payments:refund': { right: 'refund', what: 'refund payments' },
  'payments:void': { right: 'void', what: 'void authorisations' },
  'payments:rebill': { right: 'mit', what: 'rebill payments' },
  // Asks the gateway what happened and records its answer; moves nothing.
  'payments:sync': null,
  'poller:queue': null,
  'poller:summary': null,
  'poller:syncNow': null,
  'dashboard:summary': null,
  'audit:list': null,
  'audit:search': null,
  'audit:export': null,
  'audit:verify': null,
  'sandbox:info': null,
  'sandbox:act': null,
  'sandbox:statement': null,
  'ledger:get': null,
  'ledger:save': { right: 'settings', what: 'change where the ledger is kept' },
  'receiver:get': null,
  'receiver:save': { right: 'settings', what: 'set the team webhook receiver address' },
  'ledger:testConnection': null,
  'recon:mappings': null,
  'recon:saveMapping': { right: 'recon', what: 'save statement mappings' },
  'recon:deleteMapping': { right: 'recon', what: 'delete statement mappings' },
  'recon:preview': null,
  'recon:import': { right: 'recon', what: 'import settlement statements' },
  'recon:uploadBegin': { right: 'recon', what: 'import settlement statements' },
  'recon:uploadChunk': { right: 'recon', what: 'import settlement statements' },
  'recon:uploadFinish': { right: 'recon', what: 'import settlement statements' },
  'recon:uploadAbort': null,
  'recon:sessions': null,
  'recon:session': null,
  'recon:rows': null,
  'recon:resolve': { right: 'recon', what: 'resolve reconciliation rows' },
  'recon:export': null,
  'recon:cancel': { right: 'recon', what: 'cancel reconciliation imports' },
  'recon:fetch': { right: 'recon', what: 'fetch settlement statements' },
  'operators:me': null,
  'operators:list': null,
  'operators:save': { right: 'operators', what: 'change operators' },
  'operators:remove': { right: 'operators', what: 'remove operators' },
  'approvals:list': null,
  'approvals:decide': { right: 'approve_refund', what: 'decide refund requests' },
  'approvals:thresholds': null,
  'approvals:saveThresholds': { right: 'settings', what: 'change four-eyes thresholds' },
};

export function rightForChannel(channel: ChannelName): OperatorRight | null {
  return CHANNEL_RIGHTS[channel]?.right ?? null;
}

/** The handlers, each that takes a right first checking that the operator holds it. */
export function gateOperatorRights(handlers: Handlers, access: OperatorAccess): Handlers {
  const gated: Partial<Record<ChannelName, Handler<ChannelName>>> = {};
  for (const name of CHANNEL_NAMES) {
    const handler = handlers[name] as Handler<ChannelName>;
    const needs = CHANNEL_RIGHTS[name];
    if (needs !== null) {
      gated[name] = async (input, context) => {
        await access.require(needs.right, needs.what);
        return handler(input, context);
      };
    } else if (channelIsAudited(name)) {
      // Takes no right of its own, but its audit entry is written to the ledger: not by a viewer.
      gated[name] = async (input, context) => {
        await access.requireWriter(name);
        return handler(input, context);
      };
    } else {
      gated[name] = handler;
    }
  }
  return gated as Handlers;
}
