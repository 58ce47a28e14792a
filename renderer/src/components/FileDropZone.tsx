import { useState, type ReactNode } from 'react';

/**
 * A CSV chosen with the file picker or dropped on the zone around it; `onFile` gets either (or
 * undefined when the picker was cleared). What the file said or what is wrong with it goes in
 * `children`. Test ids: `<testId>-drop` on the zone, `<testId>-file` on the input.
 */
export function FileDropZone(props: { inputId: string; label: string; hint: string; disabled: boolean; onFile: (file: File | undefined) => void; testId: string; children?: ReactNode }) {
  const { inputId, label, hint, disabled, onFile, testId, children } = props;
  const [dragging, setDragging] = useState(false);
  return (
    <div
      className={`recon-drop${dragging ? ' recon-drop-active' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        onFile(event.dataTransfer.files[0]);
      }}
      data-testid={`${testId}-drop`}
    >
      <label htmlFor={inputId}>{label}</label>{' '}
      <input id={inputId} type="file" accept=".csv,.txt,text/csv,text/plain" disabled={disabled} onChange={(event) => onFile(event.target.files?.[0])} data-testid={`${testId}-file`} />
      <p className="hint">{hint}</p>
      {children}
    </div>
  );
}
