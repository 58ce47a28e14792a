import { queryOptions, skipToken } from '@tanstack/react-query';
import type { MappingDraft } from '../../../../../shared/domain/recon-mapping.ts';
import type { ChannelInput } from '../../../../../shared/ipc/contract.ts';
import type { CallFn } from '../../../api/client.ts';
import { channelQuery, fetchChannel } from '../../../queries/channel-query.ts';

export type PreviewInput = ChannelInput<'recon:preview'>;

/** The mappings a profile's gateway ships and the ones users saved, marked which. */
export function reconMappingsQuery(call: CallFn, profileId: string) {
  return channelQuery(call, 'recon:mappings', { profileId });
}

/** The draft's format goes as the choice too: a half-made mapping is not read, but its format still applies. */
export function previewInput(contentBase64: string, draft: MappingDraft | null): PreviewInput {
  return { contentBase64, ...(draft ? { mapping: draft } : {}), ...(draft?.format ? { format: draft.format } : {}) };
}

/** The first rows of a file read the draft's way; nothing asked for while there is no input yet. */
export function reconPreviewQuery(call: CallFn, input: PreviewInput | undefined) {
  return queryOptions({
    queryKey: ['recon:preview', input ?? null] as const,
    queryFn: input === undefined ? skipToken : () => fetchChannel(call, 'recon:preview', input),
  });
}
