/**
 * The EXECCODEs the emulated platform answers with and the MESSAGE each carries (fact sheet §6, the
 * table go-be2bill and thelia agree on). Where §5 quotes a real message it is used word for word;
 * the rest are the table's meanings. The platform's other wordings are not published.
 */
const QUOTED: Readonly<Record<string, string>> = {
  '0000': 'The transaction has been accepted.',
  '4001': 'The bank refused the transaction.',
};

const MEANINGS: Readonly<Record<string, string>> = {
  '0000': 'Operation succeeded',
  '0001': '3-D Secure authentication required',
  '0002': 'Redirection required to finish the transaction',
  '0003': 'Transaction in progress, notification pending',
  '1001': 'Parameter missing',
  '1002': 'Invalid parameter',
  '1003': 'HASH error',
  '1004': 'Unsupported protocol',
  '1005': 'Bad request',
  '1006': 'GET parameters forbidden',
  '2001': 'Alias not found',
  '2002': 'Reference transaction not found',
  '2003': 'Reference transaction unsuccessful',
  '2004': 'Reference transaction not refundable',
  '2005': 'Reference authorization cannot be captured',
  '2006': 'Reference transaction not finished',
  '2007': 'Invalid capture amount',
  '2008': 'Invalid refund amount',
  '2009': 'Authorization expired',
  '2010': 'Schedule not found',
  '2011': 'Schedule already interrupted',
  '2012': 'Schedule already finished',
  '3001': 'Account disabled',
  '3002': 'Server IP not authorized',
  '3003': 'Transaction not permitted',
  '3004': 'Transaction rate limit exceeded',
  '4001': 'Refused by the bank network',
  '4002': 'Insufficient funds',
  '4003': 'Card refused by the bank network',
  '4004': 'Transaction abandoned by the customer',
  '4005': 'Suspected fraud',
  '4006': 'Card reported lost',
  '4007': 'Card reported stolen',
  '4008': '3-D Secure authentication failed',
  '4009': '3-D Secure authentication expired',
  '4010': 'Invalid transaction',
  '4011': 'Duplicate transaction',
  '4012': 'Invalid card data',
  '4013': 'Not allowed by the bank network for this cardholder',
  '4014': 'Card not enrolled in 3-D Secure',
  '4015': 'Transaction expired',
  '4016': 'Refused by the payment terminal',
  '4017': 'Form expiry date passed',
  '5001': 'Exchange protocol error',
  '5002': 'Bank network error',
  '5003': 'System under maintenance',
  '5004': 'Timeout; the result will follow by notification',
  '5005': '3-D Secure module display error',
  '6001': 'Refused by the merchant',
  '6002': 'Refused',
  '6003': 'The cardholder has already disputed a transaction',
  '6004': 'Refused by merchant and/or platform rules',
};

export function platformMessage(code: string): string {
  return QUOTED[code] ?? `${MEANINGS[code] ?? 'Unknown error'}.`;
}
