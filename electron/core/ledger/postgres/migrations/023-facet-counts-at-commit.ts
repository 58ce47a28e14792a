/**
 * The per-day counts of the list's filters (payment_facets, migration 16) are moved when the unit
 * of work commits, not when its payment row changes. Each count is one row that every payment of
 * that day, gateway and status shares, so a unit changing a payment held that row's lock from the
 * change to its commit, and then took the audit log's advisory lock to append its entry; a unit
 * that had appended first and changed a payment of the same group next waited for the row while
 * holding the lock the other wanted. PostgreSQL found hundreds of such deadlocks in a run of two
 * consoles charging one batch; each cost a unit's work and a retry. At commit, a unit has appended
 * whatever it appends, so every unit takes the audit lock before any count row.
 */
import type { PostgresMigration } from '../migration.ts';

const FACET_COLUMNS = ['profile_id', 'gateway_id', 'environment', 'method', 'kind', 'currency', 'status'] as const;

export const facetCountsAtCommit: PostgresMigration = {
  version: 23,
  name: 'facet counts at commit',
  sql: `
    DROP TRIGGER payment_facets_count ON payments;
    CREATE CONSTRAINT TRIGGER payment_facets_count AFTER INSERT OR DELETE OR UPDATE OF created_at, ${FACET_COLUMNS.join(', ')} ON payments
      DEFERRABLE INITIALLY DEFERRED
      FOR EACH ROW EXECUTE FUNCTION payment_facets_count();
  `,
};
