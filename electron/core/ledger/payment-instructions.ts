/**
 * Payment instructions as stored in payments.instructions. JSON numbers are doubles, so the
 * amount travels as a string of minor units and the expiry as an ISO date.
 */
import type { PaymentInstructions } from '../gateways/types.ts';

export function instructionsToJson(instructions: PaymentInstructions): string {
  return JSON.stringify({
    ...instructions,
    amountMinor: instructions.amountMinor.toString(),
    expiresAt: instructions.expiresAt === null ? null : instructions.expiresAt.toISOString(),
  });
}

function field(stored: Record<string, unknown>, name: string): string {
  const value = stored[name];
  if (typeof value !== 'string') throw new TypeError(`Stored payment instructions should hold ${name} as text, found ${value === null ? 'null' : typeof value}`);
  return value;
}

export function instructionsFromJson(json: string): PaymentInstructions {
  const stored = JSON.parse(json) as unknown;
  if (typeof stored !== 'object' || stored === null) throw new TypeError('Stored payment instructions are not a JSON object');
  const record = stored as Record<string, unknown>;
  const type = field(record, 'type');
  const amountMinor = field(record, 'amountMinor');
  if (!/^(0|[1-9][0-9]*)$/.test(amountMinor)) throw new TypeError(`Stored payment instructions have an amount that is not whole minor units: ${amountMinor}`);
  const common = {
    amountMinor: BigInt(amountMinor),
    currency: field(record, 'currency'),
    expiresAt: record['expiresAt'] === null || record['expiresAt'] === undefined ? null : new Date(field(record, 'expiresAt')),
  };
  switch (type) {
    case 'multibanco':
      return { type, entity: field(record, 'entity'), reference: field(record, 'reference'), ...common };
    case 'bank_transfer':
      return { type, bankName: field(record, 'bankName'), accountNumber: field(record, 'accountNumber'), accountName: field(record, 'accountName'), ...common };
    case 'ussd':
      return { type, bankName: field(record, 'bankName'), code: field(record, 'code'), ...common };
    default:
      throw new TypeError(`Stored payment instructions have an unknown type ${type}`);
  }
}
