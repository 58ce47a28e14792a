/**
 * The MIT batch bench's relay (mit-batch.bench.ts), on a thread of its own so that its work is not
 * counted on the console's: it passes every gateway request on unchanged, and when a charge's
 * checkout request arrives it first reads the ledger file, on a connection of its own, for the
 * operation under that merchant reference, which must already be committed as sent.
 * workerData: { ledgerFile, target }; posts { port } once listening, and { checked, notDurable }
 * when asked with 'counts'.
 */
import { createServer } from 'node:http';
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';

const { ledgerFile, target } = workerData as { ledgerFile: string; target: string };
const reader = new DatabaseSync(ledgerFile, { readOnly: true });
const sentState = reader.prepare('SELECT state FROM operations WHERE merchant_reference = ?');
const durability = { checked: 0, notDurable: 0 };

const relay = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const reference = /"merchantTransactionId"\s*:\s*"([^"]+)"/.exec(body)?.[1];
    if (reference !== undefined && /^(B|MIT-)/.test(reference)) {
      durability.checked += 1;
      const row = sentState.get(reference) as { state?: string } | undefined;
      if (row?.state !== 'sent') durability.notDurable += 1;
    }
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name !== 'host' && name !== 'content-length')) as Record<string, string>;
    fetch(`${target}${request.url ?? ''}`, { method: request.method ?? 'GET', headers, ...(body && request.method !== 'GET' ? { body } : {}) }).then(
      async (answer) => {
        const text = await answer.text();
        response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
        response.end(text);
      },
      () => response.destroy(),
    );
  });
});

relay.listen(0, '127.0.0.1', () => {
  const address = relay.address();
  parentPort?.postMessage({ port: address !== null && typeof address === 'object' ? address.port : 0 });
});
parentPort?.on('message', (message: unknown) => {
  if (message === 'counts') parentPort?.postMessage({ ...durability });
  if (message === 'close') relay.close(() => {
    reader.close();
    parentPort?.close();
  });
});
