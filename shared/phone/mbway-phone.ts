/**
 * MB WAY identifies a customer by a mobile number written `<country code>#<number>`
 * (e.g. `351#912345678`). Agents type numbers in many shapes; this is the one normalisation.
 * Portuguese mobiles have 9 digits starting with 9; other countries are accepted with their code.
 */
export function normalizeMbwayPhone(input: string): string | null {
  const compact = input.replace(/[\s-]/g, '');
  let country: string;
  let national: string;
  const hashed = /^\+?(\d{1,3})#(\d{6,14})$/.exec(compact);
  if (hashed) {
    country = hashed[1] ?? '';
    national = hashed[2] ?? '';
  } else if (/^\d{9}$/.test(compact)) {
    country = '351';
    national = compact;
  } else {
    const international = /^(?:\+|00)(\d{7,15})$/.exec(compact);
    if (!international) return null;
    const digits = international[1] ?? '';
    if (!digits.startsWith('351')) return null;
    country = '351';
    national = digits.slice(3);
  }
  if (country === '351' && !/^9[1236]\d{7}$/.test(national)) return null;
  return `${country}#${national}`;
}
