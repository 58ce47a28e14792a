/**
 * Malformed inputs for one channel, derived from its zod schema: a valid-looking base input with
 * one or a few fields bent (wrong types, huge or odd unicode strings, negative and fractional
 * amounts, unknown currencies, out-of-range numbers), fields dropped, keys added (extra ones and
 * prototype-pollution keys), values nested very deep, or the whole input replaced. The values are
 * what Electron's structured clone, browser mode's JSON and the CLI can carry.
 */
import fc from 'fast-check';
import { isCurrencyCode } from '../../../shared/money/currencies.ts';
import type { FieldInfo, FieldKind } from './schema-fields.ts';

type Input = Record<string, unknown>;

const HUGE_LENGTHS = [257, 4_097, 70_000, 1_000_000];

function deep(depth: number, kind: 'array' | 'object'): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { a: value };
  return value;
}

/** Own `__proto__` / `constructor` / `prototype` keys, as JSON.parse (browser mode, CLI) produces them. */
function pollutionObject(): Input {
  return JSON.parse('{"__proto__":{"polluted":true,"isAdmin":true},"constructor":{"prototype":{"polluted":true}},"prototype":{"polluted":true}}') as Input;
}

const hugeString = fc.tuple(fc.constantFrom(...HUGE_LENGTHS), fc.constantFrom('x', '9', 'é', '😀', '\u0000', ' ')).map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)));

const oddString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\t\n',
    '\u0000',
    'a\u0000b',
    '\uD800',
    '\u202Eevil\u202C',
    '\u200B\u200B',
    'ＥＵＲ',
    'Ⅻ',
    '../../../etc/passwd',
    "'; DROP TABLE payments; --",
    '" OR 1=1 --',
    '"*" NEAR(a b)',
    'AND OR NOT',
    '%s%s%n',
    '${process.exit()}',
    '<script>alert(1)</script>',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'http://169.254.169.254/latest/meta-data/',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
  ),
  hugeString,
);

/** Values no field of the contract takes at all (or takes only in another type). */
const exotic = fc.constantFrom<unknown>(
  null,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  2 ** 53 + 1,
  -(2 ** 31),
  1e308,
  10n,
  -1n,
  new Date(0),
  new Date(Number.NaN),
  new Map([['a', 1]]),
  new Set([1]),
  new Uint8Array([1, 2, 3]),
  [],
  [1, 2],
  {},
  true,
  false,
);

const badAmount = fc.oneof(
  fc.constantFrom<unknown>('-1.00', '-0.01', '-0', '1.234', '0.001', '1e3', '1E-2', '0x10', '01.00', '1,00', ' 1', '1 ', '1.', '.5', '+1', 'NaN', 'Infinity', '٣٫٠٠', '１０', '99999999999999999999999.99', '1_000', ''),
  fc.integer({ min: -1_000_000, max: -1 }).map((minor) => `${(minor / 100).toFixed(2)}`),
  fc.integer({ min: 1, max: 1_000_000 }).map((minor) => `${minor}.${String(minor % 1000).padStart(3, '0')}`),
  fc.double({ noNaN: true, min: -1e6, max: 1e6 }).filter((value) => !Number.isInteger(value)),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
);

const unknownCurrency = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('')), minLength: 3, maxLength: 3 }).filter((code) => !isCurrencyCode(code)),
  fc.constantFrom<unknown>('eur', 'Eur', 'EURO', 'EU', '', 'E\u0301UR', 'ＥＵＲ', 'BTC', 'XBT', 978, ' EUR', 'EUR\u0000'),
);

const badInt = fc.oneof(
  fc.constantFrom<unknown>(-1, 0, 1.5, -0.5, 13, 2101, 1999, 2 ** 31, 2 ** 53 + 2, '10', '1e2', true),
  fc.double({ noNaN: true }).filter((value) => !Number.isSafeInteger(value)),
  fc.integer({ min: -2_000_000_000, max: -1 }),
);

const badId = fc.oneof(
  fc.constantFrom<unknown>('', ' ', 'a b', 'a/b', '../x', 'x'.repeat(65), 'ünï', 'id\u0000', '*', "' OR '1'='1"),
  fc.string({ unit: fc.constantFrom(...'!@#$%^&*()[]{}|\\;"\',<>?/`~ '.split('')), minLength: 1, maxLength: 10 }),
);

/** A syntactically valid id that names nothing in this ledger (a lookup that must find nothing). */
export const unknownId = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789_-'.split('')), minLength: 1, maxLength: 40 }).map((id) => `nx_${id}`);

function wrongType(kind: FieldKind): fc.Arbitrary<unknown> {
  const notString = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }), exotic);
  const notNumber = fc.oneof(fc.string({ maxLength: 10 }), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.constant({}), exotic);
  switch (kind) {
    case 'int':
    case 'number':
      return notNumber;
    case 'boolean':
      return fc.oneof(fc.constantFrom<unknown>('true', 'false', 1, 0, null, 'yes'), exotic);
    case 'object':
    case 'record':
      return fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.constant(null), fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 3 }), exotic);
    case 'array':
      return fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.constant(null), fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }), exotic);
    default:
      return notString;
  }
}

