import type { DatabaseSync } from 'node:sqlite';

/** One step of the ledger schema. Applied once, in its own transaction, in version order. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: DatabaseSync): void;
}
