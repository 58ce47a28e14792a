/**
 * A loopback relay put between an emulator and the console's webhook receiver, as a merchant's
 * proxy would be: it keeps a copy of every delivery, so a check can send one again (a duplicate),
 * tampered, or hold a batch and deliver it in another order — for any gateway, without reading it.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Delivery {
  readonly method: string;
  /** Path and query, as the emulator sent them (the receiver's path for the profile). */
  readonly target: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface ReceiverAnswer {
  readonly status: number;
  readonly body: string;
}

export interface WebhookRelay {
  /** Where the emulator should deliver: the receiver's URL with the relay's origin. */
  urlFor(receiverUrl: string): string;
  readonly deliveries: Delivery[];
  /** While held, deliveries are kept but not passed on; the emulator is told to try again later. */
  hold(held: boolean): void;
  send(delivery: Delivery): Promise<ReceiverAnswer>;
  close(): Promise<void>;
}

/** Headers a hop sets for itself; everything else (signatures, content type) is the delivery's. */
const HOP_HEADERS: ReadonlySet<string> = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export async function startWebhookRelay(receiverOrigin: string): Promise<WebhookRelay> {
  const deliveries: Delivery[] = [];
  let held = false;

  async function send(delivery: Delivery): Promise<ReceiverAnswer> {
    const response = await fetch(`${receiverOrigin}${delivery.target}`, {
      method: delivery.method,
      headers: delivery.headers,
      ...(delivery.method === 'GET' || delivery.method === 'HEAD' ? {} : { body: delivery.body }),
    });
    return { status: response.status, body: await response.text() };
  }

  const server: Server = createServer((request, response) => {
    void (async () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) if (value !== undefined && !HOP_HEADERS.has(name)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      const delivery: Delivery = { method: request.method ?? 'POST', target: request.url ?? '/', headers, body: await readBody(request) };
      deliveries.push(delivery);
      if (held) {
        response.writeHead(503, { 'retry-after': '60' }).end();
        return;
      }
      const answer = await send(delivery);
      response.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body);
    })().catch(() => response.writeHead(502).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    urlFor(receiverUrl) {
      const url = new URL(receiverUrl);
      return `${origin}${url.pathname}${url.search}`;
    },
    deliveries,
    hold(value) {
      held = value;
    },
    send,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The same delivery with one character of its signed content changed to another of its kind. */
export function tampered(delivery: Delivery): Delivery {
  const flip = (text: string): string => {
    const middle = Math.floor(text.length / 2);
    for (let offset = 0; offset < text.length; offset++) {
      for (const index of [middle + offset, middle - offset]) {
        const character = text.charAt(index);
        if (/[0-9]/.test(character)) return `${text.slice(0, index)}${character === '7' ? '3' : '7'}${text.slice(index + 1)}`;
        // Case-blind: in an upper-case hex body, 'B' → 'b' would be the same byte.
        if (/[a-zA-Z]/.test(character)) return `${text.slice(0, index)}${character.toLowerCase() === 'b' ? 'c' : 'b'}${text.slice(index + 1)}`;
      }
    }
    return `${text}x`;
  };
  if (delivery.body !== '') return { ...delivery, body: flip(delivery.body) };
  const queryAt = delivery.target.indexOf('?');
  return { ...delivery, target: `${delivery.target.slice(0, queryAt + 1)}${flip(delivery.target.slice(queryAt + 1))}` };
}
