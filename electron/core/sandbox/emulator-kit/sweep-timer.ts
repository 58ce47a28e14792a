/**
 * The timer that applies what time decides in an emulator (expired pages, due instalments,
 * settled payments) even when no request comes. The interval is read again before each wait, so
 * a settings change at run time takes effect from the next tick; the timer never keeps the
 * process alive.
 */
export interface SweepTimer {
  stop(): void;
}

export function startSweepTimer(sweep: () => void, intervalMs: () => number): SweepTimer {
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  function arm(): void {
    timer = setTimeout(() => {
      sweep();
      if (!stopped) arm();
    }, intervalMs());
    timer.unref();
  }
  arm();
  return {
    stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
    },
  };
}
