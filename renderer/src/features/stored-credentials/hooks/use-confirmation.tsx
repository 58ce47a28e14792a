import { useCallback, useState, type ReactElement } from 'react';
import { ConfirmDialog, type ConfirmLine } from '../../../components/ConfirmDialog.tsx';

export interface ConfirmationRequest {
  readonly title: string;
  readonly body: string;
  readonly confirmLabel: string;
  readonly lines: readonly ConfirmLine[];
  readonly run: () => void;
}

/** One confirmation dialog per section: ask for it with what will happen, run on confirm. */
export function useConfirmation(): [ReactElement, (request: ConfirmationRequest) => void] {
  const [request, setRequest] = useState<ConfirmationRequest | null>(null);
  const cancel = useCallback(() => setRequest(null), []);
  const dialog = (
    <ConfirmDialog
      open={request !== null}
      title={request?.title ?? ''}
      body={request?.body ?? ''}
      confirmLabel={request?.confirmLabel ?? ''}
      lines={request?.lines ?? []}
      onConfirm={() => {
        const confirmed = request;
        setRequest(null);
        confirmed?.run();
      }}
      onCancel={cancel}
    />
  );
  return [dialog, setRequest];
}
