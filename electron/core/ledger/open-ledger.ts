/** Opens a workspace's ledger where Settings says it lives: the embedded SQLite file or a shared PostgreSQL database. */
import type { Ledger, LedgerLocation } from './port.ts';
import { openPostgresLedger } from './postgres/postgres-ledger.ts';
import { openSqliteLedgerPort } from './sqlite-port.ts';

export async function openLedger(location: LedgerLocation): Promise<Ledger> {
  switch (location.kind) {
    case 'sqlite':
      return openSqliteLedgerPort(location.path);
    case 'postgres':
      return openPostgresLedger(location);
  }
}
