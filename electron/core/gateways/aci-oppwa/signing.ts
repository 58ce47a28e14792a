/**
 * OPPWA authentication (fact sheet §1): a Bearer access token per merchant or channel, and the
 * channel's `entityId` on every call (in the form body of POSTs, in the query of GET and DELETE).
 * The legacy `authentication.userId/password` fields are deprecated and never sent.
 */

export function bearerHeaders(accessToken: string, withFormBody: boolean): Record<string, string> {
  return {
    Authorization: `Bearer ${accessToken}`,
    Accept: 'application/json',
    ...(withFormBody ? { 'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8' } : {}),
  };
}
