/**
 * Statement mappings a user made for files no gateway ships a mapping for, saved by name in the
 * workspace's settings next to its profiles: a mapping is configuration, like a profile, and the
 * settings are where a workspace keeps its configuration. Each is checked by the reader's own schema
 * before it is written, inside the one settings write, so a bad or duplicate one leaves the stored
 * list as it was.
 */
import { z } from 'zod';
import { ConflictError, ValidationError } from '../errors.ts';
import type { SettingsStore } from '../settings/settings-store.ts';
import { statementMappingSchema, type StatementMapping } from './mappings/statement-mapping.ts';

export interface SavedMapping {
  readonly mapping: StatementMapping;
  readonly savedAt: Date;
  readonly savedBy: string;
}

const storedEntrySchema = z.object({ savedAt: z.iso.datetime(), savedBy: z.string(), mapping: statementMappingSchema });

export interface SavedMappingStore {
  /** The readable saved mappings, by name; an entry this version cannot read is left out (and kept on disk). */
  list(): SavedMapping[];
  get(name: string): SavedMapping | null;
  /** Refuses an invalid mapping (ValidationError) and a name already in use (ConflictError) unless `replace`. */
  save(input: unknown, options: { replace: boolean; savedBy: string; now: Date; reservedNames: ReadonlySet<string> }): SavedMapping;
  /** False when no saved mapping has that name. */
  remove(name: string): boolean;
}

/** Names compare as a person reads them: case and surrounding spaces do not make two mappings. */
export function sameMappingName(left: string, right: string): boolean {
  return left.trim().toLowerCase() === right.trim().toLowerCase();
}

function readEntry(raw: unknown): SavedMapping | null {
  const parsed = storedEntrySchema.safeParse(raw);
  return parsed.success ? { mapping: parsed.data.mapping, savedAt: new Date(parsed.data.savedAt), savedBy: parsed.data.savedBy } : null;
}

function nameOf(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const mapping = (raw as { mapping?: unknown }).mapping;
  if (typeof mapping !== 'object' || mapping === null) return null;
  const name = (mapping as { name?: unknown }).name;
  return typeof name === 'string' ? name : null;
}

/** The schema's issues as the contract's field errors: `columns.amount` → "Required", and so on. */
export function mappingIssues(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.') || 'mapping';
    fields[path] = fields[path] ? `${fields[path]}; ${issue.message}` : issue.message;
  }
  return fields;
}

export function createSavedMappingStore(settings: SettingsStore): SavedMappingStore {
  const entries = (): SavedMapping[] => settings.read().reconMappings.flatMap((raw) => readEntry(raw) ?? []);

  return {
    list: entries,
    get: (name) => entries().find((entry) => sameMappingName(entry.mapping.name, name)) ?? null,
    save(input, options) {
      const parsed = statementMappingSchema.safeParse(input);
      if (!parsed.success) throw new ValidationError('The mapping cannot be saved as it is', mappingIssues(parsed.error));
      const mapping = parsed.data;
      if ([...options.reservedNames].some((reserved) => sameMappingName(reserved, mapping.name))) {
        throw new ValidationError(`“${mapping.name}” is the name of a mapping a gateway ships`, { name: 'Choose a name no gateway mapping has' });
      }
      const saved: SavedMapping = { mapping, savedAt: options.now, savedBy: options.savedBy };
      settings.update((current) => {
        // Checked inside the write, against the list as it is now, not as it was when the form opened.
        const others = current.reconMappings.filter((raw) => {
          const name = nameOf(raw);
          return name === null || !sameMappingName(name, mapping.name);
        });
        if (others.length !== current.reconMappings.length && !options.replace) {
          throw new ConflictError(`A mapping named “${mapping.name}” is already saved`, { name: 'Choose another name, or replace the saved mapping' });
        }
        return { ...current, reconMappings: [...others, { savedAt: saved.savedAt.toISOString(), savedBy: saved.savedBy, mapping }] };
      });
      return saved;
    },
    remove(name) {
      const named = (raw: unknown): boolean => {
        const stored = nameOf(raw);
        return stored !== null && sameMappingName(stored, name);
      };
      if (!settings.read().reconMappings.some(named)) return false;
      settings.update((current) => ({ ...current, reconMappings: current.reconMappings.filter((raw) => !named(raw)) }));
      return true;
    },
  };
}
