/**
 * The end of a unit of work, as a promise others can wait on (`Ledger.unitSettled`): settled once,
 * when the unit commits or rolls back. (Promise.withResolvers is newer than the ES2023 the core targets.)
 */
export interface UnitSettlement {
  readonly promise: Promise<void>;
  settle(): void;
}

export function unitSettlement(): UnitSettlement {
  let settle = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    settle = resolve;
  });
  return { promise, settle };
}