function badValue(field: FieldInfo): fc.Arbitrary<unknown> {
  const nesting = fc.tuple(fc.integer({ min: 50, max: 5_000 }), fc.constantFrom<'array' | 'object'>('array', 'object')).map(([depth, shape]) => deep(depth, shape));
  const specific: Partial<Record<FieldKind, fc.Arbitrary<unknown>>> = {
    amount: badAmount,
    currency: unknownCurrency,
    int: badInt,
    number: badInt,
    id: badId,
    string: oddString,
    enum: fc.oneof(fc.constantFrom<unknown>('', 'unknown', 'SALE', 'Sale ', 'sale\u0000'), ...(field.values.length ? [fc.constantFrom(...field.values).map((value) => value.toUpperCase() === value ? value.toLowerCase() : value.toUpperCase())] : []), oddString),
    array: fc.oneof(fc.array(fc.anything({ maxDepth: 2 }), { minLength: 1, maxLength: 5 }), fc.integer({ min: 501, max: 20_000 }).map((length) => Array.from({ length }, (_, index) => `nx_${index}`)), fc.constant([[[[]]]])),
    record: fc.oneof(
      fc.constant(pollutionObject()),
      fc.integer({ min: 33, max: 500 }).map((count) => Object.fromEntries(Array.from({ length: count }, (_, index) => [`k${index}`, index]))),
      fc.dictionary(oddString, fc.oneof(fc.anything({ maxDepth: 3 }), exotic), { minKeys: 1, maxKeys: 4 }),
      fc.constant({ ['k'.repeat(65)]: 'v' }),
    ),
    object: fc.oneof(fc.constant(pollutionObject()), fc.constant({}), fc.dictionary(fc.string({ maxLength: 8 }), fc.anything({ maxDepth: 2 }), { maxKeys: 4 })),
    boolean: wrongType('boolean'),
  };
  return fc.oneof({ weight: 3, arbitrary: specific[field.kind] ?? oddString }, { weight: 2, arbitrary: wrongType(field.kind) }, { weight: 1, arbitrary: exotic }, { weight: 1, arbitrary: nesting });
}

/** Sets, deletes or adds keys without going through `__proto__` setters. */
function withField(base: Input, name: string, value: unknown): Input {
  const copy: Input = { ...base };
  Object.defineProperty(copy, name, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

function without(base: Input, name: string): Input {
  const copy: Input = { ...base };
  delete copy[name];
  return copy;
}

function bendOne(base: Input, fields: readonly FieldInfo[]): fc.Arbitrary<{ input: Input; change: string }> {
  if (fields.length === 0) return fc.constant({ input: base, change: 'none' });
  return fc.constantFrom(...fields).chain((field) => {
    const nested = base[field.name];
    const options: Array<fc.Arbitrary<{ input: Input; change: string }>> = [badValue(field).map((value) => ({ input: withField(base, field.name, value), change: `${field.name}: bad ${field.kind}` }))];
    if (field.required) options.push(fc.constant({ input: without(base, field.name), change: `${field.name}: missing` }));
    if (field.kind === 'object' && field.fields.length && nested !== null && typeof nested === 'object' && !Array.isArray(nested)) {
      options.push(bendOne(nested as Input, field.fields).map(({ input, change }) => ({ input: withField(base, field.name, input), change: `${field.name}.${change}` })));
    }
    return fc.oneof(...options);
  });
}

const extraKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'isAdmin', 'operator', 'origin', ''), fc.string({ minLength: 1, maxLength: 12 }));

/**
 * Odd text the schema may well accept (unicode, search syntax, injection-looking strings) in one
 * string field: what reading channels must survive with a typed answer (a search, a cursor).
 */
export function oddText(base: Input, fields: readonly FieldInfo[]): fc.Arbitrary<{ input: unknown; change: string }> | null {
  const strings = fields.filter((field) => field.kind === 'string');
  if (strings.length === 0) return null;
  const text = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 60 }),
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.constantFrom('"', '""', '*', 'a*', 'NEAR(', 'AND', 'a OR', '-', '^', '(', ')', ':', 'x:y', '{a b}', "'", '\\', '%', '_', '\u0000', 'é', 'ß', 'İ', '😀', '\u202E', 'a'.repeat(200), '2026-13-45T99:99:99Z', 'eyJ4Ijp0cnVlfQ', 'MTIzNA==', 'null', 'NaN'),
  );
  return fc.tuple(fc.constantFrom(...strings), text).map(([field, value]) => ({ input: withField(base, field.name, value), change: `${field.name}: odd text` }));
}

/** Every way the fuzz bends an input of this channel. */
export function malformedInput(base: Input, fields: readonly FieldInfo[]): fc.Arbitrary<{ input: unknown; change: string }> {
  return fc.oneof(
    { weight: 6, arbitrary: bendOne(base, fields) },
    {
      weight: 2,
      arbitrary: fc.array(fc.constant(null), { minLength: 2, maxLength: 4 }).chain((rounds) =>
        rounds.reduce<fc.Arbitrary<{ input: Input; change: string }>>((acc) => acc.chain(({ input, change }) => bendOne(input, fields).map((next) => ({ input: next.input, change: `${change}; ${next.change}` }))), fc.constant({ input: base, change: 'several' })),
      ),
    },
    { weight: 2, arbitrary: fc.tuple(extraKey, fc.oneof(fc.anything({ maxDepth: 2 }), exotic)).map(([key, value]) => ({ input: withField(base, key, value), change: `extra key ${JSON.stringify(key)}` })) },
    { weight: 1, arbitrary: fc.constant({ input: { ...base, ...pollutionObject() }, change: 'prototype-pollution keys' }) },
    { weight: 1, arbitrary: fc.constant({ input: Object.assign(pollutionObject(), base), change: 'base over prototype-pollution keys' }) },
    {
      weight: 1,
      arbitrary: fc.oneof(
        fc.anything({ maxDepth: 3 }),
        exotic,
        oddString,
        fc.tuple(fc.integer({ min: 1_000, max: 20_000 }), fc.constantFrom<'array' | 'object'>('array', 'object')).map(([depth, shape]) => deep(depth, shape)),
      ).map((input) => ({ input, change: 'whole input replaced' })),
    },
  );
}

export { deep, pollutionObject, withField };
