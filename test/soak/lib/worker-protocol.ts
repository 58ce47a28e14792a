/**
 * What a suite and a console process (workers/console-worker.ts) say to each other over the
 * child-process channel. The worker runs a whole core; the suite decides what it does and when it
 * dies.
 */
import type { TestedGatewayId } from '../../helpers/gateway-ids.ts';
import type { Envelope } from '../../../shared/ipc/envelope.ts';
import type { Action, StepReport } from './driver.ts';
import type { SoakLedger } from './ledger-snapshot.ts';

export interface WorkerConfig {
  readonly dataDir: string;
  readonly ledger: SoakLedger;
  readonly keychainService: string;
  /** The webhook receiver's port: fixed, so a restarted console gets the deliveries the emulators retry. 0 = any. */
  readonly notificationsPort: number;
  readonly requestTimeoutMs: number;
  /** Run the status poller every second, as the desktop app does. */
  readonly poller: boolean;
  /** The profile of each gateway the worker drives. */
  readonly profiles: Partial<Record<TestedGatewayId, string>>;
}

export type ToWorker =
  /** Opens the ledger and starts the core (recovery included). */
  | { readonly type: 'start' }
  /** One contract call; with `at` (epoch ms) it starts in that millisecond, not before. */
  | { readonly type: 'invoke'; readonly id: number; readonly channel: string; readonly input: unknown; readonly at?: number }
  /** Random operations on every configured gateway, one loop per gateway, until the process dies. */
  | { readonly type: 'drive' }
  /** One operation of this kind on this gateway (or a new payment when there is nothing to act on). */
  | { readonly type: 'step'; readonly id: number; readonly gatewayId: TestedGatewayId; readonly action: Action }
  /** Syncs every payment with an operation not final yet; answers how many are left. */
  | { readonly type: 'settle'; readonly id: number }
  | { readonly type: 'close' };

export type FromWorker =
  /** Modules loaded; waiting for `start`. */
  | { readonly type: 'loaded' }
  | { readonly type: 'ready'; readonly notificationsBaseUrl: string | null }
  | { readonly type: 'result'; readonly id: number; readonly envelope: Envelope<unknown>; readonly startedAt: number }
  | { readonly type: 'stepped'; readonly id: number; readonly report: StepReport }
  | { readonly type: 'settled'; readonly id: number; readonly unresolved: number; readonly synced: number }
  | { readonly type: 'failed'; readonly id: number; readonly message: string };
