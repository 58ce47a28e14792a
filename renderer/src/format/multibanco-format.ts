/** "123456789" → "123 456 789": the way a Multibanco reference is printed and read out. */
export function formatMultibancoReference(reference: string): string {
  const digits = reference.replace(/\D/g, '');
  if (digits === '') return reference.trim();
  return digits.replace(/(\d{3})(?=\d)/g, '$1 ');
}

/** The digits alone, for pasting into a home-banking form. */
export function multibancoDigits(value: string): string {
  return value.replace(/\D/g, '');
}
