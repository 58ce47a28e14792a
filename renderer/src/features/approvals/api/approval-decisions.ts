import type { ChannelInput, ChannelOutput } from '../../../../../shared/ipc/contract.ts';
import type { Envelope } from '../../../../../shared/ipc/envelope.ts';
import { call } from '../../../api/client.ts';
import { consoleQueryClient } from '../../../queries/query-client.ts';
import { approvalsChanged, thresholdsQuery } from '../queries/approvals-queries.ts';

/** Approves (the core runs the refund through the journal, once) or rejects a request. */
export async function decideApproval(input: ChannelInput<'approvals:decide'>): Promise<Envelope<ChannelOutput<'approvals:decide'>>> {
  const answer = await call('approvals:decide', input);
  // Refused because someone else decided first: the queue is stale either way.
  await approvalsChanged(consoleQueryClient);
  return answer;
}

export async function saveThresholds(input: ChannelInput<'approvals:saveThresholds'>): Promise<Envelope<ChannelOutput<'approvals:saveThresholds'>>> {
  const answer = await call('approvals:saveThresholds', input);
  if (answer.ok) consoleQueryClient.setQueryData(thresholdsQuery(call).queryKey, answer.value);
  return answer;
}
