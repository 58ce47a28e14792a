import type { Envelope, ErrorShape } from '../../../shared/ipc/envelope.ts';

/**
 * Whatever crosses the door is checked for the envelope's shape before anyone reads it: a proxy
 * page, a half-written body or a broken preload must become an error, never a fake success.
 */
export function readEnvelope(body: unknown): Envelope<unknown> | null {
  if (typeof body !== 'object' || body === null) return null;
  const candidate = body as { ok?: unknown; value?: unknown; error?: unknown };
  if (candidate.ok === true && 'value' in candidate) return { ok: true, value: candidate.value };
  if (candidate.ok === false) {
    const error = readErrorShape(candidate.error);
    return error ? { ok: false, error } : null;
  }
  return null;
}

function readErrorShape(raw: unknown): ErrorShape | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { kind, message, fields } = raw as { kind?: unknown; message?: unknown; fields?: unknown };
  if (typeof kind !== 'string' || typeof message !== 'string') return null;
  const shape = { kind, message } as ErrorShape;
  if (typeof fields === 'object' && fields !== null) {
    const readable: Record<string, string> = {};
    for (const [path, text] of Object.entries(fields)) {
      if (typeof text === 'string') readable[path] = text;
    }
    shape.fields = readable;
  }
  return shape;
}

export function connectionFailure(message: string): { ok: false; error: ErrorShape } {
  return { ok: false, error: { kind: 'connection', message } };
}

export function describeThrown(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
