/**
 * Answer fuzz (the quality bar "gateway responses are fuzzed"): each gateway adapter's money
 * calls and lookups against a 127.0.0.1 server that answers one step of the call with a broken,
 * contradictory or foreign answer built from the gateway's documented shapes, and every other step
 * genuinely. Counts the answers an adapter turned into a success (or whose foreign id it bound),
 * and checks that genuine answers still succeed, so the suite cannot pass by refusing everything.
 */
import fc from 'fast-check';
import { createHttpClient } from '../../../electron/core/http/http-client.ts';
import { systemClock } from '../../../electron/core/ports.ts';
import { aciOppwaSpec } from '../answer-fuzz/aci-oppwa.ts';
import { classesFor, serve, type AnswerClass, type ServedAnswer } from '../answer-fuzz/answer-kinds.ts';
import { be2billSpec } from '../answer-fuzz/be2bill.ts';
import { startFuzzServer, type FuzzServer } from '../answer-fuzz/fuzz-server.ts';
import { describe, judge } from '../answer-fuzz/judge.ts';
import type { CaseContext, CaseParams, GatewaySpec, Pick } from '../answer-fuzz/model.ts';
import { sayswitchSpec } from '../answer-fuzz/sayswitch.ts';
import { sibsSpec } from '../answer-fuzz/sibs-spg.ts';
import { recorder } from '../answer-fuzz/spec-helpers.ts';

export type Setting = 'short' | 'full';

export const SPECS: readonly GatewaySpec[] = [sibsSpec, aciOppwaSpec, be2billSpec, sayswitchSpec];

/** Cases per gateway. */
const RUNS: Readonly<Record<Setting, number>> = { short: 250, full: 2_500 };

/** Counts that must be 0 for the suite to pass. */
export const MUST_BE_ZERO = ['wrong_success', 'genuine_missed', 'untyped_errors'] as const;

const VERDICTS = ['wrong_success', 'foreign_bound', 'genuine_missed', 'untyped_errors', 'concluded_unknowable'] as const;
type VerdictName = (typeof VERDICTS)[number];

export interface AnswerFuzzResult {
  readonly name: 'answer-fuzz';
  readonly counts: Record<string, number>;
  /** Per gateway and answer class: cases and each verdict. */
  readonly table: Record<string, Record<string, Record<string, number>>>;
  /** The first few cases of each verdict per gateway, to reproduce by hand. */
  readonly examples: string[];
  readonly seed: number;
}

/**
 * `fc.gen()` caches arbitraries by factory and arguments and compares them linearly, so every
 * factory handed to it must be stable: one per token shape, one per gateway's parameters.
 */
const tokenFactories = new Map<string, () => fc.Arbitrary<string>>();
function tokenFactory(length: number, alphabet: string): () => fc.Arbitrary<string> {
  const key = `${length}:${alphabet}`;
  let factory = tokenFactories.get(key);
  if (!factory) {
    const arbitrary = fc.string({ unit: fc.constantFrom(...alphabet.split('')), minLength: length, maxLength: length });
    factory = () => arbitrary;
    tokenFactories.set(key, factory);
  }
  return factory;
}

