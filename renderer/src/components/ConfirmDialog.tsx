import { useEffect, useRef, type ReactNode } from 'react';
import { useT } from '../i18n/locale-store.ts';

export interface ConfirmLine {
  readonly label: string;
  readonly value: ReactNode;
}

/**
 * A modal <dialog>: the browser traps focus and Esc cancels. Used before money moves on a
 * production profile, listing exactly what is about to happen.
 */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  body: string;
  lines: readonly ConfirmLine[];
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const t = useT();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const { open, onCancel } = props;

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    const cancel = (event: Event) => {
      event.preventDefault();
      onCancel();
    };
    dialog.addEventListener('cancel', cancel);
    return () => dialog.removeEventListener('cancel', cancel);
  }, [onCancel]);

  return (
    <dialog ref={dialogRef} className="confirm-dialog" aria-labelledby="confirm-dialog-title" data-testid="confirm-dialog">
      <h2 id="confirm-dialog-title">{props.title}</h2>
      <p className="confirm-body">{props.body}</p>
      <dl className="confirm-lines">
        {props.lines.map((line) => (
          <div key={line.label}>
            <dt>{line.label}</dt>
            <dd>{line.value}</dd>
          </div>
        ))}
      </dl>
      <div className="button-row">
        <button type="button" onClick={props.onCancel} autoFocus>
          {t('common.cancel')}
        </button>
        <button type="button" className="danger" onClick={props.onConfirm} data-testid="confirm-submit">
          {props.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
