/**
 * The sandbox control routes every emulator offers the same way (settings, webhook target and
 * deliveries, merchant admission, the sweep, the fault plan, the book), so tests and the sandbox
 * tools panel drive each gateway through one surface. What a gateway names differently (its webhook log, its
 * merchant accounts, what a tick reports, how a refused body reads) is an option, not a copy.
 */
import { z } from 'zod';
import type { EmulatorRoute } from '../gateways/types.ts';
import { readJsonBody, type BodyCheck } from './emulator-kit/body-readers.ts';
import { controlError } from './emulator-kit/control-answers.ts';
import { faultControlRoutes, type FaultInjector } from './fault-plan.ts';
import type { SandboxBook } from './sandbox-book.ts';

export type ControlBodyCheck<T> = BodyCheck<T>;

/** What a refused control body was meant to be; a gateway may name it in its refusal. */
export type ControlBodySubject = 'url' | 'settings' | 'merchant';

export type ControlBodyParser = <Schema extends z.ZodType>(rawBody: string, schema: Schema, subject: ControlBodySubject) => ControlBodyCheck<z.output<Schema>>;

const controlBodyRefusals = {
  notJson: () => controlError(400, 'invalid_json', 'The body must be JSON'),
  invalid: (path: string, message: string) => controlError(400, 'invalid_body', `${path}: ${message}`),
};

const notificationUrlSchema = z.strictObject({ url: z.url().nullable() });

/**
 * Reads a control body as JSON checked by `schema`. An empty body counts as `{}` so a POST that
 * only triggers something needs no payload.
 */
export function parseControlBody<Schema extends z.ZodType>(rawBody: string, schema: Schema): ControlBodyCheck<z.output<Schema>> {
  return readJsonBody(rawBody, schema, controlBodyRefusals, { emptyAs: {} });
}

/** The part of an emulator's webhook notifier the control routes show and steer. */
export interface ControlledNotifier {
  url(): string | null;
  setUrl(url: string | null): void;
  deliveries(): unknown;
}

export interface StandardControlRoutesOptions<PatchSchema extends z.ZodType, MerchantSchema extends z.ZodType> {
  /** Defaults to `parseControlBody`; SIBS wraps refusals in its own wire error shape. */
  readonly parseBody?: ControlBodyParser;
  readonly settings: {
    read(): object;
    apply(patch: z.output<PatchSchema>): void;
    readonly patchSchema: PatchSchema;
  };
  readonly notifier: ControlledNotifier;
  /** Where the delivery log is listed; Be2bill calls its webhooks notifications. */
  readonly deliveriesPath?: string;
  readonly merchants: {
    admit(merchant: z.output<MerchantSchema>): void;
    readonly schema: MerchantSchema;
    /** Be2bill admits accounts rather than merchants. */
    readonly path?: string;
  };
  /** Applies time-driven changes now (with a controllable clock, after moving it). */
  sweep(): void;
  /** Extra fields a tick answers with after `ok`, e.g. the platform day the sweep ran for. */
  tickReport?(): Record<string, unknown>;
  readonly faults: FaultInjector;
  /** The emulator's book in the shape every gateway shares (`GET /book`, read-only). */
  book(): SandboxBook;
}

export function standardControlRoutes<PatchSchema extends z.ZodType, MerchantSchema extends z.ZodType>(
  options: StandardControlRoutesOptions<PatchSchema, MerchantSchema>,
): EmulatorRoute[] {
  const parseBody = options.parseBody ?? parseControlBody;
  const { settings, notifier, merchants } = options;
  return [
    {
      method: 'POST',
      path: '/tick',
      handle() {
        options.sweep();
        return { status: 200, body: { ok: true, ...options.tickReport?.() } };
      },
    },
    { method: 'GET', path: options.deliveriesPath ?? '/webhooks', handle: () => ({ status: 200, body: { url: notifier.url(), deliveries: notifier.deliveries() } }) },
    {
      method: 'POST',
      path: '/notification-url',
      handle(request) {
        const parsed = parseBody(request.rawBody, notificationUrlSchema, 'url');
        if (!parsed.ok) return parsed.response;
        notifier.setUrl(parsed.value.url);
        return { status: 200, body: { url: notifier.url() } };
      },
    },
    { method: 'GET', path: '/book', handle: () => ({ status: 200, body: options.book() }) },
    { method: 'GET', path: '/settings', handle: () => ({ status: 200, body: settings.read() }) },
    {
      method: 'POST',
      path: '/settings',
      handle(request) {
        const patch = parseBody(request.rawBody, settings.patchSchema, 'settings');
        if (!patch.ok) return patch.response;
        settings.apply(patch.value);
        return { status: 200, body: settings.read() };
      },
    },
    {
      method: 'POST',
      path: merchants.path ?? '/merchants',
      handle(request) {
        const merchant = parseBody(request.rawBody, merchants.schema, 'merchant');
        if (!merchant.ok) return merchant.response;
        merchants.admit(merchant.value);
        return { status: 204 };
      },
    },
    ...faultControlRoutes(options.faults),
  ];
}
