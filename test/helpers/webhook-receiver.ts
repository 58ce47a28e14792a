/**
 * A merchant's webhook endpoint for emulator tests: every delivery goes through the gateway
 * adapter's own parseNotification (so decryption and verification are the real ones), is recorded,
 * and is acknowledged as the adapter says — or refused with 500 as often as a test asks, to make
 * the emulator retry.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GatewayAdapter, IncomingNotification, NotificationEvent } from '../../electron/core/gateways/types.ts';

export interface Received {
  readonly notification: IncomingNotification;
  readonly events: readonly NotificationEvent[];
  /** The error's name when parseNotification refused the delivery. */
  readonly rejected: string | null;
}

export interface Receiver {
  readonly url: string;
  readonly received: Received[];
  /** Event ids to answer with HTTP 500 this many more times. */
  readonly failures: Map<string, number>;
  /** Answer every new event's first N deliveries with HTTP 500. */
  failEveryFirst: number;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

export async function startWebhookReceiver(adapter: () => GatewayAdapter): Promise<Receiver> {
  const received: Received[] = [];
  const failures = new Map<string, number>();
  const receiver: Receiver = {
    url: '',
    received,
    failures,
    failEveryFirst: 0,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((request, response) => {
    void readBody(request).then(async (rawBody) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string') headers[name] = value;
      const notification = { headers, rawBody };
      try {
        const outcome = await adapter().capabilities.webhooks?.parse(notification);
        if (!outcome) throw new Error('the adapter has no parseNotification');
        received.push({ notification, events: outcome.events, rejected: null });
        const id = outcome.events[0]?.eventId ?? '';
        if (!failures.has(id) && receiver.failEveryFirst > 0) failures.set(id, receiver.failEveryFirst);
        const left = failures.get(id) ?? 0;
        if (left > 0) {
          failures.set(id, left - 1);
          response.writeHead(500).end();
          return;
        }
        response.writeHead(outcome.acknowledgement.status, outcome.acknowledgement.headers).end(outcome.acknowledgement.body);
      } catch (error) {
        received.push({ notification, events: [], rejected: error instanceof Error ? error.name : String(error) });
        response.writeHead(401).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(receiver, { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/notifications` });
}
