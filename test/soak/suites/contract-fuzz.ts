/**
 * Contract fuzz (the quality bar "bad input gets a clear error and changes nothing"): every
 * channel of shared/ipc/contract.ts through the door of a real core on the sandbox, with malformed
 * inputs derived from the channel's zod schema (fast-check). Counts crashes (the door throws or
 * answers something that is not an envelope, or the process sees an uncaught error), untyped errors
 * (kind `internal` or not one of envelope.ts's kinds), ledger changes after a refused call, and
 * prototype pollution.
 *
 * Nothing that could move money is sent valid: an input the schema accepts is sent to a channel
 * that changes state only when it names nothing real (so the core must answer "not found"), or
 * when it is one of the curated inputs the core itself must refuse (seed.ts).
 */
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { LEDGER_FILE } from '../../../electron/core/create-core.ts';
import { channels, CHANNEL_NAMES, type ChannelName } from '../../../shared/ipc/contract.ts';
import { ERROR_KINDS } from '../../../shared/ipc/envelope.ts';
import { removeDir, startTestCore, type TestCore } from '../../helpers/test-core.ts';
import { openLedgerDigest } from '../contract-fuzz/ledger-digest.ts';
import { malformedInput, oddText, unknownId } from '../contract-fuzz/malformed.ts';
import { fieldsOf } from '../contract-fuzz/schema-fields.ts';
import { baseInputs, beyondTheBalance, refusedByTheCore, seed, type Seeded } from '../contract-fuzz/seed.ts';

export type Setting = 'short' | 'full';

/** Short: enough that each of the contract's ~50 channels gets its share of inputs whatever the draw. */
const RUNS: Readonly<Record<Setting, number>> = { short: 2_000, full: 10_000 };
/** Cases each channel is sent before the random draws. */
const CASES_PER_CHANNEL = 6;
/** Draws of CASES_PER_CHANNEL a channel may take to find cases that can be sent. */
const MAX_ROUNDS_PER_CHANNEL = 20;

export const MUST_BE_ZERO = ['crashes', 'untyped_errors', 'ledger_changes', 'invalid_accepted', 'prototype_pollution'] as const;

/** Channels that change state other than by reading: a schema-valid input naming real objects is never sent to them. */
const CHANGES_STATE: ReadonlySet<ChannelName> = new Set([
  ...CHANNEL_NAMES.filter((name) => channels[name].sensitive),
  'sandbox:act',
]);

const ID_FIELDS = ['id', 'profileId', 'paymentId', 'tokenId', 'mandateId', 'targetId'];

export interface ContractFuzzResult {
  readonly name: 'contract-fuzz';
  readonly counts: Record<string, number>;
  /** Per channel: inputs sent, answered ok, refused (by kind). */
  readonly table: Record<string, Record<string, number>>;
  readonly examples: string[];
  readonly seed: number;
}

interface Case {
  readonly channel: ChannelName;
  readonly input: unknown;
  readonly change: string;
  /** Valid for the schema, but the core must refuse it (it is sent even though it names real objects). */
  readonly mustRefuse?: boolean;
}

function namesReal(input: unknown, seeded: Seeded, depth = 0): boolean {
  if (depth > 6 || input === null || typeof input !== 'object') return typeof input === 'string' && seeded.realIds.has(input);
  const values = Array.isArray(input) ? input : Object.values(input as Record<string, unknown>);
  return values.some((value) => namesReal(value, seeded, depth + 1));
}

function hasIdField(input: unknown): boolean {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return false;
  return ID_FIELDS.some((field) => Object.prototype.hasOwnProperty.call(input, field)) || Object.prototype.hasOwnProperty.call(input, 'paymentIds');
}

function summarize(input: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(input, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : typeof value === 'string' && value.length > 40 ? `${value.slice(0, 20)}…(${value.length} chars)` : value)) ?? String(input);
  } catch {
    text = `(${Object.prototype.toString.call(input)}, not JSON)`;
  }
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

function isEnvelope(value: unknown): value is { ok: true; value: unknown } | { ok: false; error: { kind: unknown; message: unknown } } {
  if (value === null || typeof value !== 'object') return false;
  const envelope = value as Record<string, unknown>;
  if (envelope['ok'] === true) return 'value' in envelope;
  if (envelope['ok'] !== false) return false;
  const error = envelope['error'] as Record<string, unknown> | undefined;
  return error !== undefined && typeof error === 'object' && error !== null && typeof error['message'] === 'string';
}

