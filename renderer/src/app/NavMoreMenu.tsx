import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useT } from '../i18n/locale-store.ts';

/**
 * The screens the top bar has no room for, behind one "More" button (the disclosure pattern): a
 * list of links under it, opened by click, Enter or Space, closed by Escape (focus back on the
 * button), by a click elsewhere, or by following a link. While one of its screens is open the
 * button names it, so the operator still sees where they are.
 */
export function NavMoreMenu({ currentLabel, routeName, children }: { currentLabel: string | null; routeName: string; children: ReactNode }) {
  const t = useT();
  const listId = useId();
  const [open, setOpen] = useState(false);
  const container = useRef<HTMLLIElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => setOpen(false), [routeName]);

  useEffect(() => {
    if (!open) return undefined;
    const closeOutside = (event: PointerEvent) => {
      if (!container.current?.contains(event.target as Node)) setOpen(false);
    };
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('pointerdown', closeOutside);
    document.addEventListener('keydown', closeOnEscape);
    return () => {
      document.removeEventListener('pointerdown', closeOutside);
      document.removeEventListener('keydown', closeOnEscape);
    };
  }, [open]);

  return (
    <li className="nav-more" ref={container}>
      <button
        ref={button}
        type="button"
        className={currentLabel === null ? 'nav-more-button' : 'nav-more-button nav-more-current'}
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen(!open)}
        data-testid="nav-more"
      >
        {currentLabel === null ? t('nav.more') : t('nav.moreCurrent', { screen: currentLabel })}
        <span aria-hidden="true"> ▾</span>
      </button>
      <ul id={listId} className="nav-more-list" hidden={!open} onClick={() => setOpen(false)}>
        {children}
      </ul>
    </li>
  );
}
