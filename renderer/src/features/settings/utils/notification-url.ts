/** Where a gateway delivers this profile's webhooks: the receiver routes each delivery by profile. */
export function notificationUrlFor(baseUrl: string, profileId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/notifications/${encodeURIComponent(profileId)}`;
}
