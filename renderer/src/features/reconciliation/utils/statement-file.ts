/** A chosen statement file, as `recon:import` takes it: its bytes in base64, and about how many rows it holds. */
export interface StatementFile {
  readonly fileName: string;
  readonly contentBase64: string;
  /** Lines after the header: the progress bar's end, close enough for a bar (quoted line breaks aside). */
  readonly estimatedRows: number;
}

const LINE_FEED = 0x0a;

export function countDataLines(bytes: Uint8Array): number {
  let lines = 0;
  for (const byte of bytes) if (byte === LINE_FEED) lines += 1;
  const endsWithNewline = bytes.length > 0 && bytes[bytes.length - 1] === LINE_FEED;
  const total = endsWithNewline ? lines : lines + (bytes.length > 0 ? 1 : 0);
  return Math.max(0, total - 1);
}

/** The data URL's payload: the browser's own base64 encoder, fast on files of hundreds of megabytes. */
function readAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read'));
    reader.readAsDataURL(file);
  });
}

export async function readStatementFile(file: File): Promise<StatementFile> {
  const [contentBase64, buffer] = await Promise.all([readAsBase64(file), file.arrayBuffer()]);
  return { fileName: file.name, contentBase64, estimatedRows: countDataLines(new Uint8Array(buffer)) };
}
