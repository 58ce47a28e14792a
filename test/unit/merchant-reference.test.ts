/**
 * Each gateway's merchant-reference rule, with examples from its documents; the contract's share of
 * it (trimmed, NFC, no control or invisible characters, at most 255); the profile options that
 * narrow it; and the forms' words for it in both languages, which must agree with the core.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { merchantReferenceSchema } from '../../shared/domain/schemas.ts';
import { referenceProblem } from '../../shared/domain/merchant-reference.ts';
import { checkMerchantReference, referenceOptionProblems, referenceRuleFor } from '../../electron/core/gateways/reference-rule.ts';
import { ValidationError } from '../../electron/core/errors.ts';
import { aciOppwa } from '../../electron/core/gateways/aci-oppwa/index.ts';
import { be2bill } from '../../electron/core/gateways/be2bill/index.ts';
import { sayswitch } from '../../electron/core/gateways/sayswitch/index.ts';
import { sibsSpg } from '../../electron/core/gateways/sibs-spg/index.ts';
import { referenceFieldOf, referenceInputProblem, describeReference } from '../../renderer/src/format/reference-input.ts';
import { translate } from '../../renderer/src/i18n/translate.ts';
import type { GatewayDescriptor } from '../../electron/core/gateways/types.ts';

const NO_OPTIONS = { options: {} };

function accepts(descriptor: GatewayDescriptor, reference: string, options: Record<string, string | number> = {}): boolean {
  return referenceProblem(referenceRuleFor(descriptor, { options }), reference) === null;
}

test('SIBS takes what its own sample sends, and accented Portuguese references, up to 64 characters', () => {
  const sibs = sibsSpg.descriptor;
  assert.ok(accepts(sibs, 'Order ID: r1cm97qqjv')); // seed 001
  assert.ok(accepts(sibs, 'ORDER-0001')); // fact sheet §2
  assert.ok(accepts(sibs, 'Encomenda nº 15'));
  assert.ok(accepts(sibs, 'Café Lisboa 12'));
  assert.ok(accepts(sibs, 'x'.repeat(64)));
  assert.equal(accepts(sibs, 'x'.repeat(65)), false);
  assert.equal(accepts(sibs, 'ORDER\u200B1'), false);
  assert.ok(accepts(sibs, 'x'.repeat(100), { referenceMaxLength: 100 }));
  assert.equal(accepts(sibs, 'Café', { referenceCharacters: 'ascii' }), false);
});

test('OPPWA takes any text up to 255 characters; a white-label such as Peach narrows it by options', () => {
  const oppwa = aciOppwa.descriptor;
  assert.ok(accepts(oppwa, 'P175')); // CardCorp's sample answer: the documented minimum of 8 is not enforced
  assert.ok(accepts(oppwa, 'Café Lisboa nº 12 — encomenda'));
  assert.ok(accepts(oppwa, 'é'.repeat(255)));
  assert.equal(accepts(oppwa, 'é'.repeat(256)), false);
  const peach = { referenceCharacters: 'letters-digits', referenceMinLength: 8, referenceMaxLength: 16 };
  assert.equal(accepts(oppwa, 'THIS-ID-IS-TOO-LONG-123', peach), false); // Peach's technical bulletin
  assert.ok(accepts(oppwa, 'ABCD1234', peach));
  assert.equal(accepts(oppwa, 'ABC1234', peach), false);
  assert.equal(accepts(oppwa, 'ABCD-1234', peach), false);
});

test('Be2bill takes printable ASCII up to 64 characters by default, and accents only when a profile says so', () => {
  const b2b = be2bill.descriptor;
  assert.ok(accepts(b2b, '1234')); // seed 004
  assert.ok(accepts(b2b, 'order_21')); // the HASH test vector's ORDERID
  assert.ok(accepts(b2b, 'Commande 15 (tel.)'));
  assert.equal(accepts(b2b, 'Café'), false);
  assert.equal(accepts(b2b, 'Encomenda nº 15'), false);
  assert.ok(accepts(b2b, 'Café', { referenceCharacters: 'printable' }));
});

test('Sayswitch takes letters, digits and - . _ = (a reference travels in a URL path), no spaces', () => {
  const ssw = sayswitch.descriptor;
  assert.ok(accepts(ssw, 'SSW_1234567890123')); // Sayswitch's own generated shape
  assert.ok(accepts(ssw, 'REF1')); // the webhook vector's reference
  assert.ok(accepts(ssw, 'order-15.v2=a'));
  assert.equal(accepts(ssw, 'Encomenda 15'), false);
  assert.equal(accepts(ssw, 'nº15'), false);
  assert.equal(accepts(ssw, 'a/b'), false);
});

test('the core refuses with a ValidationError on merchantReference naming the gateway and what it takes', () => {
  assert.throws(
    () => checkMerchantReference(sayswitch.descriptor, NO_OPTIONS, 'Encomenda nº 15'),
    (error: unknown) =>
      error instanceof ValidationError &&
      error.fields?.['merchantReference'] === 'Sayswitch accepts unaccented letters, digits and . - _ = only (no spaces), at most 64 characters; this reference has a space, “º”',
  );
  assert.throws(() => checkMerchantReference(be2bill.descriptor, NO_OPTIONS, 'x'.repeat(65)), (error: unknown) => error instanceof ValidationError && /this reference is longer$/.test(error.fields?.['merchantReference'] ?? ''));
  assert.doesNotThrow(() => checkMerchantReference(sibsSpg.descriptor, NO_OPTIONS, 'Encomenda nº 15'));
});

test('the contract trims, composes accents (NFC) and refuses control and invisible characters', () => {
  const decomposed = 'Cafe\u0301 Lisboa';
  assert.equal(merchantReferenceSchema.parse(`  ${decomposed} `), 'Café Lisboa');
  assert.equal(merchantReferenceSchema.parse(decomposed), merchantReferenceSchema.parse('Café Lisboa'));
  for (const bad of ['', '   ', 'ORDER\n1', 'ORDER\u0007', 'ORDER\u200B1', 'ORDER\u202E1', 'x'.repeat(256)]) {
    assert.equal(merchantReferenceSchema.safeParse(bad).success, false, JSON.stringify(bad));
  }
  assert.ok(merchantReferenceSchema.safeParse('😀'.repeat(255)).success, 'counted in characters, not UTF-16 units');
});

test('a profile’s reference options are checked when it is saved', () => {
  const declared = aciOppwa.descriptor.referenceRule;
  assert.deepEqual(referenceOptionProblems(declared, {}), {});
  assert.deepEqual(Object.keys(referenceOptionProblems(declared, { referenceCharacters: 'emoji' })), ['options.referenceCharacters']);
  assert.deepEqual(Object.keys(referenceOptionProblems(declared, { referenceMaxLength: 300 })), ['options.referenceMaxLength']);
  assert.deepEqual(Object.keys(referenceOptionProblems(declared, { referenceMinLength: 20, referenceMaxLength: 16 })), ['options.referenceMinLength']);
  // Be2bill leaves only characters and maximum open: no minimum option to misuse.
  assert.equal(be2bill.descriptor.optionFields.some((field) => field.name === 'referenceMinLength'), false);
});

test('every rule a gateway declares accepts nothing the contract refuses', () => {
  const gateways = [sibsSpg, aciOppwa, be2bill, sayswitch].map((definition) => definition.descriptor);
  fc.assert(
    fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 80 })), fc.constantFrom(...gateways), (reference, descriptor) => {
      if (accepts(descriptor, reference)) assert.ok(merchantReferenceSchema.safeParse(reference).success, JSON.stringify(reference));
    }),
  );
});

const en = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate('en', key, vars);
const pt = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate('pt-PT', key, vars);

/** The gateway as `gateways:list` sends it to the renderer. */
function listed(descriptor: GatewayDescriptor) {
  return { displayName: descriptor.displayName, referenceRule: { rule: { ...descriptor.referenceRule.rule }, options: { ...descriptor.referenceRule.options } } };
}

