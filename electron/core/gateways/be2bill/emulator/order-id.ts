/**
 * What this platform takes as `ORDERID`. Be2bill publishes no format (fact sheet §4: the SDKs pass
 * it through; seed 004 sends "1234"); the HASH is computed over the raw strings (§3), so this server
 * keeps to the characters every client hashes the same way — printable ASCII, space to tilde — and
 * to 64 of them. Both are our assumption. A refusal is 1002, "The parameter "ORDERID" is invalid."
 */
const ORDER_ID = /^[ -~]{1,64}$/;

export function orderIdAccepted(orderId: string): boolean {
  return ORDER_ID.test(orderId);
}
