import { normalizeMbwayPhone } from '../../../shared/phone/mbway-phone.ts';

export type MbwayPhoneState = 'empty' | 'typing' | 'valid' | 'invalid';

export interface MbwayPhoneView {
  readonly state: MbwayPhoneState;
  /** `351#912345678` once the number is complete and valid; what MB WAY will be asked to ring. */
  readonly normalised: string | null;
}

const PHONE_CHARACTERS = /^\+?[\d\s#-]*$/;

/**
 * Feedback while an agent types an MB WAY number: complete and valid (with the normalised form),
 * still short enough to become valid, or wrong already (a letter, a Portuguese number not
 * starting with 9, too many digits).
 */
export function describeMbwayPhone(typed: string): MbwayPhoneView {
  const trimmed = typed.trim();
  if (trimmed === '') return { state: 'empty', normalised: null };
  const normalised = normalizeMbwayPhone(trimmed);
  if (normalised !== null) return { state: 'valid', normalised };
  if (!PHONE_CHARACTERS.test(trimmed)) return { state: 'invalid', normalised: null };
  return { state: couldStillBecomeValid(trimmed) ? 'typing' : 'invalid', normalised: null };
}

function couldStillBecomeValid(typed: string): boolean {
  const compact = typed.replace(/[\s-]/g, '');
  if (compact.includes('#')) {
    const [country = '', national = ''] = compact.replace(/^\+/, '').split('#');
    if (!/^\d{1,3}$/.test(country) || !/^\d*$/.test(national)) return false;
    if (country === '351') return nationalPrefixOk(national) && national.length < 9;
    return national.length < 14;
  }
  if (compact.startsWith('+') || compact.startsWith('00')) {
    const digits = compact.replace(/^(\+|00)/, '');
    if (digits.length <= 3) return '351'.startsWith(digits);
    if (!digits.startsWith('351')) return false;
    const national = digits.slice(3);
    return nationalPrefixOk(national) && national.length < 9;
  }
  return /^\d+$/.test(compact) && nationalPrefixOk(compact) && compact.length < 9;
}

/** Portuguese mobiles start 91, 92, 93 or 96. */
function nationalPrefixOk(national: string): boolean {
  if (national === '') return true;
  if (national[0] !== '9') return false;
  return national.length === 1 || /^9[1236]/.test(national);
}