test('the forms show each gateway’s rule in both languages', () => {
  const b2b = referenceFieldOf(listed(be2bill.descriptor), { options: {} });
  assert.equal(describeReference(b2b, en), 'Be2bill / Dalenys takes letters without accents, digits, spaces and punctuation, at most 64 characters.');
  assert.equal(describeReference(b2b, pt), 'Com Be2bill / Dalenys, a referência pode ter letras sem acentos, algarismos, espaços e pontuação, no máximo 64 caracteres.');
  const sibs = referenceFieldOf(listed(sibsSpg.descriptor), { options: {} });
  assert.equal(referenceInputProblem('Encomenda nº 15', sibs, pt), null);
  assert.equal(
    referenceInputProblem('Encomenda nº 15', referenceFieldOf(listed(sayswitch.descriptor), { options: {} }), pt),
    'Não aceite aqui: espaços, «º». Com Sayswitch, a referência pode ter apenas letras sem acentos, algarismos e os sinais - . _ =, sem espaços, no máximo 64 caracteres.',
  );
  const peach = referenceFieldOf(listed(aciOppwa.descriptor), { options: { referenceCharacters: 'letters-digits', referenceMinLength: 8, referenceMaxLength: 16 } });
  assert.equal(referenceInputProblem('ABC1', peach, en), 'Too short: at least 8 characters. ACI OPPWA takes letters without accents and digits only, from 8 to 16 characters.');
});

test('the form says a reference is fine exactly when the core would take it', () => {
  const descriptors = [sibsSpg, aciOppwa, be2bill, sayswitch].map((definition) => definition.descriptor);
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom('a', '7', '-', '=', ' ', 'é', 'e\u0301', 'º', '/', '\u200B', '😀'), maxLength: 70 }), fc.constantFrom(...descriptors), (typed, descriptor) => {
      const parsed = merchantReferenceSchema.safeParse(typed);
      if (!parsed.success) return;
      let coreTakes = true;
      try {
        checkMerchantReference(descriptor, NO_OPTIONS, parsed.data);
      } catch {
        coreTakes = false;
      }
      assert.equal(referenceInputProblem(typed, referenceFieldOf(listed(descriptor), { options: {} }), en) === null, coreTakes, JSON.stringify(typed));
    }),
  );
});

test('looking up a payment made elsewhere takes any reference the contract takes, composed', async () => {
  const { checkImportLookup } = await import('../../renderer/src/features/transactions/utils/import-lookup.ts');
  const importable = [{ id: 'sibs', name: 'SIBS', gatewayId: 'sibs-spg', environment: 'sandbox' as const, baseUrl: 'http://127.0.0.1/', options: {}, credentials: {}, available: true }];
  assert.deepEqual(checkImportLookup({ profileId: 'sibs', gatewayTransactionId: '', merchantReference: ' Encomenda nº 15 — Cafe\u0301 ' }, importable), {
    ok: true,
    request: { profileId: 'sibs', merchantReference: 'Encomenda nº 15 — Café' },
  });
  assert.deepEqual(checkImportLookup({ profileId: 'sibs', gatewayTransactionId: '', merchantReference: 'ORDER\u200B1' }, importable), { ok: false, problems: ['reference'] });
});
