/**
 * The emulated SPG's reading of request headers (fact sheet §1; seed 001's requests): the
 * `Authorization` scheme word as SIBS prints it, `Bearer <AuthToken>` for checkout, status,
 * back-office and mandate calls and `Digest <transactionSignature>` for the method steps on a
 * checkout; every body is JSON and says so in `Content-Type`.
 */
import type { EmulatorRequest } from '../../types.ts';

export type PresentedCredential = { readonly scheme: 'Bearer'; readonly token: string } | { readonly scheme: 'Digest'; readonly signature: string } | null;

export function presentedCredential(request: EmulatorRequest): PresentedCredential {
  const match = /^(Bearer|Digest) +(\S.*)$/.exec(request.headers['authorization'] ?? '');
  if (match === null) return null;
  const value = (match[2] ?? '').trim();
  return match[1] === 'Bearer' ? { scheme: 'Bearer', token: value } : { scheme: 'Digest', signature: value };
}

/** A body sent as anything but JSON (the swagger lists 415 among SPG's answers, §10). */
export function undeclaredJsonBody(request: EmulatorRequest): boolean {
  if (request.rawBody.trim() === '') return false;
  const mediaType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  return mediaType !== 'application/json';
}
