/** A card sale on a gateway's built-in sandbox profile, through the door, with the OTP step where the gateway asks for one. */
import { sandboxProfileId } from '../../electron/core/workspace/sandbox-workspace.ts';
import { PLAYS } from '../soak/lib/driver.ts';
import type { TestedGatewayId } from './gateway-ids.ts';
import type { TestCore } from './test-core.ts';

export async function sandboxSale(t: TestCore, gatewayId: TestedGatewayId, amount: string, holder: string): Promise<string> {
  const play = PLAYS[gatewayId];
  const created = await t.value('payments:createMoto', {
    profileId: sandboxProfileId(gatewayId),
    kind: 'sale',
    money: { amount, currency: play.currency },
    customer: { email: 'sandbox-sale@example.com' },
    card: { ...play.card, expiryMonth: 12, expiryYear: new Date().getUTCFullYear() + 2, holder },
  });
  if (play.otp !== undefined) await t.value('payments:continueAction', { paymentId: created.paymentId, otp: play.otp });
  return created.paymentId;
}