/** A channel's arbitrary: its base bent, or (for channels naming objects) the base aimed at nothing. */
/** Each channel's cases: malformed inputs, ids that name nothing, odd text. */
function channelArbitraries(seeded: Seeded): Array<fc.Arbitrary<Case>> {
  const bases = baseInputs(seeded);
  return CHANNEL_NAMES.map((channel) => {
    const base = bases[channel];
    const fields = fieldsOf(channels[channel].input);
    const malformed = malformedInput(base, fields).map(({ input, change }) => ({ channel, input, change }));
    const options: Array<fc.WeightedArbitrary<Case>> = [{ weight: 4, arbitrary: malformed }];
    const idFields = fields.filter((field) => field.kind === 'id' && field.name in base).map((field) => field.name);
    if (idFields.length) {
      const aimedAtNothing = fc.tuple(fc.constantFrom(...idFields), unknownId).map(([field, id]) => ({ channel, input: { ...base, [field]: id }, change: `${field}: names nothing` }));
      options.push({ weight: 1, arbitrary: aimedAtNothing });
    }
    const text = CHANGES_STATE.has(channel) ? null : oddText(base, fields);
    if (text) options.push({ weight: 2, arbitrary: text.map(({ input, change }) => ({ channel, input, change })) });
    return fc.oneof(...options);
  });
}

function caseArbitrary(seeded: Seeded): fc.Arbitrary<Case> {
  const perChannel = channelArbitraries(seeded);
  const refusals = beyondTheBalance(seeded).map(({ channel, input, why }): Case => ({ channel, input, change: why, mustRefuse: true }));
  return fc.oneof({ weight: perChannel.length, arbitrary: fc.oneof(...perChannel) }, { weight: 3, arbitrary: refusals });
}

