/**
 * Sends a statement file to the core in chunks (recon:uploadBegin, recon:uploadChunk…,
 * recon:uploadFinish) as it is read from the file's stream: no message carries the whole file, and
 * the core answers each chunk once its import has room for it, so the bytes sent follow the rows
 * read. A refused chunk gives the upload up so the core keeps nothing of it.
 */
import type { ChannelInput, ChannelOutput } from '../../../../../shared/ipc/contract.ts';
import type { Envelope } from '../../../../../shared/ipc/envelope.ts';
import type { CallFn } from '../../../api/client.ts';
import { streamChunks } from './statement-file.ts';

export type StatementUploadRequest = ChannelInput<'recon:uploadBegin'>;

export interface StatementUploadControl {
  /** Called once the core gave the upload its id (what a cancel names). */
  readonly onBegun?: (uploadId: string) => void;
  /** Bytes the core has taken so far. */
  readonly onSent?: (sentBytes: number) => void;
  /** Aborted: no further chunk is sent (the caller tells the core with recon:uploadAbort). */
  readonly signal?: AbortSignal;
}

/** `null` when the signal stopped the sending. */
export type StatementUploadAnswer = Envelope<ChannelOutput<'recon:uploadFinish'>> | null;

/** btoa takes a binary string; built in slices, as one spread of 512 KiB overflows the call stack. */
export function toBase64(bytes: Uint8Array): string {
  const SLICE = 0x8000;
  let binary = '';
  for (let offset = 0; offset < bytes.length; offset += SLICE) binary += String.fromCharCode(...bytes.subarray(offset, offset + SLICE));
  return btoa(binary);
}

/** The stream's chunks regrouped into pieces of exactly `size` bytes (the last one shorter). */
export async function* piecesOf(chunks: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Uint8Array> {
  let piece = new Uint8Array(size);
  let filled = 0;
  for await (const chunk of chunks) {
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(size - filled, chunk.length - offset);
      piece.set(chunk.subarray(offset, offset + take), filled);
      filled += take;
      offset += take;
      if (filled === size) {
        yield piece;
        piece = new Uint8Array(size);
        filled = 0;
      }
    }
  }
  if (filled > 0) yield piece.subarray(0, filled);
}

export async function uploadStatement(call: CallFn, request: StatementUploadRequest, content: Blob, control: StatementUploadControl = {}): Promise<StatementUploadAnswer> {
  const begun = await call('recon:uploadBegin', request);
  if (!begun.ok) return begun;
  const { uploadId, chunkMaxBytes } = begun.value;
  control.onBegun?.(uploadId);
  let sequence = 0;
  let sentBytes = 0;
  for await (const piece of piecesOf(streamChunks(content), chunkMaxBytes)) {
    if (control.signal?.aborted) return null;
    const sent = await call('recon:uploadChunk', { uploadId, sequence, bytesBase64: toBase64(piece) });
    if (control.signal?.aborted) return null;
    if (!sent.ok) {
      // The import ended before the file did (one it cannot read): its own answer says why.
      if (sent.error.kind === 'conflict') return call('recon:uploadFinish', { uploadId, chunks: sequence });
      await call('recon:uploadAbort', { uploadId });
      return sent;
    }
    sequence += 1;
    sentBytes += piece.length;
    control.onSent?.(sentBytes);
  }
  if (control.signal?.aborted) return null;
  return call('recon:uploadFinish', { uploadId, chunks: sequence });
}
