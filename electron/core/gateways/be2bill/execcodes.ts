/**
 * The EXECCODE table (fact sheet §6: go-be2bill's constants and thelia's ExecCodeService agree on
 * every code; Payum's labels for 2002–2004 are wrong and not followed). Each code carries how the
 * console treats it; a code missing here is never guessed (UnexpectedGatewayResponseError).
 *
 * Where the class alone would mislead, the handling says what the code means for money:
 *  - 3001 (account disabled) and 3002 (server IP not authorised) refuse the account, not the card:
 *    nothing the operator does with this payment changes them, so they are credential errors;
 *  - 4009, 4015 and 4017 are expiries (3-D Secure, transaction, merchant form), not refusals;
 *  - 5001 and 5003 are answered by a host that did not process the request: the only codes on which
 *    clients fail over to the other host (the Magento module; Payum and thelia for 5003);
 *  - 5002 (bank network error) and 5005 (3-D Secure module display error) are platform errors no
 *    source says came before the transaction was processed: the outcome is unknown until a lookup
 *    settles it;
 *  - 3004 (transaction rate limit exceeded) is throttling, which no source says leaves the request
 *    unprocessed: on an answer the outcome is unknown (a lookup reads the stored row, a refusal);
 *  - 5004 (timeout) is explicitly "the final result will come via the notification": pending;
 *  - 6xxx are refusals by merchant or platform rules, declines like the bank's.
 */

export type Be2billExecCodeClass = 'success' | 'action' | 'pending' | 'request' | 'reference' | 'account' | 'bank' | 'platform' | 'rules';

export type Be2billExecCodeHandling =
  | 'succeeded'
  | 'threeds'
  | 'redirect'
  | 'pending'
  | 'invalid-request'
  | 'authentication'
  | 'reference-refusal'
  | 'declined'
  | 'expired'
  | 'failover'
  | 'rate-limited'
  | 'unknown-outcome'
  | 'failed';

export interface Be2billExecCode {
  readonly code: string;
  readonly meaning: string;
  readonly codeClass: Be2billExecCodeClass;
  readonly handling: Be2billExecCodeHandling;
}

function entry(code: string, meaning: string, codeClass: Be2billExecCodeClass, handling: Be2billExecCodeHandling): Be2billExecCode {
  return { code, meaning, codeClass, handling };
}

export const BE2BILL_EXEC_CODES: readonly Be2billExecCode[] = [
  entry('0000', 'Operation succeeded', 'success', 'succeeded'),
  entry('0001', '3-D Secure authentication required', 'action', 'threeds'),
  entry('0002', 'Redirection required to finish the transaction', 'action', 'redirect'),
  entry('0003', 'Transaction in progress, notification pending', 'pending', 'pending'),
  entry('1001', 'Parameter missing', 'request', 'invalid-request'),
  entry('1002', 'Invalid parameter', 'request', 'invalid-request'),
  entry('1003', 'HASH error', 'request', 'authentication'),
  entry('1004', 'Unsupported protocol', 'request', 'invalid-request'),
  entry('1005', 'Bad request', 'request', 'invalid-request'),
  entry('1006', 'GET parameters forbidden', 'request', 'invalid-request'),
  entry('2001', 'Alias not found', 'reference', 'reference-refusal'),
  entry('2002', 'Reference transaction not found', 'reference', 'reference-refusal'),
  entry('2003', 'Reference transaction unsuccessful', 'reference', 'reference-refusal'),
  entry('2004', 'Reference transaction not refundable', 'reference', 'reference-refusal'),
  entry('2005', 'Reference authorization cannot be captured', 'reference', 'reference-refusal'),
  entry('2006', 'Reference transaction not finished', 'reference', 'reference-refusal'),
  entry('2007', 'Invalid capture amount', 'reference', 'reference-refusal'),
  entry('2008', 'Invalid refund amount', 'reference', 'reference-refusal'),
  entry('2009', 'Authorization expired', 'reference', 'reference-refusal'),
  entry('2010', 'Schedule not found', 'reference', 'reference-refusal'),
  entry('2011', 'Schedule already interrupted', 'reference', 'reference-refusal'),
  entry('2012', 'Schedule already finished', 'reference', 'reference-refusal'),
  entry('3001', 'Account disabled', 'account', 'authentication'),
  entry('3002', 'Server IP not authorized', 'account', 'authentication'),
  entry('3003', 'Transaction not permitted', 'account', 'declined'),
  entry('3004', 'Transaction rate limit exceeded', 'account', 'rate-limited'),
  entry('4001', 'Refused by the bank network', 'bank', 'declined'),
  entry('4002', 'Insufficient funds', 'bank', 'declined'),
  entry('4003', 'Card refused by the bank network', 'bank', 'declined'),
  entry('4004', 'Transaction abandoned by the customer', 'bank', 'declined'),
  entry('4005', 'Suspected fraud', 'bank', 'declined'),
  entry('4006', 'Card reported lost', 'bank', 'declined'),
  entry('4007', 'Card reported stolen', 'bank', 'declined'),
  entry('4008', '3-D Secure authentication failed', 'bank', 'declined'),
  entry('4009', '3-D Secure authentication expired', 'bank', 'expired'),
  entry('4010', 'Invalid transaction', 'bank', 'declined'),
  entry('4011', 'Duplicate transaction', 'bank', 'declined'),
  entry('4012', 'Invalid card data', 'bank', 'declined'),
  entry('4013', 'Not allowed by the bank network for this cardholder', 'bank', 'declined'),
  entry('4014', 'Card not enrolled in 3-D Secure', 'bank', 'declined'),
  entry('4015', 'Transaction expired', 'bank', 'expired'),
  entry('4016', 'Refused by the payment terminal', 'bank', 'declined'),
  entry('4017', 'Form expiry date set by the merchant passed', 'bank', 'expired'),
  entry('5001', 'Exchange protocol error', 'platform', 'failover'),
  entry('5002', 'Bank network error', 'platform', 'unknown-outcome'),
  entry('5003', 'System under maintenance', 'platform', 'failover'),
  entry('5004', 'Timeout; the final result will come by notification', 'platform', 'pending'),
  entry('5005', '3-D Secure module display error', 'platform', 'unknown-outcome'),
  entry('6001', 'Refused by the merchant', 'rules', 'declined'),
  entry('6002', 'Refused', 'rules', 'declined'),
  entry('6003', 'The cardholder has already disputed a transaction', 'rules', 'declined'),
  entry('6004', 'Refused by merchant and/or platform rules', 'rules', 'declined'),
];

const BY_CODE: ReadonlyMap<string, Be2billExecCode> = new Map(BE2BILL_EXEC_CODES.map((item) => [item.code, item]));

export function execCodeEntry(code: string): Be2billExecCode | null {
  return BY_CODE.get(code) ?? null;
}

/** Answers after which the same request goes to the other host (§1: Magento fails over on these). */
export function isFailoverExecCode(code: string): boolean {
  return execCodeEntry(code)?.handling === 'failover';
}
