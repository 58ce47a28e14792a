/**
 * `351#912345678`, the form MB WAY is sent, as people write a phone number: +351 912 345 678.
 * A nine-digit national number (Portugal's) is grouped in threes; others follow the country code
 * as they are. Anything not in that form is shown as it is.
 */
export function phoneForPeople(phone: string): string {
  const match = /^(\d{1,3})#(\d{4,14})$/.exec(phone.trim());
  if (match === null) return phone;
  const [, country = '', national = ''] = match;
  const grouped = national.length === 9 ? `${national.slice(0, 3)} ${national.slice(3, 6)} ${national.slice(6)}` : national;
  return `+${country} ${grouped}`;
}
