/**
 * What a gateway accepts as the merchant's reference for a payment (SIBS
 * `merchant.merchantTransactionId`, OPPWA `merchantTransactionId`, Be2bill `ORDERID`, Sayswitch
 * `reference`). Each gateway's descriptor declares its rule; the core checks it before anything is
 * journaled or sent, and the renderer shows it in words while the operator types. Plain data, so it
 * crosses the IPC contract unchanged and both sides read it with the same functions.
 */

/**
 * The character sets gateways document or imply:
 * - `printable`: any letter (accented too), mark, digit, punctuation, symbol or space; no control
 *   or invisible formatting characters;
 * - `ascii`: printable ASCII (space to tilde);
 * - `letters-digits`: A–Z, a–z and 0–9 only;
 * - `letters-digits-dot-dash-underscore-equals`: those plus `.`, `-`, `_` and `=`.
 */
export const REFERENCE_CHARACTER_SETS = ['printable', 'ascii', 'letters-digits', 'letters-digits-dot-dash-underscore-equals'] as const;
export type ReferenceCharacters = (typeof REFERENCE_CHARACTER_SETS)[number];

const CHARACTER_PATTERNS: Readonly<Record<ReferenceCharacters, RegExp>> = {
  printable: /^[\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}]*$/u,
  ascii: /^[\x20-\x7E]*$/,
  'letters-digits': /^[A-Za-z0-9]*$/,
  'letters-digits-dot-dash-underscore-equals': /^[A-Za-z0-9._=-]*$/,
};

/**
 * Lengths count Unicode code points: no gateway document found counts bytes, and "café" is four
 * characters to the person typing it whichever way its accent was entered (it is stored as NFC).
 */
export interface ReferenceRule {
  readonly characters: ReferenceCharacters;
  readonly minLength: number;
  readonly maxLength: number;
}

/**
 * A gateway's rule as its descriptor declares it: the documented (or inferred) default, and the
 * profile options that change a part of it where the documents leave it open or a white-label
 * narrows it.
 */
export interface DeclaredReferenceRule {
  readonly rule: ReferenceRule;
  readonly options?: {
    readonly characters?: string;
    readonly minLength?: string;
    readonly maxLength?: string;
  };
}

/**
 * The longest reference any gateway takes (OPPWA's 255): the contract refuses longer text before a
 * gateway is even chosen.
 */
export const MERCHANT_REFERENCE_MAX_LENGTH = 255;

/** What every gateway has in common: the contract's own check. */
export const CONTRACT_REFERENCE_RULE: ReferenceRule = { characters: 'printable', minLength: 1, maxLength: MERCHANT_REFERENCE_MAX_LENGTH };

/** The reference as it is checked, stored and sent: trimmed and in NFC, so "café" is one reference however its accent was typed. */
export function normaliseReference(text: string): string {
  return text.trim().normalize('NFC');
}

export function referenceLength(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

export function referenceCharactersAllowed(characters: ReferenceCharacters, text: string): boolean {
  return CHARACTER_PATTERNS[characters].test(text);
}

export type ReferenceProblem =
  | { readonly kind: 'characters'; readonly characters: ReferenceCharacters; readonly refused: readonly string[] }
  | { readonly kind: 'tooShort'; readonly minLength: number }
  | { readonly kind: 'tooLong'; readonly maxLength: number };

/** Why a reference (already normalised) breaks the rule, or null when it keeps it. */
export function referenceProblem(rule: ReferenceRule, reference: string): ReferenceProblem | null {
  if (!referenceCharactersAllowed(rule.characters, reference)) {
    const refused = [...new Set([...reference].filter((character) => !referenceCharactersAllowed(rule.characters, character)))];
    return { kind: 'characters', characters: rule.characters, refused };
  }
  const length = referenceLength(reference);
  if (length < rule.minLength) return { kind: 'tooShort', minLength: rule.minLength };
  if (length > rule.maxLength) return { kind: 'tooLong', maxLength: rule.maxLength };
  return null;
}

function wholeNumberOption(raw: string | number | boolean | undefined, floor: number, ceiling: number): number | null {
  if (raw === undefined || raw === '') return null;
  const value = Number(raw);
  return Number.isInteger(value) && value >= floor && value <= ceiling ? value : null;
}

/**
 * The rule a profile works under: the declared default with the profile's options applied. An
 * option outside what the contract allows (a maximum above 255, an unknown character set) is
 * ignored here; the gateway's option reader refuses it when the profile is saved.
 */
export function resolveReferenceRule(declared: DeclaredReferenceRule, options: Readonly<Record<string, string | number | boolean>>): ReferenceRule {
  const names = declared.options ?? {};
  const rawCharacters = names.characters === undefined ? undefined : options[names.characters];
  const characters = REFERENCE_CHARACTER_SETS.find((set) => set === String(rawCharacters)) ?? declared.rule.characters;
  const minLength = (names.minLength === undefined ? null : wholeNumberOption(options[names.minLength], 1, MERCHANT_REFERENCE_MAX_LENGTH)) ?? declared.rule.minLength;
  const maxLength = (names.maxLength === undefined ? null : wholeNumberOption(options[names.maxLength], 1, MERCHANT_REFERENCE_MAX_LENGTH)) ?? declared.rule.maxLength;
  return { characters, minLength, maxLength: Math.max(minLength, maxLength) };
}

const CHARACTER_WORDS: Readonly<Record<ReferenceCharacters, string>> = {
  printable: 'letters (accents included), digits, spaces and punctuation',
  ascii: 'unaccented letters, digits, spaces and punctuation',
  'letters-digits': 'unaccented letters and digits only',
  'letters-digits-dot-dash-underscore-equals': 'unaccented letters, digits and . - _ = only (no spaces)',
};

/** The rule in a sentence for an operator, as the core's refusal says it. */
export function describeReferenceRule(gatewayName: string, rule: ReferenceRule): string {
  const length = rule.minLength > 1 ? `${rule.minLength} to ${rule.maxLength} characters` : `at most ${rule.maxLength} characters`;
  return `${gatewayName} accepts ${CHARACTER_WORDS[rule.characters]}, ${length}`;
}

/** The refusal for one problem, naming what was wrong before what is accepted. */
export function explainReferenceProblem(gatewayName: string, rule: ReferenceRule, problem: ReferenceProblem): string {
  const accepted = describeReferenceRule(gatewayName, rule);
  switch (problem.kind) {
    case 'characters':
      return `${accepted}; this reference has ${problem.refused.map((character) => (character === ' ' ? 'a space' : `“${character}”`)).join(', ')}`;
    case 'tooShort':
      return `${accepted}; this reference is shorter`;
    case 'tooLong':
      return `${accepted}; this reference is longer`;
  }
}
