import type { ChannelOutput } from '../../../shared/ipc/contract.ts';
import type { OperatorRight } from '../../../shared/domain/operators.ts';
import type { CallFn } from '../api/client.ts';
import { channelQuery } from './channel-query.ts';

/** Who this console acts as: solo (the OS user, every right) or a team ledger's operator with a role. */
export type OperatorMe = ChannelOutput<'operators:me'>;

export function operatorMeQuery(call: CallFn) {
  return channelQuery(call, 'operators:me', {});
}

/** What the screens ask of the operator: may they do this, and if not, why. */
export interface OperatorRights {
  /** The core has answered; until then nothing that needs a right is offered. */
  readonly known: boolean;
  readonly team: boolean;
  readonly me: OperatorMe | null;
  may(right: OperatorRight): boolean;
  /** Any one of them: a screen that offers several actions is shown when one of them is allowed. */
  mayAny(rights: readonly OperatorRight[]): boolean;
  /**
   * Writes to the ledger at all: every audited action does (its entry at least), so a team
   * ledger's viewer, who holds no right, is offered none of them (a sync, a saved view).
   */
  readonly writes: boolean;
}

/**
 * The core checks every action again; this only decides what the screen offers. Solo mode answers
 * every right from the core, so it shows everything as a single user's console always did.
 */
export function rightsOf(me: OperatorMe | undefined | null): OperatorRights {
  const held = new Set<OperatorRight>(me?.rights ?? []);
  const may = (right: OperatorRight) => held.has(right);
  return {
    known: me !== undefined && me !== null,
    team: me?.mode === 'team',
    me: me ?? null,
    may,
    mayAny: (rights) => rights.some(may),
    writes: held.size > 0,
  };
}
