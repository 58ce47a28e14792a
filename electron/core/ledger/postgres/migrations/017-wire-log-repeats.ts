/** SQLite migration 17 in PostgreSQL's idiom: a repeated exchange is counted on the entry it repeats. */
import type { PostgresMigration } from '../migration.ts';

export const wireLogRepeats: PostgresMigration = {
  version: 17,
  name: 'wire log repeats',
  sql: `
    ALTER TABLE wire_log ADD COLUMN repeats integer NOT NULL DEFAULT 1 CHECK (repeats >= 1);
    ALTER TABLE wire_log ADD COLUMN last_at timestamptz;
  `,
};
