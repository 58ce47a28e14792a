/**
 * Reads a channel's zod input schema into the fields the fuzz bends: each field's name, whether it
 * may be left out, and what kind of value it takes (so that the bad values are wrong for it).
 */
import type { z } from 'zod';

export type FieldKind = 'id' | 'amount' | 'currency' | 'string' | 'int' | 'number' | 'boolean' | 'enum' | 'object' | 'array' | 'record';

export interface FieldInfo {
  readonly name: string;
  readonly kind: FieldKind;
  readonly required: boolean;
  /** For objects: their own fields, bent the same way one level down. */
  readonly fields: readonly FieldInfo[];
  /** For enums: the allowed values (to draw near-misses from). */
  readonly values: readonly string[];
}

interface Def {
  readonly type: string;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly shape?: Record<string, z.ZodType>;
  readonly entries?: Record<string, string>;
  readonly checks?: ReadonlyArray<{ _zod: { def: { check?: string; format?: string; pattern?: RegExp } } }>;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { def: Def }).def;
}

/** Strips optional/default/nullable/pipe wrappers; says whether any of them made the field optional. */
export function unwrap(schema: z.ZodType): { schema: z.ZodType; optional: boolean } {
  let current = schema;
  let optional = false;
  for (;;) {
    const def = defOf(current);
    if ((def.type === 'optional' || def.type === 'default' || def.type === 'nullable' || def.type === 'prefault') && def.innerType) {
      if (def.type !== 'nullable') optional = true;
      current = def.innerType;
      continue;
    }
    if (def.type === 'pipe' && def.in) {
      current = def.in;
      continue;
    }
    return { schema: current, optional };
  }
}

function patternsOf(def: Def): string[] {
  return (def.checks ?? []).map((check) => check._zod.def.pattern?.source ?? '').filter((source) => source !== '');
}

function kindOf(name: string, schema: z.ZodType): FieldKind {
  const def = defOf(schema);
  switch (def.type) {
    case 'object':
      return 'object';
    case 'array':
      return 'array';
    case 'record':
      return 'record';
    case 'boolean':
      return 'boolean';
    case 'enum':
      return 'enum';
    case 'number':
      return (def.checks ?? []).some((check) => check._zod.def.format === 'safeint' || check._zod.def.check === 'number_format') ? 'int' : 'number';
    case 'string': {
      const patterns = patternsOf(def);
      if (patterns.some((source) => source.includes('[1-9]\\d*)(\\.\\d+)?'))) return 'amount';
      if (patterns.some((source) => source === '^[A-Z]{3}$')) return 'currency';
      if (patterns.some((source) => source.includes('A-Za-z0-9_.:-'))) return 'id';
      return 'string';
    }
    default:
      return name === 'money' ? 'object' : 'string';
  }
}

export function fieldsOf(schema: z.ZodType): FieldInfo[] {
  const { schema: inner } = unwrap(schema);
  const def = defOf(inner);
  if (def.type !== 'object' || !def.shape) return [];
  return Object.entries(def.shape).map(([name, field]) => {
    const { schema: bare, optional } = unwrap(field);
    const kind = kindOf(name, bare);
    const bareDef = defOf(bare);
    return {
      name,
      kind,
      required: !optional,
      fields: kind === 'object' ? fieldsOf(bare) : [],
      values: kind === 'enum' && bareDef.entries ? Object.values(bareDef.entries) : [],
    };
  });
}
