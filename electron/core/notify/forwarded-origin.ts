/**
 * Who sent a delivery and which host it was addressed to, when the receiver may sit behind a
 * TLS-terminating reverse proxy. The proxy's own address is what the socket shows, so the rejection
 * limiter would count every gateway as one source; the proxy says who the client was in
 * X-Forwarded-For and which host it answered in X-Forwarded-Host. Anyone can send those headers,
 * so they are read only from a peer named as a trusted proxy; from any other peer they are ignored.
 */
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

export interface DeliveryOrigin {
  /** The client's address: the peer's, or, behind a trusted proxy, the last one it did not add itself. */
  readonly source: string;
  /** The Host the delivery was addressed to. */
  readonly host: string | undefined;
}

/** `::ffff:10.0.0.5` is how a dual-stack socket shows an IPv4 peer. */
export function normaliseAddress(address: string): string {
  const lowered = address.trim().toLowerCase();
  return lowered.startsWith('::ffff:') && isIP(lowered.slice(7)) === 4 ? lowered.slice(7) : lowered;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

export function deliveryOrigin(request: IncomingMessage, trustedProxies: ReadonlySet<string>): DeliveryOrigin {
  const peer = normaliseAddress(request.socket.remoteAddress ?? 'unknown');
  if (!trustedProxies.has(peer)) return { source: peer, host: request.headers.host };
  // Each proxy appends the address it heard from: the rightmost one that is not a trusted proxy is
  // the client; anything left of it was written by the client and proves nothing.
  const chain = (headerValue(request.headers['x-forwarded-for']) ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  let source = peer;
  for (let index = chain.length - 1; index >= 0; index--) {
    const address = normaliseAddress(chain[index] ?? '');
    if (isIP(address) === 0) break;
    source = address;
    if (!trustedProxies.has(address)) break;
  }
  const forwardedHost = headerValue(request.headers['x-forwarded-host'])?.split(',')[0]?.trim();
  return { source, host: forwardedHost !== undefined && forwardedHost !== '' ? forwardedHost : request.headers.host };
}