export async function run(setting: Setting, options: { seed?: number; runs?: number } = {}): Promise<ContractFuzzResult> {
  const seedValue = options.seed ?? (Number(process.env['SOAK_SEED']) || Date.now() % 2_147_483_647);
  const counts: Record<string, number> = {
    ops: 0,
    crashes: 0,
    untyped_errors: 0,
    ledger_changes: 0,
    invalid_accepted: 0,
    prototype_pollution: 0,
    accepted: 0,
    refused: 0,
    skipped_valid: 0,
    audit_rows_on_refusal: 0,
  };
  // A Map: channel names such as "__proto__" are fuzzed too, and must not land on Object.prototype here.
  const table = new Map<string, Record<string, number>>();
  const examples: string[] = [];
  const note = (line: string) => {
    if (examples.length < 200 && !examples.includes(line)) examples.push(line);
  };
  const uncaught = (error: unknown) => {
    counts['crashes'] = (counts['crashes'] ?? 0) + 1;
    note(`process: uncaught ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  };
  process.on('uncaughtException', uncaught);
  process.on('unhandledRejection', uncaught);

  let t: TestCore | null = null;
  try {
    t = await startTestCore();
    const core = t;
    const seeded = await seed(core);
    const ledger = openLedgerDigest(join(core.dataDir, LEDGER_FILE));
    const profilesDigest = () => createHash('sha256').update(JSON.stringify(core.core.internals.profiles.list())).digest('hex');
    const auditRows = async () => (await core.core.internals.ledger.audit.list(1))[0]?.seq ?? 0;
    let digest = ledger.digest();
    let profiles = profilesDigest();
    const prototypeKeys = Reflect.ownKeys(Object.prototype).map(String).join(',');

    const send = async (item: Case, expectRefusal: boolean, curated: boolean): Promise<void> => {
      const label = item.channel.length > 40 ? `${item.channel.slice(0, 20)}…(${item.channel.length} chars)` : item.channel;
      const row = table.get(label) ?? Object.create(null) as Record<string, number>;
      table.set(label, row);
      const bump = (key: string) => {
        row[key] = (row[key] ?? 0) + 1;
        counts[key] = (counts[key] ?? 0) + 1;
      };
      bump('ops');
      const auditBefore = await auditRows();
      let envelope: unknown;
      try {
        envelope = await core.core.door.invoke(item.channel, item.input, { origin: 'cli', operator: 'contract-fuzz' });
      } catch (error) {
        bump('crashes');
        note(`${label} [${item.change}] ${summarize(item.input)} → the door threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
        return;
      }
      const keysNow = Reflect.ownKeys(Object.prototype).map(String).join(',');
      if (keysNow !== prototypeKeys) {
        bump('prototype_pollution');
        note(`${label} [${item.change}] ${summarize(item.input)} → Object.prototype now has ${keysNow}`);
      }
      if (!isEnvelope(envelope)) {
        bump('crashes');
        note(`${label} [${item.change}] ${summarize(item.input)} → not an envelope: ${summarize(envelope)}`);
        return;
      }
      const after = ledger.digest();
      if (envelope.ok) {
        bump('accepted');
        if (curated) {
          bump('invalid_accepted');
          note(`${label} [${item.change}] ${summarize(item.input)} → accepted`);
        }
        digest = after;
        profiles = profilesDigest();
        return;
      }
      bump('refused');
      const kind = envelope.error.kind;
      row[`kind:${String(kind)}`] = (row[`kind:${String(kind)}`] ?? 0) + 1;
      if (kind === 'internal' || typeof kind !== 'string' || !(ERROR_KINDS as readonly string[]).includes(kind)) {
        bump('untyped_errors');
        note(`${label} [${item.change}] ${summarize(item.input)} → ${String(kind)}: ${String(envelope.error.message)}`);
      }
      // A refusal may record itself (a live key tried on a test profile is worth a line); nothing else.
      const written = (await core.core.internals.ledger.audit.list(50)).filter((entry) => entry.seq > auditBefore);
      if (written.some((entry) => entry.outcome !== 'refused')) {
        counts['audit_rows_on_refusal'] = (counts['audit_rows_on_refusal'] ?? 0) + 1;
        note(`${label} [${item.change}] ${summarize(item.input)} → refused (${String(kind)}) but audited as ${written.map((entry) => `${entry.action} ${entry.outcome}`).join(', ')}`);
      }
      if (expectRefusal && after !== digest) {
        bump('ledger_changes');
        note(`${label} [${item.change}] ${summarize(item.input)} → refused (${String(kind)}) but the ledger changed`);
      }
      const profilesAfter = profilesDigest();
      if (expectRefusal && profilesAfter !== profiles) {
        bump('settings_changes');
        note(`${label} [${item.change}] ${summarize(item.input)} → refused (${String(kind)}) but the profiles changed`);
      }
      digest = after;
      profiles = profilesAfter;
    };

    for (const { channel, input, why } of refusedByTheCore(seeded)) await send({ channel, input, change: why }, true, true);
    for (const name of ['payments:steal', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'x'.repeat(10_000)]) {
      await send({ channel: name as ChannelName, input: {}, change: 'unknown channel' }, true, false);
    }

    /** Sends the case unless it could move money or change a profile; says whether it was sent. */
    const tryCase = async (item: Case): Promise<boolean> => {
      const parsed = channels[item.channel].input.safeParse(item.input);
      if (item.mustRefuse) {
        await send(item, true, true);
        return true;
      }
      if (parsed.success && CHANGES_STATE.has(item.channel) && (namesReal(item.input, seeded) || !hasIdField(item.input))) {
        // Valid for the schema and aimed at something real: it could move money or change a profile.
        counts['skipped_valid'] = (counts['skipped_valid'] ?? 0) + 1;
        return false;
      }
      const expectRefusal = !parsed.success || CHANGES_STATE.has(item.channel);
      await send(item, expectRefusal, false);
      return true;
    };
    // Every channel first gets a few cases of its own, however many channels share the random draws
    // after. Skipped draws do not count: a channel whose draws happen to be valid is drawn again.
    for (const [index, arbitrary] of channelArbitraries(seeded).entries()) {
      let sent = 0;
      for (let round = 0; sent < CASES_PER_CHANNEL && round < MAX_ROUNDS_PER_CHANNEL; round += 1) {
        const seedOfRound = seedValue + index + round * CHANNEL_NAMES.length;
        for (const item of fc.sample(arbitrary, { numRuns: CASES_PER_CHANNEL, seed: seedOfRound })) {
          if (sent < CASES_PER_CHANNEL && await tryCase(item)) sent += 1;
        }
      }
    }
    const details = await fc.check(fc.asyncProperty(caseArbitrary(seeded), async (item) => {
      await tryCase(item);
      return true;
    }), { numRuns: options.runs ?? RUNS[setting], seed: seedValue });
    ledger.close();
    if (details.failed) throw new Error(`contract fuzz harness failed: ${String(details.errorInstance)}`);
  } finally {
    process.off('uncaughtException', uncaught);
    process.off('unhandledRejection', uncaught);
    if (t) {
      await t.close();
      removeDir(t.dataDir);
    }
  }
  return { name: 'contract-fuzz', counts, table: Object.fromEntries([...table].map(([label, row]) => [label, { ...row }])), examples, seed: seedValue };
}
