/**
 * Settings (non-secret) behind one schema. The backend is electron-store in Electron and conf in
 * plain Node: both expose the same get/set, so the schema and its checks live here once.
 */
import { z } from 'zod';
import { environmentSchema, gatewayIdSchema } from '../../../shared/domain/schemas.ts';

export const storedProfileSchema = z.object({
  id: z.string(),
  name: z.string(),
  gatewayId: gatewayIdSchema,
  environment: environmentSchema,
  baseUrl: z.string(),
  options: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  /** Names of the secret fields known to be set in the keychain (their values never live here). */
  credentialFields: z.array(z.string()).default([]),
});
export type StoredProfile = z.infer<typeof storedProfileSchema>;

export const settingsSchema = z.object({
  schemaVersion: z.literal(1).default(1),
  profiles: z.array(storedProfileSchema).default([]),
  sandbox: z
    .object({
      /** Fixed port for the emulators; 0 = any free port each start. */
      port: z.number().int().min(0).max(65535).default(0),
      initialised: z.boolean().default(false),
    })
    .default({ port: 0, initialised: false }),
  ui: z.object({ locale: z.enum(['en', 'pt-PT']).default('en') }).default({ locale: 'en' }),
  notifications: z
    .object({
      /**
       * The host name (optionally `:port`) a tunnel or reverse proxy forwards gateway webhooks
       * under. The receiver refuses any other Host than its loopback names and this one.
       */
      publicHost: z
        .string()
        .regex(/^[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?$/)
        .nullable()
        .default(null),
    })
    .default({ publicHost: null }),
});
export type Settings = z.infer<typeof settingsSchema>;

/** The part of conf / electron-store we use. */
export interface KeyValueBackend {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export interface SettingsStore {
  read(): Settings;
  /** Applies `change` to a copy, validates the result, then writes it; invalid results change nothing. */
  update(change: (current: Settings) => Settings): Settings;
}

const KEY = 'settings';

export function createSettingsStore(backend: KeyValueBackend): SettingsStore {
  function read(): Settings {
    const raw = backend.get(KEY);
    const parsed = settingsSchema.safeParse(raw ?? {});
    if (parsed.success) return parsed.data;
    // A damaged settings file must not stop the console from starting; the ledger is the truth.
    return settingsSchema.parse({});
  }
  return {
    read,
    update(change) {
      const next = settingsSchema.parse(change(structuredClone(read())));
      backend.set(KEY, next);
      return next;
    },
  };
}
