/**
 * The OPPWA emulator is an independent reading of the fact sheet: none of its files may import
 * the adapter's wire, signing, crypto or result codes, or a shared misreading would pass every
 * test. It may use its own folder, the sandbox plumbing, the gateway port types, shared/ and
 * packages.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const EMULATOR = join(ROOT, 'electron/core/gateways/aci-oppwa/emulator');
const ALLOWED = [EMULATOR + '/', join(ROOT, 'electron/core/sandbox') + '/', join(ROOT, 'shared') + '/'];
const ALLOWED_FILES = [join(ROOT, 'electron/core/gateways/types.ts')];

function specifiersOf(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g)) {
    const specifier = match[1] ?? match[2] ?? match[3];
    if (specifier !== undefined) found.push(specifier);
  }
  return found;
}

test('no emulator file imports the adapter side', () => {
  const files = readdirSync(EMULATOR).filter((name) => name.endsWith('.ts'));
  assert.ok(files.length > 5, 'the emulator files are found');
  const offending: string[] = [];
  for (const name of files) {
    const file = join(EMULATOR, name);
    for (const specifier of specifiersOf(readFileSync(file, 'utf8'))) {
      if (!specifier.startsWith('.')) continue;
      const target = resolve(dirname(file), specifier);
      if (ALLOWED_FILES.includes(target) || ALLOWED.some((folder) => target.startsWith(folder))) continue;
      offending.push(`${name} imports ${relative(ROOT, target)}`);
    }
  }
  assert.deepEqual(offending, []);
});

test('the import check sees every form of import', () => {
  const source = "import { a } from '../wire.ts';\nimport type { B } from \"../signing.ts\";\nexport { c } from './own.ts';\nconst d = await import('../webhook-crypto.ts');\nimport '../side-effect.ts';";
  assert.deepEqual(specifiersOf(source), ['../wire.ts', '../signing.ts', './own.ts', '../webhook-crypto.ts', '../side-effect.ts']);
});
