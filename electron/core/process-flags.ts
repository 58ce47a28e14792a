/**
 * V8 flags the core's process starts with. A large young generation: a reconciliation import or a
 * bulk run allocates millions of short-lived rows, and with the default (16 MB semi-spaces) most
 * of them survive a scavenge into the old generation and are then collected by full mark-compact
 * passes over a heap holding a million-payment index. Measured on a 1,000,000-row match: 15.1 s
 * with the default, 12.4 s with 64 MB; the cost is up to 3 × 64 MB more resident memory at peak.
 */
export const CORE_PROCESS_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
