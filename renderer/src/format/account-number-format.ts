/**
 * Bank account numbers as read out over the phone. A 10-digit Nigerian NUBAN is said in 3-3-4
 * like a phone number ("012 345 6789"); anything else (an IBAN, a longer local number) in the
 * groups of four that IBANs are printed in.
 */
export function formatAccountNumberForReading(accountNumber: string): string {
  const compact = accountNumberCompact(accountNumber);
  if (compact === '') return accountNumber.trim();
  if (/^\d{10}$/.test(compact)) return `${compact.slice(0, 3)} ${compact.slice(3, 6)} ${compact.slice(6)}`;
  return compact.replace(/(.{4})(?=.)/g, '$1 ');
}

/** Letters and digits only, upper case, for pasting into a banking app. */
export function accountNumberCompact(accountNumber: string): string {
  return accountNumber.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
}
