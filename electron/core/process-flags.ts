/**
 * V8 flags the core's process starts with. A larger young generation than the default: a
 * reconciliation import or a bulk run allocates millions of short-lived rows, and with the
 * default (16 MB semi-spaces) most of them survive a scavenge into the old generation and are
 * then collected by full mark-compact passes over a heap holding a million-payment index.
 * Measured on a 1,000,000-row match: 15.1 s with the default, 12.4 s with 64 MB. Since the index
 * keeps its texts outside the heap (packed-strings.ts), 32 MB does as well or better (1,000,000-row
 * match, three runs each, CPU of all threads: 8.97–9.45 s against 9.80–10.67 s with 64 MB; whole
 * import: 11.75–13.35 s against 12.15–14.47 s) for about 150 MB less resident memory at peak.
 */
export const CORE_PROCESS_FLAGS: readonly string[] = ['--max-semi-space-size=32'];
