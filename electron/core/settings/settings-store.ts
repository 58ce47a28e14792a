/**
 * Settings (non-secret) behind one schema. The backend is electron-store in Electron and conf in
 * plain Node: both expose the same get/set, so the schema, its checks and what happens to what
 * cannot be read live here once.
 */
import { statSync } from 'node:fs';
import { z } from 'zod';
import { ledgerChoiceSchema } from '../../../shared/domain/ledger-choice.ts';
import { environmentSchema, gatewayIdSchema } from '../../../shared/domain/schemas.ts';
import { backUp, inspectSettingsFile, setAside } from './settings-file.ts';

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
  /** Where this workspace keeps its ledger; read once when the core starts. The password is in the keychain. */
  ledger: ledgerChoiceSchema.default({ backend: 'sqlite' }),
  /**
   * User-defined statement mappings. Each entry is read on its own by recon/saved-mappings.ts, so
   * one this version cannot read (a newer version's) costs only itself and is written back as it was.
   */
  reconMappings: z.array(z.unknown()).default([]),
  /** The payments list's saved views, each read on its own by views/saved-views.ts, like reconMappings. */
  savedViews: z.array(z.unknown()).default([]),
});
export type Settings = z.infer<typeof settingsSchema>;

/** The part of conf / electron-store we use. */
export interface KeyValueBackend {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export interface SettingsProblem {
  /** `file`: the file was not JSON and was moved aside; `section`: a part was reset to its defaults; `profile`: one profile could not be read. */
  readonly kind: 'file' | 'section' | 'profile';
  readonly message: string;
  /** Where the file as it was has been kept. */
  readonly backup: string | null;
  readonly profileId: string | null;
}

export interface SettingsStore {
  /** The settings the console can use; what could not be read is left out and reported by `problems`. */
  read(): Settings;
  /**
   * Applies `change` to a copy, validates the result, then writes it; invalid results change
   * nothing. Profiles that could not be read are written back as they were.
   */
  update(change: (current: Settings) => Settings): Settings;
  /** What on disk could not be read, and where it was kept. */
  problems(): readonly SettingsProblem[];
}

const KEY = 'settings';
const SECTIONS = Object.keys(settingsSchema.shape).filter((key) => key !== 'profiles') as Array<Exclude<keyof Settings, 'profiles'>>;

interface Decoded {
  readonly settings: Settings;
  /** Profile entries as they are on disk, which the schema does not accept (an unknown gateway, say). */
  readonly unreadableProfiles: readonly unknown[];
  /** Keys this version does not know (a newer version's), carried through writes. */
  readonly extras: Record<string, unknown>;
  /** Writing `settings` back would drop something that is on disk. */
  readonly lossy: boolean;
  readonly problems: readonly SettingsProblem[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || '(value)'}: ${issue.message}` : 'not valid';
}

/** Reads what it can: each section and each profile on its own, so one bad value costs only itself. */
export function decodeSettings(raw: unknown): Decoded {
  const defaults = settingsSchema.parse({});
  if (raw === undefined) return { settings: defaults, unreadableProfiles: [], extras: {}, lossy: false, problems: [] };
  if (!isRecord(raw)) {
    return {
      settings: defaults,
      unreadableProfiles: [],
      extras: {},
      lossy: true,
      problems: [{ kind: 'section', message: 'The settings could not be read; the console uses its defaults', backup: null, profileId: null }],
    };
  }
  const problems: SettingsProblem[] = [];
  let lossy = false;
  const extras: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) if (!(key in settingsSchema.shape)) extras[key] = value;
  const sections: Record<string, unknown> = {};
  for (const key of SECTIONS) {
    const parsed = settingsSchema.shape[key].safeParse(raw[key]);
    if (parsed.success) {
      sections[key] = parsed.data;
    } else {
      lossy = true;
      problems.push({ kind: 'section', message: `The “${key}” settings could not be read (${firstIssue(parsed.error)}); their defaults are used`, backup: null, profileId: null });
    }
  }
  const profiles: StoredProfile[] = [];
  const unreadableProfiles: unknown[] = [];
  if (Array.isArray(raw.profiles)) {
    for (const entry of raw.profiles) {
      const parsed = storedProfileSchema.safeParse(entry);
      if (parsed.success) {
        profiles.push(parsed.data);
        continue;
      }
      unreadableProfiles.push(entry);
      const id = isRecord(entry) && typeof entry.id === 'string' ? entry.id : null;
      const name = isRecord(entry) && typeof entry.name === 'string' ? entry.name : id;
      problems.push({
        kind: 'profile',
        message: `The profile “${name ?? '(no name)'}” could not be read (${firstIssue(parsed.error)}); it is kept in the settings file as it is and not offered for use`,
        backup: null,
        profileId: id,
      });
    }
  } else if (raw.profiles !== undefined) {
    lossy = true;
    problems.push({ kind: 'section', message: 'The profiles could not be read (not a list)', backup: null, profileId: null });
  }
  return { settings: settingsSchema.parse({ ...sections, profiles }), unreadableProfiles, extras, lossy, problems };
}

/** The file's inode, size and change times: a write (conf and electron-store rename a new file in) changes it. */
function fileStamp(file: string): string | null {
  const stat = statSync(file, { bigint: true, throwIfNoEntry: false });
  return stat === undefined ? null : `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
}

/** The decoded settings are shared by every reader until the file changes, so none may alter them. */
function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}

