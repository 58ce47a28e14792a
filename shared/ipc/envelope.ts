import { z } from 'zod';

/**
 * Every failure that crosses the contract has one of these kinds. A decline is never an error:
 * it is data inside a successful envelope.
 */
export const ERROR_KINDS = [
  'validation',
  'not_found',
  'conflict',
  'forbidden',
  'authentication',
  'connection',
  'timeout',
  'rate_limited',
  'invalid_request',
  'deserialization',
  'not_supported',
  'unexpected_gateway_response',
  'vault_unavailable',
  'internal',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export const errorShapeSchema = z.object({
  kind: z.enum(ERROR_KINDS),
  message: z.string(),
  /** Field path (dot-joined) → human message, for validation errors. */
  fields: z.record(z.string(), z.string()).optional(),
});
export type ErrorShape = z.infer<typeof errorShapeSchema>;

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorShape };

export function ok<T>(value: T): Envelope<T> {
  return { ok: true, value };
}

export function fail(kind: ErrorKind, message: string, fields?: Record<string, string>): Envelope<never> {
  return fields ? { ok: false, error: { kind, message, fields } } : { ok: false, error: { kind, message } };
}

/** Converts zod issues into the envelope's `fields` map. */
export function zodIssuesToFields(issues: readonly z.core.$ZodIssue[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.length ? issue.path.map(String).join('.') : '(input)';
    if (!(key in fields)) fields[key] = issue.message;
  }
  return fields;
}
