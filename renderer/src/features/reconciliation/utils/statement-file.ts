import { PREVIEW_MAX_BYTES } from '../../../../../shared/domain/recon-mapping.ts';
import { toBase64 } from './statement-upload.ts';

/** A chosen statement file: the file itself (sent in chunks when imported), its size, its first bytes for the mapping preview, and about how many rows it holds. */
export interface StatementFile {
  readonly fileName: string;
  readonly content: Blob;
  readonly bytes: number;
  /** The first bytes (at most what `recon:preview` takes), in base64. */
  readonly headBase64: string;
  /** Lines after the header: the file-chosen hint, close enough (quoted line breaks aside). */
  readonly estimatedRows: number;
}

const LINE_FEED = 0x0a;

/** Counts a file's lines chunk by chunk, so a file of hundreds of megabytes is never held whole. */
class LineCounter {
  #lineFeeds = 0;
  #bytes = 0;
  #lastByte = -1;

  add(chunk: Uint8Array): void {
    for (const byte of chunk) if (byte === LINE_FEED) this.#lineFeeds += 1;
    if (chunk.length > 0) this.#lastByte = chunk[chunk.length - 1] ?? -1;
    this.#bytes += chunk.length;
  }

  dataLines(): number {
    const total = this.#lastByte === LINE_FEED ? this.#lineFeeds : this.#lineFeeds + (this.#bytes > 0 ? 1 : 0);
    return Math.max(0, total - 1);
  }
}

export function countDataLines(bytes: Uint8Array): number {
  const counter = new LineCounter();
  counter.add(bytes);
  return counter.dataLines();
}

/** The blob's bytes as its stream gives them. */
export async function* streamChunks(blob: Blob): AsyncGenerator<Uint8Array> {
  const reader = blob.stream().getReader();
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) return;
      yield next.value;
    }
  } finally {
    reader.releaseLock();
  }
}

export async function readStatementFile(file: File): Promise<StatementFile> {
  const counter = new LineCounter();
  for await (const chunk of streamChunks(file)) counter.add(chunk);
  const head = new Uint8Array(await file.slice(0, PREVIEW_MAX_BYTES).arrayBuffer());
  return { fileName: file.name, content: file, bytes: file.size, headBase64: toBase64(head), estimatedRows: counter.dataLines() };
}
