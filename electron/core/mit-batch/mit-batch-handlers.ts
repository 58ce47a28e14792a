/** The mitbatch:* channels: thin calls into the batch engine. */
import type { Handlers } from '../door.ts';
import { NotSupportedError } from '../errors.ts';

type MitBatchChannel = 'mitbatch:preview' | 'mitbatch:start' | 'mitbatch:pause' | 'mitbatch:resume' | 'mitbatch:cancel' | 'mitbatch:list' | 'mitbatch:get' | 'mitbatch:rows' | 'mitbatch:export';

export function createMitBatchHandlers(): Pick<Handlers, MitBatchChannel> {
  const pending = () => Promise.reject(new NotSupportedError('Batches of merchant-initiated charges are being built'));
  return {
    'mitbatch:preview': pending,
    'mitbatch:start': pending,
    'mitbatch:pause': pending,
    'mitbatch:resume': pending,
    'mitbatch:cancel': pending,
    'mitbatch:list': pending,
    'mitbatch:get': pending,
    'mitbatch:rows': pending,
    'mitbatch:export': pending,
  };
}
