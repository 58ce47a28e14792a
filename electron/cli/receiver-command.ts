/**
 * `payments-console receiver --config FILE`: the team's webhook receiver service in the
 * foreground, as systemd or a container runs it. Logs one JSON line per event on stderr. On SIGTERM
 * or SIGINT it stops accepting deliveries, lets those in flight finish, closes the ledger and exits 0.
 */
import { readReceiverConfig } from '../core/receiver/receiver-config.ts';
import { startReceiverService } from '../core/receiver/receiver-service.ts';
import type { Logger } from '../core/ports.ts';

export class ReceiverUsageError extends Error {}

export const RECEIVER_USAGE = 'usage: payments-console receiver --config FILE';

export function receiverArguments(args: readonly string[]): { configFile: string } {
  const at = args.indexOf('--config');
  const configFile = at >= 0 ? args[at + 1] : undefined;
  if (configFile === undefined || configFile.startsWith('--') || args.length !== 2) throw new ReceiverUsageError(RECEIVER_USAGE);
  return { configFile };
}

export async function runReceiver(args: { configFile: string }, logger: Logger): Promise<number> {
  const config = readReceiverConfig(args.configFile);
  const service = await startReceiverService({ config, logger });
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  logger.info('receiver stopping', { signal });
  await service.close();
  return 0;
}
