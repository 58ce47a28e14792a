/** A renderer `call` answering each channel from a script, recording what it was asked: the core's door seen from a store. */
import type { ChannelInput, ChannelName, ChannelOutput } from '../../shared/ipc/contract.ts';
import type { Envelope } from '../../shared/ipc/envelope.ts';
import type { CallFn } from '../../renderer/src/api/client.ts';

export type ScriptedAnswers = Partial<{ [C in ChannelName]: (input: ChannelInput<C>) => Promise<Envelope<ChannelOutput<C>>> }>;

export function scriptedCall(answers: ScriptedAnswers): { call: CallFn; calls: Array<{ channel: ChannelName; input: unknown }> } {
  const calls: Array<{ channel: ChannelName; input: unknown }> = [];
  const call = (async (channel: ChannelName, input: unknown) => {
    calls.push({ channel, input });
    const answer = answers[channel] as ((input: unknown) => Promise<Envelope<unknown>>) | undefined;
    if (!answer) return { ok: false, error: { kind: 'not_found', message: `No handler for ${channel}` } };
    return answer(input);
  }) as CallFn;
  return { call, calls };
}
