import type { ChannelInput, ChannelOutput } from '../../../../../shared/ipc/contract.ts';
import type { Envelope } from '../../../../../shared/ipc/envelope.ts';
import { call } from '../../../api/client.ts';
import { consoleQueryClient } from '../../../queries/query-client.ts';
import { operatorsChanged } from '../queries/operators-queries.ts';

/** Adds an operator or changes one's role and rights; the list (and this operator's own rights) are read again once it is saved. */
export async function saveOperator(input: ChannelInput<'operators:save'>): Promise<Envelope<ChannelOutput<'operators:save'>>> {
  const answer = await call('operators:save', input);
  if (answer.ok) await operatorsChanged(consoleQueryClient, call);
  return answer;
}

export async function removeOperator(login: string): Promise<Envelope<ChannelOutput<'operators:remove'>>> {
  const answer = await call('operators:remove', { login });
  if (answer.ok) await operatorsChanged(consoleQueryClient, call);
  return answer;
}
