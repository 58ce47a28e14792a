import { z } from 'zod';
import { idSchema, isoDateTimeSchema, withoutCardNumber } from './schemas.ts';

/**
 * The team's webhook receiver as Settings shows it: the public base URL a merchant's TLS proxy
 * answers on (the receiver service's `publicBaseUrl`), and under it the address each profile's
 * gateway posts to. Gateways post only to HTTPS; plain HTTP is taken for this machine alone.
 */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export const receiverPublicBaseUrlSchema = withoutCardNumber(z.string().trim().min(8).max(2048)).superRefine((value, context) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    context.addIssue({ code: 'custom', message: 'Write it as https://hooks.example.com' });
    return;
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) context.addIssue({ code: 'custom', message: 'Gateways post webhooks to https:// addresses only' });
  if (url.username !== '' || url.password !== '') context.addIssue({ code: 'custom', message: 'Remove the user name and password from the URL' });
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') context.addIssue({ code: 'custom', message: 'Give the scheme, host and port only: the console adds /notifications/<profile>' });
});

/** `https://hooks.example.com/` and `https://hooks.example.com` are the same address; stored without the slash. */
export function normalisedReceiverBaseUrl(value: string): string {
  return new URL(value.trim()).origin;
}

export const receiverSettingsAnswerSchema = z.object({
  publicBaseUrl: z.string().nullable(),
  updatedAt: isoDateTimeSchema.nullable(),
  updatedBy: z.string().nullable(),
  /** The address to paste into each profile's gateway back office; empty while no base URL is set. */
  profiles: z.array(z.object({ profileId: idSchema, url: z.string() })),
});
export type ReceiverSettingsAnswer = z.infer<typeof receiverSettingsAnswerSchema>;

/** The path every receiver (the desktop's and the team's) takes a profile's deliveries on. */
export function receiverNotificationUrl(baseUrl: string, profileId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/notifications/${encodeURIComponent(profileId)}`;
}
