/**
 * One step of the PostgreSQL ledger schema. Applied once, in its own transaction together with
 * its row in `schema_migrations`, in version order. PostgreSQL's DDL is transactional, so a step
 * is plain SQL text: it either lands whole or not at all.
 */
export interface PostgresMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}
