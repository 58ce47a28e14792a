/**
 * Fault injection shared by the emulators. A plan is a list of faults, each for the next `count`
 * matching requests, applied either `before` the emulator acts (nothing happened at the gateway)
 * or `after` it acted (the gateway moved money but the client does not get a usable answer).
 * The second kind is what makes outcomes unknown and has to be settled by a status call.
 * A `rewrite` fault changes text in the answer the emulator gave: how a sandbox scenario makes a
 * gateway say something its emulator never says by itself (a status code the console does not know).
 */
import { z } from 'zod';
import type { EmulatorRequest, EmulatorResponse, EmulatorRoute } from '../gateways/types.ts';
import { readJsonBody } from './emulator-kit/body-readers.ts';
import { controlError } from './emulator-kit/control-answers.ts';
import { TransportFault } from './transport-fault.ts';

export const FAULT_KINDS = ['http-500', 'http-503', 'http-429', 'timeout', 'reset', 'malformed-json', 'rewrite'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const faultSchema = z
  .strictObject({
    fault: z.enum(FAULT_KINDS),
    count: z.number().int().min(1).max(10_000).default(1),
    phase: z.enum(['before', 'after']).default('before'),
    /** Only requests with this method… */
    method: z.enum(['GET', 'POST', 'PUT', 'DELETE']).optional(),
    /** …and whose path (below the emulator's mount) contains this text… */
    pathIncludes: z.string().min(1).max(200).optional(),
    /** …and whose body contains this text: one path serves every Be2bill method (`method=refund`), one OPPWA path every back-office type. */
    bodyIncludes: z.string().min(1).max(200).optional(),
    /** For `rewrite`: the answer's text to replace (every occurrence); an answer without it is left alone and the use is not spent. */
    find: z.string().min(1).max(200).optional(),
    replace: z.string().max(200).optional(),
  })
  .refine((fault) => (fault.fault === 'rewrite') === (fault.find !== undefined && fault.replace !== undefined), { message: 'find and replace go with a rewrite fault, and only with it' })
  .refine((fault) => fault.fault !== 'rewrite' || fault.phase === 'after', { message: 'a rewrite changes an answer, so it applies after the emulator acted' });
export type PlannedFault = z.output<typeof faultSchema>;

/**
 * A slow gateway. `before` (the default): matching requests wait this long before the emulator
 * acts, so for that time the gateway has no record of them (what a lookup from another process then
 * sees). `after`: the emulator acts at once and its answer waits, so its webhook arrives first.
 */
export const latencySchema = z.strictObject({
  ms: z.number().int().min(0).max(60_000),
  jitterMs: z.number().int().min(0).max(60_000).default(0),
  phase: z.enum(['before', 'after']).default('before'),
  method: z.enum(['GET', 'POST', 'PUT', 'DELETE']).optional(),
  pathIncludes: z.string().min(1).max(200).optional(),
  bodyIncludes: z.string().min(1).max(200).optional(),
});
export type PlannedLatency = z.output<typeof latencySchema>;

export const faultPlanSchema = z.strictObject({ faults: z.array(faultSchema).max(100), latency: z.array(latencySchema).max(20).default([]) });

export interface FaultInjector {
  /** Replaces the plan. */
  set(faults: readonly PlannedFault[], latency?: readonly PlannedLatency[]): void;
  clear(): void;
  remaining(): readonly PlannedFault[];
  latency(): readonly PlannedLatency[];
  /** How long a matching request waits before the emulator acts, or its answer after (0 when no latency rule matches). */
  delayFor(request: MatchedRequest, phase: 'before' | 'after'): number;
  /** Consumes one use of the first matching fault, if any. `answer`: the text the emulator answered (phase `after`). */
  take(request: MatchedRequest, phase: 'before' | 'after', answer?: string): PlannedFault | null;
}

/** What a rule can match a request on. */
export interface MatchedRequest {
  readonly method: string;
  readonly path: string;
  readonly rawBody: string;
}

export function createFaultInjector(): FaultInjector {
  let plan: PlannedFault[] = [];
  let slow: PlannedLatency[] = [];
  const matches = (rule: { method?: string | undefined; pathIncludes?: string | undefined; bodyIncludes?: string | undefined }, request: MatchedRequest) =>
    (rule.method === undefined || rule.method === request.method) &&
    (rule.pathIncludes === undefined || request.path.includes(rule.pathIncludes)) &&
    (rule.bodyIncludes === undefined || request.rawBody.includes(rule.bodyIncludes));
  return {
    set(faults, latency = []) {
      plan = faults.map((fault) => ({ ...fault }));
      slow = latency.map((rule) => ({ ...rule }));
    },
    clear() {
      plan = [];
      slow = [];
    },
    remaining: () => plan.map((fault) => ({ ...fault })),
    latency: () => slow.map((rule) => ({ ...rule })),
    delayFor(request, phase) {
      const rule = slow.find((candidate) => candidate.phase === phase && matches(candidate, request));
      return rule === undefined ? 0 : rule.ms + Math.floor(Math.random() * (rule.jitterMs + 1));
    },
    take(request, phase, answer) {
      const index = plan.findIndex((fault) => fault.phase === phase && matches(fault, request) && (fault.find === undefined || (answer ?? '').includes(fault.find)));
      const fault = plan[index];
      if (fault === undefined) return null;
      if (fault.count <= 1) plan.splice(index, 1);
      else plan[index] = { ...fault, count: fault.count - 1 };
      return { ...fault };
    },
  };
}

/** How a gateway shapes its own error answers (a 503 from SIBS carries a SIBS body). */
export interface FaultBodies {
  httpError(status: 500 | 503 | 429): EmulatorResponse;
}

function answerText(response: EmulatorResponse | null): string | null {
  if (response === null || response.body === undefined) return null;
  return typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
}

function truncatedJson(response: EmulatorResponse | null): string {
  const whole = answerText(response) ?? '{"status":"ok","detail":"answer"}';
  return whole.slice(0, Math.max(1, Math.floor(whole.length / 2)));
}

function inject(fault: PlannedFault, acted: EmulatorResponse | null, bodies: FaultBodies): EmulatorResponse {
  switch (fault.fault) {
    case 'http-500':
      return bodies.httpError(500);
    case 'http-503':
      return bodies.httpError(503);
    case 'http-429': {
      const answer = bodies.httpError(429);
      return { ...answer, headers: { ...answer.headers, 'retry-after': '1' } };
    }
    case 'timeout':
      throw new TransportFault('hang');
    case 'reset':
      throw new TransportFault('reset');
    case 'malformed-json':
      return { status: 200, headers: { 'content-type': 'application/json' }, body: truncatedJson(acted) };
    case 'rewrite': {
      const text = answerText(acted) ?? '';
      const rewritten = text.split(fault.find ?? '').join(fault.replace ?? '');
      const type: Record<string, string> = acted !== null && typeof acted.body !== 'string' ? { 'content-type': 'application/json' } : {};
      return { status: acted?.status ?? 200, headers: { ...type, ...acted?.headers }, body: rewritten };
    }
  }
}

function pause(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

/** Wraps an emulator's wire routes so the plan applies to each of them. */
export function withFaults(routes: readonly EmulatorRoute[], injector: FaultInjector, bodies: FaultBodies): EmulatorRoute[] {
  return routes.map((route) => ({
    method: route.method,
    path: route.path,
    async handle(request: EmulatorRequest): Promise<EmulatorResponse> {
      await pause(injector.delayFor(request, 'before'));
      const before = injector.take(request, 'before');
      if (before !== null) return inject(before, null, bodies);
      const response = await route.handle(request);
      await pause(injector.delayFor(request, 'after'));
      const after = injector.take(request, 'after', answerText(response) ?? undefined);
      return after === null ? response : inject(after, response, bodies);
    },
  }));
}

/** `/faults` control routes: GET shows what is left, POST replaces the plan, DELETE clears it. */
export function faultControlRoutes(injector: FaultInjector): EmulatorRoute[] {
  return [
    { method: 'GET', path: '/faults', handle: () => ({ status: 200, body: { faults: injector.remaining(), latency: injector.latency() } }) },
    {
      method: 'POST',
      path: '/faults',
      handle(request) {
        const parsed = readJsonBody(request.rawBody, faultPlanSchema, {
          notJson: () => controlError(400, 'invalid_json', 'The fault plan must be JSON'),
          invalid: (path, message) => controlError(400, 'invalid_plan', `${path}: ${message}`),
        });
        if (!parsed.ok) return parsed.response;
        injector.set(parsed.value.faults, parsed.value.latency);
        return { status: 200, body: { faults: injector.remaining(), latency: injector.latency() } };
      },
    },
    {
      method: 'DELETE',
      path: '/faults',
      handle() {
        injector.clear();
        return { status: 200, body: { faults: [], latency: [] } };
      },
    },
  ];
}
