import { describeReference, type ReferenceField } from '../format/reference-input.ts';
import { useT } from '../i18n/locale-store.ts';

/** Under a reference field: what the active gateway takes, in words, before anything is typed. */
export function ReferenceHint({ id, field, testId }: { id: string; field: ReferenceField; testId: string }) {
  const t = useT();
  return (
    <span id={id} className="hint" data-testid={testId}>
      {describeReference(field, t)}
    </span>
  );
}
