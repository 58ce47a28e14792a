import type { ErrorShape } from '../../../shared/ipc/envelope.ts';
import { useT } from '../i18n/locale-store.ts';

/** The envelope's message, then each field's message, announced to screen readers as they appear. */
export function ErrorNotice({ error, testId }: { error: ErrorShape | null; testId?: string }) {
  const t = useT();
  if (!error) return null;
  const fields = Object.entries(error.fields ?? {});
  return (
    <div className="notice notice-error" role="alert" data-testid={testId} data-error-kind={error.kind}>
      <p>{t('common.error', { message: error.message })}</p>
      {fields.length > 0 && (
        <ul>
          {fields.map(([field, message]) => (
            <li key={field}>{t('common.fieldError', { field, message })}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
