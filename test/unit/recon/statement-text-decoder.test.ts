import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ENCODINGS } from '../../../shared/domain/recon-mapping.ts';
import { StatementTextDecoder } from '../../../electron/core/recon/statement-text-decoder.ts';
import { cutAt } from './cut-at.ts';


function decodedInPieces(encoding: (typeof ENCODINGS)[number], pieces: readonly Uint8Array[]): string {
  const decoder = new StatementTextDecoder(encoding);
  return pieces.map((piece) => decoder.decode(piece)).join('') + decoder.end();
}

/** ASCII runs, with now and then a character of two to four UTF-8 bytes or a BOM, as a statement might hold. */
const statementText = fc.array(fc.oneof({ weight: 8, arbitrary: fc.string({ unit: fc.constantFrom('a', 'Z', '0', ',', '\n', '"', ' ', '-') }) }, { weight: 1, arbitrary: fc.constantFrom('é', '€', '𝄞', '\uFEFF', 'ñ', '\u00a0') })).map((parts) => parts.join(''));

/** What the reader did before: every slice through TextDecoder's stream (whose reading of a BOM cut in two is its own). */
function streamedByTextDecoder(encoding: (typeof ENCODINGS)[number], pieces: readonly Uint8Array[]): string {
  const decoder = new TextDecoder(encoding);
  return pieces.map((piece) => decoder.decode(piece, { stream: true })).join('') + decoder.decode();
}

test('any cut of any text reads as TextDecoder streams it, in every encoding', () => {
  fc.assert(
    fc.property(fc.constantFrom(...ENCODINGS), fc.boolean(), statementText, fc.array(fc.nat(), { maxLength: 12 }), (encoding, bom, text, cuts) => {
      const whole = encodeAs(encoding, (bom ? '\uFEFF' : '') + text);
      const pieces = cutAt(whole, cuts);
      assert.equal(decodedInPieces(encoding, pieces), streamedByTextDecoder(encoding, pieces));
    }),
    { numRuns: 2_000 },
  );
});

test('a character cut across an ASCII slice boundary, and a BOM that reaches the decoder late, are not misread', () => {
  const euro = Buffer.from('ab€', 'utf8');
  // The euro's first byte ends one slice; the slice after it is ASCII from the decoder's point of view only once completed.
  const pieces = [euro.subarray(0, 3), euro.subarray(3), Buffer.from('cd', 'latin1')];
  assert.equal(decodedInPieces('utf-8', pieces), 'ab€cd');
  // A zero-width no-break space after ASCII text is a character of the text, not a BOM to drop.
  const late = [Buffer.from('id,amount\n', 'latin1'), Buffer.from('\uFEFFx', 'utf8')];
  assert.equal(decodedInPieces('utf-8', late), 'id,amount\n\uFEFFx');
  assert.equal(decodedInPieces('utf-8', [Buffer.from('\uFEFFid\n', 'utf8'), Buffer.from('1\n', 'latin1')]), 'id\n1\n');
});

test('windows-1252 bytes above ASCII read as their characters between ASCII slices', () => {
  const pieces = [Buffer.from('name\n', 'latin1'), Uint8Array.of(0x80, 0xe9, 0x0a), Buffer.from('plain\n', 'latin1')];
  assert.equal(decodedInPieces('windows-1252', pieces), 'name\n€é\nplain\n');
});

function encodeAs(encoding: (typeof ENCODINGS)[number], text: string): Uint8Array {
  if (encoding === 'utf-8') return Buffer.from(text, 'utf8');
  if (encoding === 'utf-16le') return Buffer.from(text, 'utf16le');
  if (encoding === 'utf-16be') return Buffer.from(text, 'utf16le').swap16();
  // windows-1252: characters it lacks become '?', as a file written in it would hold.
  return Uint8Array.from(text, (character) => {
    const code = character.codePointAt(0) as number;
    if (code === 0x20ac) return 0x80;
    return code < 0x80 || (code >= 0xa0 && code <= 0xff) ? code : 0x3f;
  });
}
