/**
 * Writes a gateway's statement file line by line from its book's rows, planting the discrepancies
 * asked for, reproducibly from a seed. It streams (an async generator of lines) and keeps only the
 * planted rows' positions, so the bench can write a file of a million rows without holding it.
 */
import { PLANT_EXPECTED_CLASS, PLANT_KINDS, type Plant, type PlantKind, type PlantedDiscrepancy } from '../../../../shared/domain/sandbox-statement.ts';
import { ValidationError } from '../../errors.ts';
import type { ReportedField, StatementFormat, StatementRow, StatementRowStatus } from './statement-rows.ts';

/**
 * mulberry32: a small seeded generator, enough to choose rows reproducibly (not for secrets). The
 * only maintained one in the tree (pure-rand) arrives through a development dependency.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function randomInt(random: () => number, below: number): number {
  return Math.floor(random() * below);
}

/** `count` distinct integers below `total` (Floyd's algorithm: memory in the count, not the total). */
function distinctIndices(random: () => number, total: number, count: number): number[] {
  const chosen = new Set<number>();
  for (let j = total - count; j < total; j += 1) {
    const t = randomInt(random, j + 1);
    chosen.add(chosen.has(t) ? j : t);
  }
  return [...chosen].sort((a, b) => a - b);
}

function shuffle<T>(random: () => number, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = randomInt(random, i + 1);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

const ALTERING: readonly PlantKind[] = ['missing', 'amount', 'status', 'duplicate', 'fee'];
const ADDING: readonly PlantKind[] = ['other_merchant', 'unknown'];

/** How many of each kind a plan plants in a file of `total` booked rows. */
export function plantedCounts(plant: Plant, total: number): Record<PlantKind, number> {
  const result = {} as Record<PlantKind, number>;
  for (const kind of PLANT_KINDS) {
    const share = plant.shares?.[kind];
    result[kind] = share === undefined ? (plant.counts?.[kind] ?? 0) : Math.round(share * total);
  }
  const altered = ALTERING.reduce((sum, kind) => sum + result[kind], 0);
  if (altered > total) {
    throw new ValidationError(`The plan changes ${altered} rows but the period has ${total} booked`, { plant: 'More missing, amount, status, duplicate and fee rows than booked transactions' });
  }
  return result;
}

const OTHER_STATUS: Readonly<Record<StatementRowStatus, StatementRowStatus>> = { succeeded: 'failed', failed: 'succeeded', pending: 'succeeded' };

/** Lines are handed out in pieces of about this many characters, whole lines each. */
const PIECE_CHARS = 64 * 1024;

export interface StatementGeneration {
  /** The file in order, in pieces of whole lines of about 64 KiB. */
  readonly lines: AsyncGenerator<string>;
  /** Lines written after the header so far. */
  rows(): number;
  /** Filled as the lines are produced; complete once `lines` is done. */
  readonly manifest: PlantedDiscrepancy[];
}

export interface StatementGenerationOptions {
  readonly format: StatementFormat;
  readonly rows: Iterable<StatementRow> | AsyncIterable<StatementRow>;
  /** How many rows `rows` yields (a share needs it before the first line). */
  readonly total: number;
  readonly plant: Plant;
  readonly seed: number;
  readonly period: { readonly from: string; readonly to: string };
}

function cell(value: string, delimiter: string): string {
  const quoted = value.includes(delimiter) || value.includes('"') || value.includes('\n') || value.includes('\r');
  return quoted ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One CSV line (RFC 4180 quoting) with its line end. */
export function csvLine(values: readonly string[], delimiter: string, lineEnd: string): string {
  return `${values.map((value) => cell(value, delimiter)).join(delimiter)}${lineEnd}`;
}

export function generateStatement(options: StatementGenerationOptions): StatementGeneration {
  const { format, total, seed } = options;
  const counts = plantedCounts(options.plant, total);
  const random = seededRandom(seed);
  // Rows to alter, each with one kind, and rows after which to add one.
  const alteredKinds = shuffle(
    random,
    ALTERING.flatMap((kind) => Array.from({ length: counts[kind] }, () => kind)),
  );
  const alteredAt = new Map<number, PlantKind>();
  distinctIndices(random, total, alteredKinds.length).forEach((index, i) => alteredAt.set(index, alteredKinds[i] as PlantKind));
  const addedAfter = new Map<number, PlantKind[]>();
  for (const kind of ADDING) {
    for (let i = 0; i < counts[kind]; i += 1) {
      // With no booked row, added rows follow the header.
      const index = total === 0 ? -1 : randomInt(random, total);
      addedAfter.set(index, [...(addedAfter.get(index) ?? []), kind]);
    }
  }

  const manifest: PlantedDiscrepancy[] = [];
  // The file's line number of the last line written (the header is 1).
  let line = 1;
  const print = (row: StatementRow): string =>
    csvLine(
      format.columns.map((column) => column.value(row)),
      format.delimiter,
      format.lineEnd,
    );
  // The manifest quotes a changed field as the file prints it, in the column that reports it.
  const valueOf = (row: StatementRow, field: ReportedField): string => format.columns.find((column) => column.reports === field)?.value(row) ?? '';

  function addedRow(kind: PlantKind, template: StatementRow | null): StatementRow {
    const currency = template?.currency ?? format.defaultCurrency;
    const at = template?.at ?? new Date(`${options.period.from}T12:00:00Z`);
    const amountMinor = BigInt(100 + randomInt(random, 99_900));
    const id = format.newTransactionId(random);
    return {
      gatewayId: id,
      parentGatewayId: null,
      merchantReference: kind === 'unknown' ? `BO-${id.slice(-8)}` : `EXT-${id.slice(-8)}`,
      merchantAccount: kind === 'other_merchant' ? format.otherMerchantAccount : (template?.merchantAccount ?? format.otherMerchantAccount),
      type: 'sale',
      status: 'succeeded',
      gatewayStatus: null,
      currency,
      amountMinor,
      feeMinor: template === null ? 0n : template.feeMinor === 0n ? 0n : (amountMinor * template.feeMinor) / (template.amountMinor === 0n ? 1n : template.amountMinor),
      at,
      settlementDay: template?.settlementDay ?? null,
      method: template?.method ?? 'card',
    };
  }

  function* linesOf(row: StatementRow, index: number): Generator<string> {
    const kind = alteredAt.get(index);
    if (kind === undefined) {
      line += 1;
      yield print(row);
    } else {
      yield* planted(kind, row);
    }
    yield* added(index, row);
  }

  function* planted(kind: PlantKind, row: StatementRow): Generator<string> {
    const entry = { kind, expectedClass: PLANT_EXPECTED_CLASS[kind], gatewayTransactionId: row.gatewayId, merchantReference: row.merchantReference };
    if (kind === 'missing') {
      manifest.push({ ...entry, line: null, field: null, booked: null, reported: null });
    } else if (kind === 'duplicate') {
      line += 2;
      manifest.push({ ...entry, line, field: null, booked: null, reported: null });
      const text = print(row);
      yield text;
      yield text;
    } else {
      const changed = alter(kind, row);
      line += 1;
      manifest.push({ ...entry, line, field: changed.field, booked: valueOf(row, changed.field), reported: valueOf(changed.row, changed.field) });
      yield print(changed.row);
    }
  }

  function* added(index: number, template: StatementRow | null): Generator<string> {
    for (const kind of addedAfter.get(index) ?? []) {
      const row = addedRow(kind, template);
      line += 1;
      const field = kind === 'other_merchant' ? 'merchantAccount' : null;
      manifest.push({ kind, expectedClass: PLANT_EXPECTED_CLASS[kind], line, gatewayTransactionId: row.gatewayId, merchantReference: row.merchantReference, field, booked: null, reported: field === null ? null : valueOf(row, field) });
      yield print(row);
    }
  }

  async function* lines(): AsyncGenerator<string> {
    let piece = csvLine(
      format.columns.map((column) => column.header),
      format.delimiter,
      format.lineEnd,
    );
    for (const text of added(-1, null)) piece += text;
    let index = 0;
    // A synchronous book is read without awaiting each row: a million awaits cost seconds.
    const { rows } = options;
    if (Symbol.iterator in rows) {
      for (const row of rows) {
        for (const text of linesOf(row, index)) piece += text;
        index += 1;
        if (piece.length >= PIECE_CHARS) {
          yield piece;
          piece = '';
        }
      }
    } else {
      for await (const row of rows) {
        for (const text of linesOf(row, index)) piece += text;
        index += 1;
        if (piece.length >= PIECE_CHARS) {
          yield piece;
          piece = '';
        }
      }
    }
    if (piece !== '') yield piece;
    if (index !== total) throw new ValidationError(`The statement was told of ${total} rows and got ${index}`);
  }

  function alter(kind: PlantKind, row: StatementRow): { row: StatementRow; field: ReportedField } {
    if (kind === 'status') return { row: { ...row, status: OTHER_STATUS[row.status], gatewayStatus: null }, field: 'status' };
    const delta = BigInt(1 + randomInt(random, 499));
    if (kind === 'amount') {
      // Down when the amount allows it, so the changed amount stays positive.
      const amountMinor = row.amountMinor > delta && random() < 0.5 ? row.amountMinor - delta : row.amountMinor + delta;
      return { row: { ...row, amountMinor }, field: 'amount' };
    }
    return { row: { ...row, feeMinor: row.feeMinor + BigInt(1 + randomInt(random, 99)) }, field: 'fee' };
  }

  return { lines: lines(), manifest, rows: () => line - 1 };
}

/** The whole file and its manifest, for a control route or a channel (sandbox books are small). */
export async function statementText(options: StatementGenerationOptions): Promise<{ content: string; rows: number; manifest: PlantedDiscrepancy[] }> {
  const generation = generateStatement(options);
  const parts: string[] = [];
  for await (const piece of generation.lines) parts.push(piece);
  return { content: parts.join(''), rows: generation.rows(), manifest: generation.manifest };
}
