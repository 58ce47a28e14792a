/**
 * A gateway stand-in on 127.0.0.1 that answers each request with whatever the running case
 * scripts: documented answers, or the broken, contradictory and foreign ones the fuzz is about.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly text: string;
}

export interface ScriptedAnswer {
  readonly status: number;
  /** null sends no Content-Type at all. */
  readonly contentType: string | null;
  readonly body: string;
  /** Declares the full length but closes the connection halfway through the body. */
  readonly cut?: boolean;
}

export type Responder = (request: SeenRequest) => ScriptedAnswer;

export interface FuzzServer {
  readonly origin: string;
  /** Set per case; a request with no responder gets a 599 that no gateway documents. */
  respond: Responder | null;
  readonly seen: SeenRequest[];
  close(): Promise<void>;
}

function send(response: ServerResponse, answer: ScriptedAnswer): void {
  const bytes = Buffer.from(answer.body, 'utf8');
  const headers: Record<string, string | number> = { 'content-length': bytes.length };
  if (answer.contentType !== null) headers['content-type'] = answer.contentType;
  if (answer.cut && bytes.length > 1) {
    response.writeHead(answer.status, { ...headers, 'content-length': bytes.length + 64 });
    response.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => response.socket?.destroy());
    return;
  }
  response.writeHead(answer.status, headers);
  response.end(bytes);
}

export async function startFuzzServer(): Promise<FuzzServer> {
  const seen: SeenRequest[] = [];
  const state: { respond: Responder | null } = { respond: null };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const seenRequest: SeenRequest = { method: request.method ?? '', path: url.pathname, query: url.searchParams, headers: request.headers, text: Buffer.concat(chunks).toString('utf8') };
      seen.push(seenRequest);
      let answer: ScriptedAnswer;
      try {
        answer = state.respond ? state.respond(seenRequest) : { status: 599, contentType: 'text/plain', body: 'no case is running' };
      } catch (error) {
        answer = { status: 599, contentType: 'text/plain', body: `the case script failed: ${String(error)}` };
      }
      send(response, answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    get respond() {
      return state.respond;
    },
    set respond(next) {
      state.respond = next;
    },
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
