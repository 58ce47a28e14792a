import { receiverNotificationUrl } from '../../../../../shared/domain/webhook-receiver.ts';

/** Where a gateway delivers this profile's webhooks: the receiver routes each delivery by profile. */
export const notificationUrlFor = receiverNotificationUrl;
