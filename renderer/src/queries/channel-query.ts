import { infiniteQueryOptions, queryOptions, type InfiniteData } from '@tanstack/react-query';
import type { ChannelInput, ChannelName, ChannelOutput } from '../../../shared/ipc/contract.ts';
import type { ErrorShape } from '../../../shared/ipc/envelope.ts';
import type { CallFn } from '../api/client.ts';

/**
 * A call's error envelope, thrown so the query cache records it as the query's error; screens read
 * the envelope's shape back with `errorShapeOf`.
 */
export class ChannelError extends Error {
  readonly shape: ErrorShape;
  constructor(shape: ErrorShape) {
    super(shape.message);
    this.shape = shape;
  }
}

export function errorShapeOf(error: unknown): ErrorShape | null {
  if (error === null || error === undefined) return null;
  if (error instanceof ChannelError) return error.shape;
  return { kind: 'connection', message: error instanceof Error ? error.message : String(error) };
}

/** Every cached answer is keyed by the channel that gave it and the input it was asked with. */
export function channelKey<C extends ChannelName>(channel: C, input: ChannelInput<C>): readonly [C, ChannelInput<C>] {
  return [channel, input] as const;
}

export async function fetchChannel<C extends ChannelName>(call: CallFn, channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const answer = await call(channel, input);
  if (!answer.ok) throw new ChannelError(answer.error);
  return answer.value;
}

export function channelQuery<C extends ChannelName>(call: CallFn, channel: C, input: ChannelInput<C>) {
  return queryOptions({ queryKey: channelKey(channel, input), queryFn: () => fetchChannel(call, channel, input) });
}

/** Channels paged by a keyset cursor: the input takes `cursor`, the answer gives `nextCursor` (null on the last page). */
type KeysetChannel = {
  [C in ChannelName]: ChannelInput<C> extends { cursor?: string | null } ? (ChannelOutput<C> extends { nextCursor: string | null } ? C : never) : never;
}[ChannelName];

export type KeysetPages<C extends KeysetChannel> = InfiniteData<ChannelOutput<C>>;

/** One cache entry per search (its input without a cursor); its pages are the cursor's steps. */
export function keysetQuery<C extends KeysetChannel>(call: CallFn, channel: C, input: ChannelInput<C>) {
  return infiniteQueryOptions({
    queryKey: channelKey(channel, input),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => fetchChannel(call, channel, pageParam === null ? input : { ...input, cursor: pageParam }),
    getNextPageParam: (last: ChannelOutput<C>) => (last as { nextCursor: string | null }).nextCursor,
  });
}
