/**
 * Reading a request body: JSON checked by a zod schema, or one field of a form post. How a refusal
 * reads is the caller's (a gateway's wire error, or the control routes' `{error, message}`), so
 * this file knows no wire format.
 */
import type { z } from 'zod';
import type { EmulatorResponse } from '../../gateways/types.ts';

export type BodyCheck<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly response: EmulatorResponse };

export interface JsonBodyRefusals {
  notJson(): EmulatorResponse;
  /** `path` is the first failing field, dotted ('' when the body as a whole is wrong). */
  invalid(path: string, message: string): EmulatorResponse;
}

export interface JsonBodyOptions {
  /** What an empty (or blank) body stands for; without it an empty body is not JSON. */
  readonly emptyAs?: unknown;
}

export function readJsonBody<Schema extends z.ZodType>(rawBody: string, schema: Schema, refusals: JsonBodyRefusals, options: JsonBodyOptions = {}): BodyCheck<z.output<Schema>> {
  let json: unknown;
  if ('emptyAs' in options && rawBody.trim() === '') {
    json = options.emptyAs;
  } else {
    try {
      json = JSON.parse(rawBody);
    } catch {
      return { ok: false, response: refusals.notJson() };
    }
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, response: refusals.invalid(issue?.path.join('.') ?? '', issue?.message ?? 'is invalid') };
}

/** One field of an `application/x-www-form-urlencoded` body; null when it is absent. */
export function formField(rawBody: string, name: string): string | null {
  return new URLSearchParams(rawBody).get(name);
}
