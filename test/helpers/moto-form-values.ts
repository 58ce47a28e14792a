/** A MOTO form as an agent fills it in correctly; tests change one field at a time. */
import type { MotoFormValues } from '../../renderer/src/features/new-payment/utils/moto-form.ts';

export function motoFormValues(overrides: Partial<MotoFormValues> = {}): MotoFormValues {
  return {
    amount: '12.30',
    currency: 'EUR',
    reference: '',
    cardNumber: '4111 1111 1111 1111',
    expiry: '12/27',
    cvv: '123',
    holder: 'Ana Silva',
    email: '',
    phone: '',
    kind: 'sale',
    storeCard: false,
    ...overrides,
  };
}
