/**
 * Which mapping an import or a list means: a profile's gateway ships some, the workspace has saved
 * others. A name is looked up in the list asked for; with none asked for, a shipped mapping comes
 * before a saved one of the same name (saving refuses a shipped name, so that only happens after
 * a newer version ships one).
 */
import type { MappingKind } from '../../../shared/domain/recon-mapping.ts';
import { ValidationError } from '../errors.ts';
import type { GatewayDefinition } from '../gateways/types.ts';
import type { StatementMapping } from './mappings/statement-mapping.ts';
import { sameMappingName, type SavedMappingStore } from './saved-mappings.ts';

export interface ResolvedMapping {
  readonly mapping: StatementMapping;
  readonly kind: MappingKind;
}

export interface MappingResolverDeps {
  /** The gateway a profile is on (throws NotFoundError for an unknown profile). */
  readonly gatewayOfProfile: (profileId: string) => GatewayDefinition;
  readonly saved: SavedMappingStore;
}

export type MappingResolver = (profileId: string, name: string, kind?: MappingKind) => ResolvedMapping;

export function createMappingResolver(deps: MappingResolverDeps): MappingResolver {
  return (profileId, name, kind) => {
    const gateway = deps.gatewayOfProfile(profileId);
    const shipped = gateway.statementMappings ?? [];
    if (kind !== 'saved') {
      // Shipped names are matched exactly, as the gateway folder spells them.
      const mapping = shipped.find((candidate) => candidate.name === name);
      if (mapping !== undefined) return { mapping, kind: 'shipped' };
    }
    if (kind !== 'shipped') {
      const saved = deps.saved.list().find((entry) => sameMappingName(entry.mapping.name, name));
      if (saved !== undefined) return { mapping: saved.mapping, kind: 'saved' };
    }
    const offered = [...(kind === 'saved' ? [] : shipped.map((candidate) => candidate.name)), ...(kind === 'shipped' ? [] : deps.saved.list().map((entry) => entry.mapping.name))];
    throw new ValidationError(`${gateway.descriptor.displayName} has no statement mapping named “${name}”${kind === 'saved' ? ' among the saved ones' : ''}`, {
      mapping: `One of: ${offered.join(', ') || 'none'}`,
    });
  };
}