function pickOf(g: fc.GeneratorValue): Pick {
  return {
    int: (min, max) => g(fc.integer, { min, max }),
    bool: () => g(fc.boolean),
    oneOf: (values) => {
      if (values.length === 0) throw new Error('oneOf on nothing');
      return values[g(fc.integer, { min: 0, max: values.length - 1 })] as (typeof values)[number];
    },
    someOf: (values) => {
      const chosen = values.filter(() => g(fc.boolean));
      return chosen.length ? chosen : [values[g(fc.integer, { min: 0, max: values.length - 1 })] as (typeof values)[number]];
    },
    token: (length, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789') => g(tokenFactory(length, alphabet)),
  };
}

interface Tally {
  readonly counts: Record<string, number>;
  readonly table: AnswerFuzzResult['table'];
  readonly examples: string[];
}

function bump(record: Record<string, number>, key: string, by = 1): void {
  record[key] = (record[key] ?? 0) + by;
}

async function runCase(spec: GatewaySpec, paramsFactory: () => fc.Arbitrary<CaseParams>, server: FuzzServer, http: ReturnType<typeof createHttpClient>, g: fc.GeneratorValue, tally: Tally): Promise<void> {
  const pick = pickOf(g);
  const params = g(paramsFactory);
  const scenario = pick.oneOf(spec.scenarios);
  const target = pick.int(0, Math.max(0, scenario.steps(params) - 1));
  const context: CaseContext = { params, origin: server.origin, pick, state: new Map() };
  let index = 0;
  let served: ServedAnswer | null = null;
  let decisive = false;
  const unexpected: string[] = [];
  // A later request that names a foreign answer's id acts on another transaction (refunds its capture, say).
  let actedOnForeign = false;
  server.respond = (request) => {
    const at = index++;
    const foreignIds = (served as ServedAnswer | null)?.foreignIds ?? [];
    if (foreignIds.some((id) => request.path.includes(id) || request.text.includes(id))) actedOnForeign = true;
    let step;
    try {
      step = spec.answer(request, context);
    } catch (error) {
      unexpected.push(`${request.method} ${request.path}: ${error instanceof Error ? error.message : String(error)}`);
      return { status: 599, contentType: 'text/plain', body: 'not a request this gateway documents' };
    }
    if (at !== target) return serve(step, 'genuine', pick).answer;
    const classes = classesFor(step);
    // Genuine answers get a larger share: they are the check that the suite does not pass by refusing everything.
    const klass: AnswerClass = pick.int(0, 3) === 0 ? 'genuine' : pick.oneOf(classes);
    served = serve(step, klass, pick);
    decisive = step.decisive;
    return served.answer;
  };
  const progress = recorder();
  const started = performance.now();
  const observation = await scenario.invoke(spec.createAdapter(server.origin, http), params, progress);
  server.respond = null;
  const answer = served as ServedAnswer | null;
  const klass: AnswerClass = answer?.klass ?? 'genuine';
  const judged = judge({ scenario, klass, decisive, observation, recordedIds: progress.recorded, foreignIds: answer?.foreignIds ?? [] });
  const verdict = { ...judged, foreignBound: judged.foreignBound || actedOnForeign };

  const gateway = spec.gatewayId;
  const row = ((tally.table[gateway] ??= {})[klass] ??= {});
  bump(row, 'cases');
  bump(row, 'ms', Math.round(performance.now() - started));
  bump(tally.counts, 'ops');
  bump(tally.counts, `${gateway}:ops`);
  if (unexpected.length) {
    bump(tally.counts, 'unexpected_requests', unexpected.length);
    if (tally.examples.length < 200) tally.examples.push(`${gateway} ${scenario.name}: unexpected request ${unexpected.join('; ')}`);
  }
  const hits: Record<VerdictName, boolean> = {
    wrong_success: verdict.wrongSuccess || verdict.foreignBound,
    foreign_bound: verdict.foreignBound,
    genuine_missed: verdict.genuineMissed,
    untyped_errors: verdict.untyped,
    concluded_unknowable: verdict.concluded,
  };
  for (const name of VERDICTS) {
    if (!hits[name]) continue;
    bump(tally.counts, name);
    bump(tally.counts, `${gateway}:${name}`);
    bump(row, name);
    const key = `${gateway}:${name}:${scenario.name}:${klass}`;
    if (!tally.examples.some((line) => line.startsWith(`${key} `)) && tally.examples.length < 200) {
      tally.examples.push(`${key} — ${answer ? `${answer.note} at request ${target + 1}` : 'all answers genuine'} → ${describe(observation)}`);
    }
  }
}

export async function run(setting: Setting, options: { seed?: number; gateways?: readonly string[]; runs?: number; specs?: readonly GatewaySpec[] } = {}): Promise<AnswerFuzzResult> {
  const seed = options.seed ?? (Number(process.env['SOAK_SEED']) || Date.now() % 2_147_483_647);
  const server = await startFuzzServer();
  const http = createHttpClient({ clock: systemClock, wireSink: { record: () => undefined }, requestTimeoutMs: 5_000 });
  const tally: Tally = { counts: { ops: 0, wrong_success: 0, foreign_bound: 0, genuine_missed: 0, untyped_errors: 0, concluded_unknowable: 0, unexpected_requests: 0 }, table: {}, examples: [] };
  try {
    for (const spec of (options.specs ?? SPECS).filter((candidate) => !options.gateways || options.gateways.includes(candidate.gatewayId))) {
      for (const name of VERDICTS) tally.counts[`${spec.gatewayId}:${name}`] = 0;
      const paramsFactory = () => spec.params;
      const details = await fc.check(
        fc.asyncProperty(fc.gen(), async (g) => {
          await runCase(spec, paramsFactory, server, http, g, tally);
          return true;
        }),
        { numRuns: options.runs ?? RUNS[setting], seed },
      );
      if (details.failed) throw new Error(`answer fuzz harness failed on ${spec.gatewayId}: ${String(details.errorInstance)}`);
    }
  } finally {
    await http.close();
    await server.close();
  }
  return { name: 'answer-fuzz', counts: tally.counts, table: tally.table, examples: tally.examples, seed };
}
