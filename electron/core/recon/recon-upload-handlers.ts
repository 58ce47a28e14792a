/**
 * The chunked form of `recon:import`: begin (the import starts and waits for bytes), chunks as the
 * file is read, finish (the import's answer), or abort. The upload registry holds what is in
 * flight; the import is the same one `recon:import` runs.
 */
import { STATEMENT_CHUNK_MAX_BYTES } from '../../../shared/ipc/contract.ts';
import type { Handlers } from '../door.ts';
import { prepareStatementImport, type ReconImportDeps, type StatementImportAnswer } from './recon-import-handler.ts';
import type { StatementUploads } from './statement-upload.ts';

export type ReconUploadChannel = 'recon:uploadBegin' | 'recon:uploadChunk' | 'recon:uploadFinish' | 'recon:uploadAbort';

export interface ReconUploadDeps {
  readonly reconImport: ReconImportDeps;
  readonly uploads: StatementUploads<StatementImportAnswer>;
}

export function createReconUploadHandlers(deps: ReconUploadDeps): Pick<Handlers, ReconUploadChannel> {
  const { uploads } = deps;
  return {
    'recon:uploadBegin': async (input, context) => {
      const run = prepareStatementImport(deps.reconImport, input);
      return { uploadId: uploads.begin((source, signal) => run(source, { context, signal })), chunkMaxBytes: STATEMENT_CHUNK_MAX_BYTES };
    },
    'recon:uploadChunk': async (input) => ({ received: await uploads.chunk(input.uploadId, input.sequence, Buffer.from(input.bytesBase64, 'base64')) }),
    'recon:uploadFinish': (input) => uploads.finish(input.uploadId, input.chunks),
    'recon:uploadAbort': async (input) => ({ aborted: await uploads.abort(input.uploadId) }),
  };
}
