/**
 * The messages between Electron's main process and the process that runs the core. Both ends
 * parse what they receive with these schemas: a message either side cannot read is dropped and
 * logged, never acted on. Answers are the door's own envelopes and events the contract's own
 * payloads, so the renderer sees exactly what an in-process door would give it.
 */
import { z } from 'zod';
import { events, isEventName, type EventName, type EventPayload } from '../../shared/ipc/contract.ts';
import { errorShapeSchema, type Envelope } from '../../shared/ipc/envelope.ts';

/** What the host needs to build the core; Electron-only values (version, user-data folder) come from main. */
export const hostStartOptionsSchema = z
  .object({
    dataDir: z.string().min(1),
    version: z.string().min(1).max(64),
    /** The keychain service name; absent = the console's own (tests use one of their own). */
    keychainService: z.string().min(1).max(200).optional(),
    sandbox: z.object({ enabled: z.boolean(), port: z.number().int().min(0).max(65535).optional() }).strict(),
  })
  .strict();
export type HostStartOptions = z.infer<typeof hostStartOptionsSchema>;

const invocationContextSchema = z
  .object({
    origin: z.enum(['electron', 'browser', 'cli', 'webhook', 'system']),
    operator: z.string().min(1).max(256),
  })
  .strict();

const requestIdSchema = z.number().int().nonnegative();

export const toHostSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), options: hostStartOptionsSchema }).strict(),
  // The input stays raw: the door parses it against the channel's schema, as for every way in.
  z.object({ type: z.literal('invoke'), id: requestIdSchema, channel: z.string().max(128), input: z.unknown(), context: invocationContextSchema }).strict(),
  z.object({ type: z.literal('close') }).strict(),
]);
export type ToHost = z.infer<typeof toHostSchema>;

const envelopeSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }).strict(),
  z.object({ ok: z.literal(false), error: errorShapeSchema }).strict(),
]);

const eventMessageSchema = z
  .object({ type: z.literal('event'), event: z.string().refine(isEventName, 'not an event of the contract'), payload: z.unknown() })
  .strict()
  .transform((message, context) => {
    const event = message.event as EventName;
    const payload = events[event].safeParse(message.payload);
    if (!payload.success) {
      context.addIssue({ code: 'custom', message: `${event} payload does not fit the contract`, path: ['payload'] });
      return z.NEVER;
    }
    return { type: 'event' as const, event, payload: payload.data as EventPayload<EventName> };
  });

export const fromHostSchema = z.union([
  z.object({ type: z.literal('ready'), operator: z.string().min(1).max(256) }).strict(),
  z.object({ type: z.literal('start-failed'), message: z.string() }).strict(),
  z.object({ type: z.literal('answer'), id: requestIdSchema, envelope: envelopeSchema }).strict(),
  eventMessageSchema,
  z.object({ type: z.literal('closed') }).strict(),
]);
export type FromHost =
  | { type: 'ready'; operator: string }
  | { type: 'start-failed'; message: string }
  | { type: 'answer'; id: number; envelope: Envelope<unknown> }
  | { type: 'event'; event: EventName; payload: EventPayload<EventName> }
  | { type: 'closed' };

/** One end of the channel, whatever carries it (an Electron MessagePort, Node's fork IPC). */
export interface MessageLink<Out> {
  post(message: Out): void;
  onMessage(listener: (message: unknown) => void): void;
}

export function parseToHost(raw: unknown): ToHost | null {
  const parsed = toHostSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

export function parseFromHost(raw: unknown): FromHost | null {
  const parsed = fromHostSchema.safeParse(raw);
  return parsed.success ? (parsed.data as FromHost) : null;
}
