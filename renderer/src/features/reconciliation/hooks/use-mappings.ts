import { useQuery } from '@tanstack/react-query';
import type { MappingDraft, MappingListEntry } from '../../../../../shared/domain/recon-mapping.ts';
import { call } from '../../../api/client.ts';
import { errorShapeOf } from '../../../queries/channel-query.ts';
import { useSettledInput } from '../../../queries/use-settled-input.ts';
import { previewInput, reconMappingsQuery, reconPreviewQuery } from '../queries/mapping-queries.ts';

/** Long enough that picking several columns in a row asks once; short enough to feel live. */
const PREVIEW_DELAY_MS = 200;
const NO_MAPPINGS: MappingListEntry[] = [];

/** The mappings the profile can import with; none while no profile is chosen. */
export function useMappingList(profileId: string | null): MappingListEntry[] {
  const mappings = useQuery({ ...reconMappingsQuery(call, profileId ?? ''), enabled: profileId !== null });
  return profileId === null ? NO_MAPPINGS : (mappings.data ?? NO_MAPPINGS);
}

/**
 * The file's first rows read the draft's way, once the choices stop changing. While a new draft is
 * read the last preview of the same file stays; another file's is never shown.
 */
export function useMappingPreview(contentBase64: string, draft: MappingDraft | null) {
  const settled = useSettledInput(previewInput(contentBase64, draft), PREVIEW_DELAY_MS);
  const preview = useQuery({
    ...reconPreviewQuery(call, settled),
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[1]?.contentBase64 === contentBase64 ? previous : undefined),
  });
  const current = settled?.contentBase64 === contentBase64;
  return { preview: current ? (preview.data ?? null) : null, error: current ? errorShapeOf(preview.error) : null };
}