function idOf(entry: unknown): string | null {
  return isRecord(entry) && typeof entry.id === 'string' ? entry.id : null;
}

/**
 * One behaviour for both backends (electron-store in Electron, conf in plain Node):
 * - a file that is not a JSON object is moved to `<file>.bak-<timestamp>` before the backend opens
 *   it (conf throws on it, or empties it on its next write with clearInvalidConfig), and the
 *   console starts with defaults and reports it;
 * - a profile the schema does not accept is kept on disk as it is, left out of `read`, reported,
 *   and written back by every `update`;
 * - before a write drops anything that is on disk and could not be read, the file is copied to a
 *   backup.
 */
export function openSettingsStore(deps: { file: string; open: () => KeyValueBackend; now?: () => Date }): SettingsStore {
  const now = deps.now ?? (() => new Date());
  const fileProblems: SettingsProblem[] = [];
  let backend: KeyValueBackend | null = null;

  function setAsideIfUnreadable(): void {
    if (inspectSettingsFile(deps.file) !== 'unreadable') return;
    const backup = setAside(deps.file, now());
    if (backup) {
      fileProblems.push({ kind: 'file', message: `The settings file could not be read; it was kept as ${backup} and the console started with its defaults`, backup, profileId: null });
    }
  }

  function opened(): KeyValueBackend {
    if (backend) return backend;
    setAsideIfUnreadable();
    backend = deps.open();
    return backend;
  }

  function readAndDecode(): Decoded {
    const store = opened();
    try {
      return decodeSettings(store.get(KEY));
    } catch (error) {
      // Damaged while the console ran (by hand, or by a crash elsewhere): kept aside, then read afresh.
      if (!(error instanceof SyntaxError) || inspectSettingsFile(deps.file) !== 'unreadable') throw error;
      setAsideIfUnreadable();
      return decodeSettings(store.get(KEY));
    }
  }

  /**
   * What was last decoded, and the file's identity when it was read. Every call asks for profiles
   * and options, and the backends read and parse the whole file on each get; a stat tells whether
   * anything (this console, another one on the same folder, a hand edit) has written it since.
   */
  let decoded: { readonly stamp: string; readonly value: Decoded } | null = null;

  function load(): Decoded {
    // Taken before the read: a write landing in between changes the file again, so it is read next time.
    const stamp = fileStamp(deps.file);
    if (decoded !== null && decoded.stamp === stamp) return decoded.value;
    const value = readAndDecode();
    deepFreeze(value.settings);
    // A file that is missing or was just set aside has no identity worth keeping.
    decoded = stamp === null ? null : { stamp, value };
    return value;
  }

  return {
    read: () => load().settings,
    update(change) {
      const current = load();
      const next = settingsSchema.parse(change(structuredClone(current.settings)));
      const ids = new Set(next.profiles.map((profile) => profile.id));
      const kept = current.unreadableProfiles.filter((entry) => {
        const id = idOf(entry);
        return id === null || !ids.has(id);
      });
      if (current.lossy || kept.length !== current.unreadableProfiles.length) {
        const backup = backUp(deps.file, now());
        if (backup) fileProblems.push({ kind: 'file', message: `Settings that could not be read were replaced; the file as it was is kept as ${backup}`, backup, profileId: null });
      }
      decoded = null;
      opened().set(KEY, { ...current.extras, ...next, profiles: [...next.profiles, ...kept] });
      decoded = null;
      return next;
    },
    problems() {
      // Loading first: opening the file is what finds it damaged.
      const current = load();
      return [...fileProblems, ...current.problems];
    },
  };
}
