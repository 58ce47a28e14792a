/**
 * Every string the contract takes in either refuses a card number or is one of the few that are
 * not free text (identifiers, amounts, the card number field itself…), each listed here with why.
 * A new free-text field added without the rule fails this test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { z } from 'zod';
import { CHANNEL_NAMES, channels } from '../../shared/ipc/contract.ts';
import { CARD_NUMBER_IN_TEXT_MESSAGE, decimalAmountSchema, idSchema } from '../../shared/domain/schemas.ts';

/** Strings that may hold a card number, and why. */
const NOT_FREE_TEXT: Readonly<Record<string, string>> = {
  'payments:createMoto card.number': 'the card number field itself',
  'credentials:set value': 'a secret: it goes to the keychain only and never comes out',
  'profiles:create options.*': 'gateway settings (merchant, terminal, entity ids), checked per gateway',
  'profiles:update options.*': 'gateway settings (merchant, terminal, entity ids), checked per gateway',
  'payments:search text': 'a query: never stored, and it must find references the gateways imported',
  'payments:search cursor': 'a page cursor the ledger issued',
  'payments:export text': 'the list\'s query, as payments:search text',
  'payments:export timeZone': 'an IANA time zone name, letters, digits and /_+- only',
  'payments:totals text': 'the same query as payments:search, counted instead of listed',
  'ledger:save password': 'a secret: it goes to the keychain only and never comes out',
  'ledger:testConnection password': 'a secret: sent once to the database being tested, never stored or returned',
  'recon:rows text': 'a query: never stored, and it must find references the statements carry',
  'recon:rows cursor': 'a page cursor the ledger issued',
  'recon:export timeZone': 'an IANA time zone name, letters, digits and /_+- only',
  'audit:search cursor': 'a page cursor the ledger issued (an entry number)',
  'audit:search operator': 'a query: never stored, and it must find the operator names the log holds',
  'audit:search targetId': 'a query: never stored, and it must find the ids (gateway ids too) the log holds',
  'audit:search text': 'a query: never stored, and it must find whatever the log holds',
  'audit:export operator': 'a query, as audit:search operator',
  'audit:export targetId': 'a query, as audit:search targetId',
  'audit:export text': 'a query, as audit:search text',
  'audit:export timeZone': 'an IANA time zone name, letters, digits and /_+- only',
  'recon:import contentBase64': 'the statement file itself: the reader skips a row holding a card number and never echoes it',
  'recon:preview contentBase64': 'the first bytes of the statement file itself, read like recon:import contentBase64 and never stored',
  'mitbatch:preview content': 'the batch file itself: the preview refuses a row with a card number in any cell and never keeps that cell',
  'mitbatch:rows cursor': 'a page cursor the ledger issued',
  'mitbatch:export timeZone': 'an IANA time zone name, letters, digits and /_+- only',
  'recon:uploadChunk bytesBase64': 'a chunk of the statement file itself, read like recon:import contentBase64',
};

interface StringLeaf {
  readonly path: string;
  readonly schema: z.ZodType;
}

/** The string-typed leaves of an input schema, with dotted paths (`[]` for array items, `*` for record values). */
function stringLeaves(schema: z.ZodType, path: string[] = []): StringLeaf[] {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  const inner = (key: string, segment?: string) => stringLeaves(def[key] as z.ZodType, segment === undefined ? path : [...path, segment]);
  switch (def.type) {
    case 'string':
      return [{ path: path.join('.'), schema }];
    case 'object':
      return Object.entries(def['shape'] as Record<string, z.ZodType>).flatMap(([key, value]) => stringLeaves(value, [...path, key]));
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
      return inner('innerType');
    case 'pipe':
      return [...inner('in'), ...inner('out')];
    case 'array':
      return inner('element', '[]');
    case 'record':
      return inner('valueType', '*');
    case 'union':
      return (def['options'] as z.ZodType[]).flatMap((option) => stringLeaves(option, path));
    default:
      return [];
  }
}

/** A card number as people type it, alone and inside text. */
const SAMPLES = ['4111111111111111', 'Ana 4111 1111 1111 1111'];

test('every string input of the contract refuses a card number unless it is not free text', () => {
  const canHoldCardNumber: string[] = [];
  let refusing = 0;
  for (const channel of CHANNEL_NAMES) {
    for (const leaf of stringLeaves(channels[channel].input)) {
      // Identifiers and amounts are typed as such in the contract; a card number there is just an unknown id or a wrong amount.
      if (leaf.schema === idSchema || leaf.schema === decimalAmountSchema) continue;
      const accepted = SAMPLES.filter((sample) => leaf.schema.safeParse(sample).success);
      const name = `${channel} ${leaf.path}`;
      if (accepted.length > 0) {
        if (!(name in NOT_FREE_TEXT)) canHoldCardNumber.push(name);
        continue;
      }
      const messages = SAMPLES.flatMap((sample) => leaf.schema.safeParse(sample).error?.issues.map((issue) => issue.message) ?? []);
      if (messages.includes(CARD_NUMBER_IN_TEXT_MESSAGE)) refusing += 1;
    }
  }
  assert.deepEqual(canHoldCardNumber, [], 'free-text fields that take a card number');
  assert.ok(refusing >= 25, `${refusing} free-text fields refuse a card number`);
});

test('the listed exceptions exist, so the list cannot go stale', () => {
  const all = new Set(CHANNEL_NAMES.flatMap((channel) => stringLeaves(channels[channel].input).map((leaf) => `${channel} ${leaf.path}`)));
  for (const name of Object.keys(NOT_FREE_TEXT)) assert.ok(all.has(name), name);
});
