/**
 * The column picker's channels: the mappings a profile can import with, saving and deleting a
 * user's own, and the live preview of a file's first rows as a (half-made) mapping reads them.
 */
import type { ChannelOutput } from '../../../shared/ipc/contract.ts';
import type { MappingListEntry, PreviewMappedRow, StatementPreviewView } from '../../../shared/domain/recon-mapping.ts';
import type { Auditor } from '../audit.ts';
import type { Handlers } from '../door.ts';
import type { GatewayDefinition } from '../gateways/types.ts';
import type { Clock } from '../ports.ts';
import { parseFormatChoice } from './format-choice-input.ts';
import type { StatementMapping, StatementMappingInput } from './mappings/statement-mapping.ts';
import type { SavedMapping, SavedMappingStore } from './saved-mappings.ts';
import { presentStatementFields } from './recon-handlers.ts';
import { previewStatement } from './statement-preview.ts';
import type { StatementRow } from './statement-row.ts';

export const RECON_MAPPING_CHANNELS = ['recon:mappings', 'recon:saveMapping', 'recon:deleteMapping', 'recon:preview'] as const;
export type ReconMappingChannel = (typeof RECON_MAPPING_CHANNELS)[number];

export interface ReconMappingDeps {
  readonly saved: SavedMappingStore;
  /** Every gateway this version knows: their shipped names are not free for saved mappings. */
  readonly gateways: readonly GatewayDefinition[];
  /** The gateway a profile is on (throws NotFoundError for an unknown profile). */
  readonly gatewayOfProfile: (profileId: string) => GatewayDefinition;
  readonly auditor: Auditor;
  readonly clock: Clock;
}

function presentMapping(mapping: StatementMapping): MappingListEntry['mapping'] {
  return { ...mapping, columns: { ...mapping.columns }, format: { ...mapping.format }, notes: [...mapping.notes] };
}

function presentSaved(entry: SavedMapping): MappingListEntry {
  return { name: entry.mapping.name, kind: 'saved', mapping: presentMapping(entry.mapping), savedAt: entry.savedAt.toISOString() };
}

function presentRow(row: StatementRow): PreviewMappedRow {
  return { ...presentStatementFields(row), kind: row.kind, status: row.status };
}

export function createReconMappingHandlers(deps: ReconMappingDeps): Pick<Handlers, ReconMappingChannel> {
  const reservedNames = new Set(deps.gateways.flatMap((gateway) => (gateway.statementMappings ?? []).map((mapping) => mapping.name)));
  return {
    'recon:mappings': async (input): Promise<ChannelOutput<'recon:mappings'>> => {
      const shipped = deps.gatewayOfProfile(input.profileId).statementMappings ?? [];
      return [...shipped.map((mapping): MappingListEntry => ({ name: mapping.name, kind: 'shipped', mapping: presentMapping(mapping), savedAt: null })), ...deps.saved.list().map(presentSaved)];
    },
    'recon:saveMapping': async (input, context) => {
      const saved = deps.saved.save(input.mapping, { replace: input.replace, savedBy: context.operator, now: deps.clock.now(), reservedNames });
      await deps.auditor.record(context, 'recon.mapping.save', { type: 'recon_mapping', id: saved.mapping.name }, 'succeeded', { replace: input.replace, columns: Object.keys(saved.mapping.columns) });
      return presentSaved(saved);
    },
    'recon:deleteMapping': async (input, context) => {
      const deleted = deps.saved.remove(input.name);
      if (deleted) await deps.auditor.record(context, 'recon.mapping.delete', { type: 'recon_mapping', id: input.name }, 'succeeded');
      return { deleted };
    },
    'recon:preview': async (input): Promise<StatementPreviewView> => {
      const choice = parseFormatChoice(input.format);
      // The contract checked the draft's shape; the preview checks the rest itself and answers
      // what is missing or wrong as problems, which is what a half-made mapping needs.
      const draft = input.mapping === undefined ? null : ({ name: 'preview', ...input.mapping } as StatementMappingInput);
      const preview = previewStatement(Buffer.from(input.contentBase64, 'base64'), draft, choice);
      return {
        format: { ...preview.format, detected: [...preview.format.detected] },
        headers: [...preview.headers],
        rows: preview.rows.map((row) => ({ line: row.line, raw: [...row.raw], row: row.row === null ? null : presentRow(row.row), problem: row.problem })),
        problems: preview.problems.map((problem) => ({ ...problem })),
      };
    },
  };
}
