import { useEffect, useRef, type RefObject } from 'react';

/** Calls `onIdle` once `idleMs` pass without typing or clicking inside the element. */
export function useIdleTimer(target: RefObject<HTMLElement | null>, idleMs: number, onIdle: () => void): void {
  const latest = useRef(onIdle);
  useEffect(() => {
    latest.current = onIdle;
  }, [onIdle]);
  useEffect(() => {
    const element = target.current;
    if (!element) return;
    let timer = window.setTimeout(() => latest.current(), idleMs);
    const restart = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => latest.current(), idleMs);
    };
    const activity = ['input', 'keydown', 'pointerdown', 'focusin'] as const;
    for (const type of activity) element.addEventListener(type, restart);
    return () => {
      window.clearTimeout(timer);
      for (const type of activity) element.removeEventListener(type, restart);
    };
  }, [target, idleMs]);
}
