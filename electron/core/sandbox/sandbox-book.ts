/**
 * An emulator's book in the one shape every gateway shares, served read-only at
 * `GET /control/<gatewayId>/book`: what the gateway did, payment by payment, including the
 * back-office requests it received and refused. It is the ground truth the soak suites compare the
 * ledger with, so it says what the gateway did, never what the console believes.
 */
import { z } from 'zod';

const minorUnits = z.string().regex(/^\d+$/);

export const sandboxBookOperationSchema = z.object({
  /** The gateway's id of the operation; null when it refused the request without booking it. */
  gatewayId: z.string().nullable(),
  /** The merchant's reference the request carried; null where the gateway's wire has none (Sayswitch refunds). */
  merchantReference: z.string().nullable(),
  kind: z.enum(['capture', 'refund', 'void']),
  amountMinor: minorUnits,
  /**
   * `succeeded`: the money moved. `pending`: accepted, it moves without further requests (a
   * Sayswitch refund). `refused`: received and refused by the gateway's own rules (balance, state).
   */
  state: z.enum(['succeeded', 'pending', 'refused']),
  at: z.iso.datetime(),
});
export type SandboxBookOperation = z.infer<typeof sandboxBookOperationSchema>;

export const sandboxBookPaymentSchema = z.object({
  gatewayId: z.string(),
  merchantReference: z.string(),
  kind: z.enum(['sale', 'auth']),
  /** Charged with a stored card, without the customer. */
  merchantInitiated: z.boolean(),
  /** `succeeded`: authorised or paid; `pending`: waiting on the customer or the network; `failed`: declined, expired, cancelled. */
  state: z.enum(['succeeded', 'pending', 'failed']),
  currency: z.string(),
  amountMinor: minorUnits,
  operations: z.array(sandboxBookOperationSchema),
});
export type SandboxBookPayment = z.infer<typeof sandboxBookPaymentSchema>;

export const sandboxBookSchema = z.object({ payments: z.array(sandboxBookPaymentSchema) });
export type SandboxBook = z.infer<typeof sandboxBookSchema>;

/** A back-office request the gateway refused, kept so the book shows what it received. */
export interface RefusedRequest {
  /** The payment (the gateway's id of the base transaction) the request was about. */
  readonly paymentGatewayId: string;
  readonly merchantReference: string | null;
  readonly kind: SandboxBookOperation['kind'];
  readonly amountMinor: bigint;
  readonly at: Date;
}

export function refusedOperation(refusal: RefusedRequest): SandboxBookOperation {
  return { gatewayId: null, merchantReference: refusal.merchantReference, kind: refusal.kind, amountMinor: refusal.amountMinor.toString(), state: 'refused', at: refusal.at.toISOString() };
}

/** Refusals grouped by the payment they were about. */
export function refusalsByPayment(refusals: readonly RefusedRequest[]): Map<string, SandboxBookOperation[]> {
  const grouped = new Map<string, SandboxBookOperation[]>();
  for (const refusal of refusals) {
    const list = grouped.get(refusal.paymentGatewayId) ?? [];
    list.push(refusedOperation(refusal));
    grouped.set(refusal.paymentGatewayId, list);
  }
  return grouped;
}
