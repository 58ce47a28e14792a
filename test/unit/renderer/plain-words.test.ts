/**
 * What operators read is in plain words: no notes meant for the people who build the console
 * (INFERRED, fact sheet sections, the SIBS guide's document codes) in either language's messages
 * or in what the gateways put on screen (credential and option labels, refund notes).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { availableGateways } from '../../../electron/core/gateways/gateway-catalog.ts';
import { en } from '../../../renderer/src/i18n/en.ts';
import { ptPT } from '../../../renderer/src/i18n/pt-PT.ts';

const BUILDERS_WORDS = /\bINFERRED\b|\bCONFIRMED\b|fact sheet|\bQDOC\b|\bDOC pages\b|§/i;

test('no builder’s words in the messages of either language', () => {
  for (const [language, messages] of [['en', en], ['pt-PT', ptPT]] as const) {
    for (const [key, text] of Object.entries(messages)) assert.doesNotMatch(text, BUILDERS_WORDS, `${language} ${key}`);
  }
});

test('no builder’s words in what a gateway puts on screen', () => {
  for (const { descriptor } of availableGateways()) {
    const shown = [
      descriptor.displayName,
      descriptor.refundNote ?? '',
      ...descriptor.credentialFields.map((field) => field.label),
      ...descriptor.optionFields.map((field) => field.label),
    ];
    for (const text of shown) assert.doesNotMatch(text, BUILDERS_WORDS, `${descriptor.id}: ${text}`);
  }
});
