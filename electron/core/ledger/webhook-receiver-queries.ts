/**
 * The team webhook receiver's settings (migration 20), written once for both backends
 * (dialect-sql.ts): one row, replaced whole by each save, removed when the URL is cleared.
 */
import { inDialect, type SqlDb } from './dialect-sql.ts';
import type { WebhookReceiverSettingsRepository } from './port.ts';
import { date, isoDate, text } from './row-reader.ts';

export function webhookReceiverSettingsRepository(db: Pick<SqlDb, 'dialect' | 'rows' | 'changed'>): WebhookReceiverSettingsRepository {
  const sql = (query: string): string => inDialect(db.dialect, query);
  return {
    async get() {
      const [row] = await db.rows(sql('SELECT public_base_url, updated_at, updated_by FROM webhook_receiver_settings WHERE id = 1'), []);
      return row === undefined ? null : { publicBaseUrl: text(row, 'public_base_url'), updatedAt: date(row, 'updated_at'), updatedBy: text(row, 'updated_by') };
    },
    async save({ publicBaseUrl, at, by }) {
      if (publicBaseUrl === null) {
        await db.changed(sql('DELETE FROM webhook_receiver_settings WHERE id = 1'), []);
        return;
      }
      await db.changed(
        sql(`INSERT INTO webhook_receiver_settings (id, public_base_url, updated_at, updated_by) VALUES (1, ?, ?, ?)
             ON CONFLICT (id) DO UPDATE SET public_base_url = excluded.public_base_url, updated_at = excluded.updated_at, updated_by = excluded.updated_by`),
        [publicBaseUrl, isoDate(at), by],
      );
    },
  };
}
