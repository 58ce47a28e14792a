/**
 * The part of a searched text that PostgreSQL's trigram index is asked for (trigram-sample.ts):
 * always a part of the text, so it finds every payment the text finds; the rare part when the
 * text also holds trigrams most payments share; and counted with the trigrams pg_trgm itself
 * makes of a value, so the estimate is of the index the server reads.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { likeTrigrams, TrigramSample, valueTrigrams } from '../../../electron/core/ledger/postgres/trigram-sample.ts';
import { createTestDatabase, withoutPostgres } from '../../helpers/postgres-test-database.ts';

const text = fc.stringMatching(/^[a-z0-9 ./@_%\\-]{0,24}$/);

test('the part looked up is the text or a part of it with a trigram of its own', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(text, { maxLength: 60 }), text, async (sampled, searched) => {
      const part = (await TrigramSample.of(sampled, 7)).lookupPart(searched);
      assert.ok(searched.includes(part), `${JSON.stringify(part)} of ${JSON.stringify(searched)}`);
      assert.ok(part === searched || likeTrigrams(part).length > 0, JSON.stringify(part));
    }),
    { numRuns: 500 },
  );
});

test('a value that holds a text holds every trigram the index reads for it', () => {
  fc.assert(
    fc.property(text, text, text, (before, searched, later) => {
      const held = valueTrigrams(`${before}${searched}${later}`);
      for (const trigram of likeTrigrams(searched)) assert.ok(held.has(trigram), `${JSON.stringify(trigram)} of ${JSON.stringify(searched)}`);
    }),
    { numRuns: 2_000 },
  );
});

test('a reference most payments share is looked up by its rare end', async () => {
  const sampled = Array.from({ length: 2_000 }, (_, n) => `pay_${String(n).padStart(8, '0')} moto-202507-${String(n * 7).padStart(8, '0')} ana.silva${n % 10}@example.com`);
  const sample = await TrigramSample.of(sampled);
  const part = sample.lookupPart('moto-202507-00561600');
  assert.ok('00561600'.includes(part), part);
  assert.equal(sample.lookupPart('zqx'), 'zqx', 'a text no sampled payment holds is looked up whole');
  assert.equal(sample.sampled, 2_000);
});

test('the trigrams counted for a value are those pg_trgm makes of it', { skip: withoutPostgres }, async () => {
  const database = await createTestDatabase();
  try {
    const client = await database.connect();
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    const values = fc.sample(fc.stringMatching(/^[a-zA-Z0-9 ./@_%\\-]{0,40}$/), 300).map((value) => value.toLowerCase());
    const shown = await client.query<{ value: string; trigrams: string[] }>('SELECT value, show_trgm(value) AS trigrams FROM unnest($1::text[]) AS value', [values]);
    for (const row of shown.rows) assert.deepEqual([...valueTrigrams(row.value)].sort(), [...row.trigrams].sort(), JSON.stringify(row.value));
  } finally {
    await database.drop();
  }
});

