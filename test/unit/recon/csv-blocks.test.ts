import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CsvBlockReader, type CsvBlock } from '../../../electron/core/recon/csv-blocks.ts';
import { cutAt } from './cut-at.ts';

function readAll(pieces: readonly string[], delimiter = ','): { records: string[][]; lines: number[]; problems: CsvBlock['problems'][number][] } {
  const reader = new CsvBlockReader(delimiter);
  const out = { records: [] as string[][], lines: [] as number[], problems: [] as CsvBlock['problems'][number][] };
  const take = (block: CsvBlock) => {
    out.records.push(...block.records);
    out.lines.push(...block.lines);
    out.problems.push(...block.problems);
  };
  for (const piece of pieces) take(reader.push(piece));
  take(reader.end());
  return out;
}


const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

test('any quoted CSV, cut anywhere, reads back record for record with the line each starts on', () => {
  const value = fc.string({ unit: fc.constantFrom('a', 'b', '1', ' ', ',', '"', '\n', 'é'), maxLength: 8 });
  fc.assert(
    fc.property(fc.array(fc.array(value, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 30 }), fc.boolean(), fc.array(fc.nat(), { maxLength: 12 }), (records, crlf, cuts) => {
      // A record of one empty value is a blank line, which the reader skips: the generator avoids it.
      const newline = crlf ? '\r\n' : '\n';
      const text = records.map((record) => record.map(quote).join(',')).join(newline) + newline;
      const expectedLines: number[] = [];
      let line = 1;
      for (const record of records) {
        expectedLines.push(line);
        line += 1 + record.join('').split('\n').length - 1;
      }
      const read = readAll(cutAt(text, cuts));
      assert.deepEqual(read.records, records);
      assert.deepEqual(read.lines, expectedLines);
      assert.deepEqual(read.problems, []);
    }),
    { numRuns: 300 },
  );
});

test('blank lines are skipped but counted, and a quote-free block is one record per line', () => {
  const read = readAll(['a,b\n\n1,2\n', '\n3,4', '\n']);
  assert.deepEqual(read.records, [['a', 'b'], ['1', '2'], ['3', '4']]);
  assert.deepEqual(read.lines, [1, 3, 5]);
});

test('a stray quote keeps its row and the rows after it; an unclosed quote is reported with its line', () => {
  const read = readAll(['h1,h2\nx,"r2"y\nz,ok\nw,"SECRETVAL\nlast,row\n']);
  assert.deepEqual(read.records.slice(0, 3), [['h1', 'h2'], ['x', '"r2"y'], ['z', 'ok']]);
  assert.equal(read.problems.length, 1);
  assert.match(read.problems[0]?.reason ?? '', /never closed/);
  assert.ok((read.problems[0]?.line ?? 0) >= 4, JSON.stringify(read.problems));
  assert.ok(!JSON.stringify(read.problems).includes('SECRETVAL'), 'a problem never quotes the value');
});
