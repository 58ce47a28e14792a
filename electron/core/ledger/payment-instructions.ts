/**
 * Payment instructions as stored in payments.instructions. JSON numbers are doubles, so the
 * amount travels as a string of minor units and the expiry as an ISO date.
 */
import type { PaymentInstructions } from '../gateways/types.ts';

interface StoredInstructions {
  readonly type: PaymentInstructions['type'];
  readonly entity: string;
  readonly reference: string;
  readonly amountMinor: string;
  readonly currency: string;
  readonly expiresAt: string | null;
}

export function instructionsToJson(instructions: PaymentInstructions): string {
  const stored: StoredInstructions = {
    type: instructions.type,
    entity: instructions.entity,
    reference: instructions.reference,
    amountMinor: instructions.amountMinor.toString(),
    currency: instructions.currency,
    expiresAt: instructions.expiresAt === null ? null : instructions.expiresAt.toISOString(),
  };
  return JSON.stringify(stored);
}

function field(stored: Record<string, unknown>, name: keyof StoredInstructions): string {
  const value = stored[name];
  if (typeof value !== 'string') throw new TypeError(`Stored payment instructions should hold ${name} as text, found ${value === null ? 'null' : typeof value}`);
  return value;
}

export function instructionsFromJson(json: string): PaymentInstructions {
  const stored = JSON.parse(json) as unknown;
  if (typeof stored !== 'object' || stored === null) throw new TypeError('Stored payment instructions are not a JSON object');
  const record = stored as Record<string, unknown>;
  const type = field(record, 'type');
  if (type !== 'multibanco') throw new TypeError(`Stored payment instructions have an unknown type ${type}`);
  const amountMinor = field(record, 'amountMinor');
  if (!/^(0|[1-9][0-9]*)$/.test(amountMinor)) throw new TypeError(`Stored payment instructions have an amount that is not whole minor units: ${amountMinor}`);
  const expiresAt = record['expiresAt'] === null ? null : new Date(field(record, 'expiresAt'));
  return {
    type,
    entity: field(record, 'entity'),
    reference: field(record, 'reference'),
    amountMinor: BigInt(amountMinor),
    currency: field(record, 'currency'),
    expiresAt,
  };
}
