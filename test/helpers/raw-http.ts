/**
 * One HTTP request to a loopback server exactly as written: our own Host header, a chosen local
 * address, no connection reuse — what the receiver's Host check and per-source limits look at.
 */
import { request as httpRequest } from 'node:http';

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function rawRequest(options: { port: number; method: 'GET' | 'POST'; path: string; host?: string; body?: string; headers?: Record<string, string>; localAddress?: string }): Promise<RawAnswer> {
  const { port, method, path, body } = options;
  const headers: Record<string, string> = { Host: options.host ?? `127.0.0.1:${port}`, ...(body === undefined ? {} : { 'content-type': 'text/plain', 'content-length': String(Buffer.byteLength(body)) }), ...options.headers };
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: '127.0.0.1', port, method, path, localAddress: options.localAddress ?? '127.0.0.1', agent: false, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
