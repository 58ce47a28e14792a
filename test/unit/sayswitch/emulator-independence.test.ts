/**
 * The Sayswitch emulator is another company's server written from the fact sheet: it may import
 * only its own folder, the sandbox kit, the gateway port (types.ts), shared/ and packages — never
 * the adapter's wire, signing or crypto, or a misreading of the documents would pass on both sides.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const EMULATOR = resolve(ROOT, 'electron/core/gateways/sayswitch/emulator');
const ALLOWED = [EMULATOR, resolve(ROOT, 'electron/core/sandbox'), resolve(ROOT, 'electron/core/gateways/types.ts'), resolve(ROOT, 'shared')];

function importsOf(source: string): string[] {
  return [...source.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((match) => match[1] ?? match[2] ?? '');
}

describe('the Sayswitch emulator', () => {
  it('imports nothing of the adapter side', () => {
    const offending: string[] = [];
    for (const file of readdirSync(EMULATOR).filter((name) => name.endsWith('.ts'))) {
      const path = resolve(EMULATOR, file);
      for (const specifier of importsOf(readFileSync(path, 'utf8'))) {
        if (!specifier.startsWith('.')) continue;
        const target = resolve(dirname(path), specifier);
        if (!ALLOWED.some((allowed) => target === allowed || target.startsWith(`${allowed}/`))) offending.push(`${file} → ${relative(ROOT, target)}`);
      }
    }
    assert.deepEqual(offending, []);
  });
});
