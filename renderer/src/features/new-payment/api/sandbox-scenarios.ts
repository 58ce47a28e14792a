import type { ChannelOutput } from '../../../../../shared/ipc/contract.ts';
import type { Envelope } from '../../../../../shared/ipc/envelope.ts';
import { call } from '../../../api/client.ts';

export type SandboxInfo = ChannelOutput<'sandbox:info'>;

export function loadSandboxScenarios(): Promise<Envelope<SandboxInfo>> {
  return call('sandbox:info', {});
}
