/**
 * Looking a statement's value up in a mapping's value table (statement-mapping.ts `valueTable`):
 * the file's value, compared trimmed and case-insensitively, to ours. Apart from the schema, so
 * the statement's reading thread runs mappings without loading zod.
 */

interface CompiledTable<T> {
  readonly exact: ReadonlyMap<string, T>;
  /** `prefix*` keys, longest prefix first, so the first that fits is the most specific. */
  readonly prefixes: ReadonlyArray<readonly [string, T]>;
  /** Answers by raw value: a statement has a handful of distinct status and kind values over millions of rows. */
  readonly answers: Map<string, T | null>;
  /** The last value looked up and its answer: rows come in runs of one status and one kind, and comparing beats hashing a new string. */
  lastRaw: string | null;
  lastAnswer: T | null;
}

const MAX_REMEMBERED_ANSWERS = 10_000;
const compiledTables = new WeakMap<object, CompiledTable<unknown>>();

function compiled<T>(table: Readonly<Record<string, T>>): CompiledTable<T> {
  let found = compiledTables.get(table) as CompiledTable<T> | undefined;
  if (found === undefined) {
    const exact = new Map<string, T>();
    const prefixes: Array<[string, T]> = [];
    for (const [key, target] of Object.entries(table)) {
      const lowered = key.trim().toLowerCase();
      if (lowered.endsWith('*')) prefixes.push([lowered.slice(0, -1), target]);
      else if (!exact.has(lowered)) exact.set(lowered, target);
    }
    prefixes.sort((a, b) => b[0].length - a[0].length);
    found = { exact, prefixes, answers: new Map(), lastRaw: null, lastAnswer: null };
    compiledTables.set(table, found as CompiledTable<unknown>);
  }
  return found;
}

/** Looks a value up in a value table (see `valueTable`): an exact key first, else the longest `prefix*` key; null when nothing matches. */
export function lookUpValue<T>(table: Readonly<Record<string, T>>, raw: string): T | null {
  const found = compiled(table);
  if (raw === found.lastRaw) return found.lastAnswer;
  const { exact, prefixes, answers } = found;
  let answer = answers.get(raw);
  if (answer === undefined && !answers.has(raw)) {
    const value = raw.trim().toLowerCase();
    answer = exact.get(value) ?? null;
    if (answer === null && !exact.has(value)) answer = prefixes.find(([prefix]) => value.startsWith(prefix))?.[1] ?? null;
    if (answers.size >= MAX_REMEMBERED_ANSWERS) answers.clear();
    answers.set(raw, answer);
  }
  found.lastRaw = raw;
  found.lastAnswer = answer ?? null;
  return answer ?? null;
}
