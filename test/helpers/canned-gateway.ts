/**
 * A gateway stand-in on 127.0.0.1 that answers each request with the next canned answer, in
 * order, and records what it was sent: for answers no emulator gives (another transaction's
 * answer, a status line that contradicts its body).
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { it } from 'node:test';
import type { AddressInfo } from 'node:net';
import { createHttpClient, type PooledHttpClient } from '../../electron/core/http/http-client.ts';
import { leavesOutcomeUnknown } from '../../electron/core/errors.ts';
import { systemClock } from '../../electron/core/ports.ts';

export interface CannedAnswer {
  readonly status: number;
  /** Objects are sent as JSON, strings as they are. */
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

export interface SeenRequest {
  readonly method: string;
  /** Path and query, as sent. */
  readonly url: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

export interface CannedGateway {
  /** http://127.0.0.1:port */
  readonly origin: string;
  readonly http: PooledHttpClient;
  readonly seen: SeenRequest[];
  /** Replaces the queue of answers and forgets what was seen. */
  answer(...answers: CannedAnswer[]): void;
  /** Answers left unused. */
  remaining(): number;
  close(): Promise<void>;
}

/** What is answered once the queue is empty: loud, so a test that expected fewer calls says so. */
const EXHAUSTED: CannedAnswer = { status: 599, body: 'no canned answer left' };

export async function startCannedGateway(): Promise<CannedGateway> {
  const seen: SeenRequest[] = [];
  let queue: CannedAnswer[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = queue.shift() ?? EXHAUSTED;
      const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      response.writeHead(answer.status, { 'content-type': typeof answer.body === 'string' ? 'text/plain' : 'application/json', ...answer.headers });
      response.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const http = createHttpClient({ clock: systemClock, wireSink: { record: () => undefined }, requestTimeoutMs: 3_000 });
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    http,
    seen,
    answer(...answers) {
      queue = [...answers];
      seen.length = 0;
    },
    remaining: () => queue.length,
    async close() {
      await http.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A money-moving call and the answers that must come before the one under test. */
export type MoneyCall = readonly [verb: string, before: readonly CannedAnswer[], run: () => Promise<unknown>];

/**
 * One test per verb: each of the answers after which the gateway may have acted (429, 5xx,
 * temporary codes) must leave the outcome unknown, never declined or failed.
 */
export function itLeavesOutcomeUnknown(gateway: () => CannedGateway, verbs: readonly MoneyCall[], unknowns: ReadonlyArray<readonly [string, CannedAnswer]>): void {
  for (const [verb, first, run] of verbs) {
    it(`${verb}: ${unknowns.map(([name]) => name).join(', ')} are unknown, never declined or failed`, async () => {
      for (const [name, answer] of unknowns) {
        gateway().answer(...first, answer);
        await assert.rejects(run(), (error: unknown) => {
          assert.ok(leavesOutcomeUnknown(error), `${verb} answered ${name}: ${String(error)}`);
          return true;
        });
      }
    });
  }
}
