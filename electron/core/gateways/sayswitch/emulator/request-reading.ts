/**
 * What the emulator reads off an incoming request before any route looks at it: the secret key of
 * `Authorization: Bearer <key>` (fact sheet §1) and the JSON body.
 */

export function bearerSecretKeyOf(authorization: string | undefined): string | null {
  const match = /^\s*Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1] ?? null;
}

export function jsonOf(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A body field as text (numbers too, as PHP's loose reading takes them), trimmed; null when absent. */
export function textField(body: Record<string, unknown>, name: string): string | null {
  const value = body[name];
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : null;
}
