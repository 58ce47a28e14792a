/**
 * Calls whose answer only matters while they are their caller's newest of their kind (the list's
 * totals: the operator typed on, and the screen shows the newest filters' only). Starting one
 * aborts the signal of the same caller's previous one still running, so the core stops spending
 * time on it where it can.
 */
export class LatestCalls {
  readonly #running = new Map<string, AbortController>();

  /** A signal for the call `caller` starts now; call `done` when it has its answer. */
  start(caller: string): { readonly signal: AbortSignal; done(): void } {
    this.#running.get(caller)?.abort();
    const controller = new AbortController();
    this.#running.set(caller, controller);
    return {
      signal: controller.signal,
      done: () => {
        if (this.#running.get(caller) === controller) this.#running.delete(caller);
      },
    };
  }
}
