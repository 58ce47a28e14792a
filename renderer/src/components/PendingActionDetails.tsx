import type { PaymentSummary } from '../../../shared/ipc/contract.ts';

type PendingAction = NonNullable<PaymentSummary['pendingAction']>;

/** What the gateway still wants done (3-D Secure, redirect, reference to pay), to finish outside the console. */
export function PendingActionDetails({ action }: { action: PendingAction }) {
  return (
    <div className="pending-action" data-testid="pending-action" data-action-type={action.type}>
      <p>{action.message}</p>
      {action.url && (
        <p className="mono wrap">
          {action.method ?? 'GET'} {action.url}
        </p>
      )}
      {action.parameters.length > 0 && (
        <dl className="parameters">
          {action.parameters.map((parameter) => (
            <div key={parameter.name}>
              <dt className="mono">{parameter.name}</dt>
              <dd className="mono wrap">{parameter.value}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}
