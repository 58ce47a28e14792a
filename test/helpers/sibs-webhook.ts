/**
 * A SIBS webhook delivery (an MB WAY payment settled) encrypted as SIBS does, with the profile's
 * webhook secret — or with a broken tag, as a forger without the secret would send it.
 */
import { createCipheriv, randomBytes } from 'node:crypto';

export function sibsDelivery(secret: string, tamper = false): { body: string; headers: Record<string, string> } {
  const payload = {
    returnStatus: { statusCode: '000', statusMsg: 'Success' },
    paymentStatus: 'Success',
    paymentMethod: 'MBWAY',
    transactionID: `s2${randomBytes(8).toString('hex')}`,
    transactionDateTime: new Date().toISOString(),
    amount: { currency: 'EUR', value: 1 },
    merchant: { transactionId: `ref-${randomBytes(4).toString('hex')}` },
    paymentType: 'PURS',
    notificationID: randomBytes(8).toString('hex'),
  };
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(secret, 'base64'), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  if (tamper) tag[0] = (tag[0] ?? 0) ^ 0xff;
  return { body: body.toString('base64'), headers: { 'x-initialization-vector': iv.toString('base64'), 'x-authentication-tag': tag.toString('base64') } };
}
