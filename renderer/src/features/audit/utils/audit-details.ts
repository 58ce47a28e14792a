/**
 * An entry's details as one line the list can show: the core stores them as canonical JSON
 * (sorted keys), which is exact but hard to scan; `amount: 15.00, currency: EUR, reason: …` reads.
 * Text that is not a JSON object is shown as it is.
 */
export function detailsLine(details: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(details);
  } catch {
    return details;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return details;
  return Object.entries(parsed as Record<string, unknown>)
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join(', ');
}
