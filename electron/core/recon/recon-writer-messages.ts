/** What the core's thread and an import's writing thread say to each other (recon-writer-thread.ts, recon-writer-worker.ts). */
import type { ReconRowBatch } from '../ledger/recon-types.ts';

export interface ReconWriterData {
  /** The SQLite ledger file, migrated by the core's own connection. */
  readonly path: string;
}

export interface ToWriter {
  readonly id: number;
  readonly sessionId: string;
  readonly batch: ReconRowBatch;
}

export type FromWriter = { readonly id: number; readonly ok: true } | { readonly id: number; readonly ok: false; readonly error: { readonly name: string; readonly message: string } };
