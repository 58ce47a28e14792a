/** Arguments every ledger backend refuses the same way, before touching the database. */

export function requirePageSize(what: string, limit: number): void {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`${what} page size must be a positive integer, got ${limit}`);
}

export function requireCount(what: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${what} must be a non-negative integer, got ${value}`);
}

/** The call-rate budget's arguments (CallRateRepository.tryRecordCall). */
export function requireCallBudget(limit: number, windowMs: number): void {
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`A call limit must be a non-negative integer, got ${limit}`);
  if (!Number.isInteger(windowMs) || windowMs <= 0) throw new RangeError(`A call window must be a positive number of milliseconds, got ${windowMs}`);
}
