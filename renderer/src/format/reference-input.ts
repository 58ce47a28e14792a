import { CONTRACT_REFERENCE_RULE, normaliseReference, referenceProblem, resolveReferenceRule, type ReferenceCharacters, type ReferenceRule } from '../../../shared/domain/merchant-reference.ts';
import type { ChannelOutput, Profile } from '../../../shared/ipc/contract.ts';
import type { MessageKey } from '../i18n/en.ts';
import type { Translate } from '../i18n/translate.ts';
import { cardNumberInTextProblem } from './free-text.ts';

/*
 * The reference field's rule is the active profile's gateway's, as `gateways:list` declares it and
 * the profile's options narrow it: the same data and functions the core checks with, so the form
 * says what the gateway will take before anything is sent.
 */

/** The reference rule and the gateway's name, for a form's field and its hint. */
export interface ReferenceField {
  readonly gatewayName: string | null;
  readonly rule: ReferenceRule;
}

/** With no profile chosen yet, only what every gateway shares applies. */
export const ANY_GATEWAY_REFERENCE: ReferenceField = { gatewayName: null, rule: CONTRACT_REFERENCE_RULE };

type GatewayListed = ChannelOutput<'gateways:list'>[number];

export function referenceFieldOf(gateway: Pick<GatewayListed, 'displayName' | 'referenceRule'> | null, profile: Pick<Profile, 'options'> | null): ReferenceField {
  if (gateway === null) return ANY_GATEWAY_REFERENCE;
  return { gatewayName: gateway.displayName, rule: resolveReferenceRule(gateway.referenceRule, profile?.options ?? {}) };
}

const CHARACTER_WORDS: Readonly<Record<ReferenceCharacters, MessageKey>> = {
  printable: 'reference.characters.printable',
  ascii: 'reference.characters.ascii',
  'letters-digits': 'reference.characters.lettersDigits',
  'letters-digits-dot-dash-underscore-equals': 'reference.characters.urlSafe',
};

function lengthWords(rule: ReferenceRule, t: Translate): string {
  return rule.minLength > 1 ? t('reference.length.range', { min: rule.minLength, max: rule.maxLength }) : t('reference.length.max', { max: rule.maxLength });
}

/** The rule in a sentence, shown under the field. */
export function describeReference(field: ReferenceField, t: Translate): string {
  const vars = { characters: t(CHARACTER_WORDS[field.rule.characters]), length: lengthWords(field.rule, t) };
  return field.gatewayName === null ? t('reference.rule.any', vars) : t('reference.rule', { ...vars, gateway: field.gatewayName });
}

function quoted(characters: readonly string[], t: Translate): string {
  return characters.map((character) => (/^\s$/u.test(character) ? t('reference.space') : `«${character}»`)).join(', ');
}

/** Why the typed reference would be refused, in words naming what the gateway takes; null when it is fine or empty. */
export function referenceInputProblem(typed: string, field: ReferenceField, t: Translate): string | null {
  const reference = normaliseReference(typed);
  if (reference === '') return null;
  const misplaced = cardNumberInTextProblem(reference, t);
  if (misplaced !== null) return misplaced;
  const problem = referenceProblem(field.rule, reference);
  if (problem === null) return null;
  const rule = describeReference(field, t);
  switch (problem.kind) {
    case 'characters':
      return t('reference.error.characters', { refused: quoted(problem.refused, t), rule });
    case 'tooShort':
      return t('reference.error.tooShort', { min: problem.minLength, rule });
    case 'tooLong':
      return t('reference.error.tooLong', { max: problem.maxLength, rule });
  }
}
