import type { PaymentSummary } from '../../../shared/ipc/contract.ts';
import { useT } from '../i18n/locale-store.ts';
import { CopyButton } from './CopyButton.tsx';

type PendingAction = NonNullable<PaymentSummary['pendingAction']>;

/** The action as text for a support colleague or the cardholder: method, URL, then each parameter. */
export function pendingActionAsText(action: PendingAction): string {
  const lines = action.url ? [`${action.method ?? 'GET'} ${action.url}`] : [];
  for (const parameter of action.parameters) lines.push(`${parameter.name}=${parameter.value}`);
  return lines.join('\n');
}

/**
 * What the gateway still wants done (3-D Secure, redirect), to finish outside the console. The URL
 * is text, never a link: the console window does not navigate anywhere, so the agent copies it.
 */
export function PendingActionDetails({ action }: { action: PendingAction }) {
  const t = useT();
  return (
    <div className="pending-action" data-testid="pending-action" data-action-type={action.type}>
      <p>{action.message}</p>
      {action.url && (
        <p className="pending-action-url">
          <span className="mono wrap" data-testid="pending-action-url">
            {action.method ?? 'GET'} {action.url}
          </span>{' '}
          <CopyButton text={() => action.url ?? ''} label={t('pendingAction.copyUrl')} testId="pending-action-copy-url" />
        </p>
      )}
      {action.parameters.length > 0 && (
        <>
          <dl className="parameters">
            {action.parameters.map((parameter) => (
              <div key={parameter.name}>
                <dt className="mono">{parameter.name}</dt>
                <dd className="mono wrap">{parameter.value}</dd>
              </div>
            ))}
          </dl>
          <CopyButton text={() => pendingActionAsText(action)} label={t('pendingAction.copyAll')} testId="pending-action-copy-all" />
        </>
      )}
    </div>
  );
}
