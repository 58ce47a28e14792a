/**
 * A gateway's merchant-reference rule as the core applies it: the profile's options that may change
 * it (named the same at every gateway), their checks when a profile is saved, and the check before
 * a payment is journaled or sent.
 */
import {
  MERCHANT_REFERENCE_MAX_LENGTH,
  REFERENCE_CHARACTER_SETS,
  explainReferenceProblem,
  referenceProblem,
  resolveReferenceRule,
  type DeclaredReferenceRule,
  type ReferenceRule,
} from '../../../shared/domain/merchant-reference.ts';
import { ValidationError } from '../errors.ts';
import type { GatewayDescriptor, OptionField, ProfileConfig } from './types.ts';

export const REFERENCE_OPTION_NAMES = { characters: 'referenceCharacters', minLength: 'referenceMinLength', maxLength: 'referenceMaxLength' } as const;

const CHARACTER_CHOICES = `"printable" (accents allowed), "ascii", "letters-digits" or "letters-digits-dot-dash-underscore-equals"`;

/** The option fields for the parts of a rule a gateway leaves to the profile, with the default each falls back to. */
export function referenceOptionFields(declared: DeclaredReferenceRule): OptionField[] {
  const fields: OptionField[] = [];
  const { rule, options = {} } = declared;
  if (options.characters !== undefined) {
    fields.push({ name: options.characters, label: `Characters allowed in merchant references: ${CHARACTER_CHOICES} (default "${rule.characters}")`, type: 'string', required: false });
  }
  if (options.minLength !== undefined) {
    fields.push({ name: options.minLength, label: `Shortest merchant reference, in characters (default ${rule.minLength})`, type: 'number', required: false });
  }
  if (options.maxLength !== undefined) {
    fields.push({ name: options.maxLength, label: `Longest merchant reference, in characters (default ${rule.maxLength}, at most ${MERCHANT_REFERENCE_MAX_LENGTH})`, type: 'number', required: false });
  }
  return fields;
}

/** Problems with a profile's reference options, keyed `options.<name>` as the profile form shows them. */
export function referenceOptionProblems(declared: DeclaredReferenceRule, options: Readonly<Record<string, string | number | boolean>>): Record<string, string> {
  const problems: Record<string, string> = {};
  const names = declared.options ?? {};
  const given = (name: string | undefined) => (name === undefined || options[name] === undefined || options[name] === '' ? undefined : options[name]);
  const characters = given(names.characters);
  if (characters !== undefined && !REFERENCE_CHARACTER_SETS.some((set) => set === String(characters))) {
    problems[`options.${names.characters}`] = `Use ${CHARACTER_CHOICES}`;
  }
  for (const name of [names.minLength, names.maxLength]) {
    const value = given(name);
    if (value !== undefined && (!Number.isInteger(Number(value)) || Number(value) < 1 || Number(value) > MERCHANT_REFERENCE_MAX_LENGTH)) {
      problems[`options.${name}`] = `A whole number from 1 to ${MERCHANT_REFERENCE_MAX_LENGTH}`;
    }
  }
  if (Object.keys(problems).length === 0) {
    const rule = resolveReferenceRule(declared, options);
    const min = given(names.minLength);
    const max = given(names.maxLength);
    if (min !== undefined && max !== undefined && Number(min) > Number(max)) problems[`options.${names.minLength}`] = 'Must not be more than the longest reference';
    else if (min !== undefined && Number(min) > rule.maxLength) problems[`options.${names.minLength}`] = `Must not be more than ${rule.maxLength}`;
  }
  return problems;
}

export function referenceRuleFor(descriptor: Pick<GatewayDescriptor, 'referenceRule'>, profile: Pick<ProfileConfig, 'options'>): ReferenceRule {
  return resolveReferenceRule(descriptor.referenceRule, profile.options);
}

/**
 * Refuses a reference the profile's gateway would refuse, before anything is written or sent, in
 * words that say what that gateway accepts. The reference arrives normalised by the contract.
 */
export function checkMerchantReference(descriptor: Pick<GatewayDescriptor, 'referenceRule' | 'displayName'>, profile: Pick<ProfileConfig, 'options'>, reference: string): void {
  const rule = referenceRuleFor(descriptor, profile);
  const problem = referenceProblem(rule, reference);
  if (problem === null) return;
  const explanation = explainReferenceProblem(descriptor.displayName, rule, problem);
  throw new ValidationError(`The merchant reference is not accepted: ${explanation}`, { merchantReference: explanation });
}
