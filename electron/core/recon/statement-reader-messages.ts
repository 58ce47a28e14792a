/** What the owning thread and the statement-reading thread say to each other. */
import type { StatementProgress, StatementReport } from './statement-reader.ts';
import type { StatementRowColumns } from './statement-row-columns.ts';

/** An error as it crosses threads: its class by name, and a console error's kind and fields. */
export interface ErrorAcross {
  readonly name: string;
  readonly message: string;
  readonly kind: string | null;
  readonly fields: Record<string, string> | null;
}

export type ToReader =
  | { readonly type: 'chunk'; readonly bytes: Uint8Array }
  | { readonly type: 'end' }
  /** A block of this many rows was taken: the reader may send as many more. */
  | { readonly type: 'taken'; readonly rows: number };

export type FromReader =
  | { readonly type: 'pull' }
  | { readonly type: 'rows'; readonly columns: StatementRowColumns }
  | { readonly type: 'progress'; readonly progress: StatementProgress }
  | { readonly type: 'report'; readonly report: StatementReport }
  | { readonly type: 'error'; readonly error: ErrorAcross };
