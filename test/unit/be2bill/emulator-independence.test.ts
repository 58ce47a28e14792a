/**
 * The Be2bill emulator is a second reading of the fact sheet, not a copy of the adapter's: no file
 * under emulator/ may import the adapter side of the folder (its signing, wire, EXECCODE table,
 * answer mapping…). Otherwise a misreading shared by both sides passes every test.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const emulatorDir = path.join(repoRoot, 'electron/core/gateways/be2bill/emulator');

/** Where an emulator file may import from: its own folder, the sandbox kit, the gateway port, shared/. */
const ALLOWED = [emulatorDir + path.sep, path.join(repoRoot, 'electron/core/sandbox') + path.sep, path.join(repoRoot, 'electron/core/gateways/types.ts'), path.join(repoRoot, 'shared') + path.sep];

/** Relative imports of `source` (as if it were the file at `file`) that leave the allowed places. */
export function forbiddenImports(file: string, source: string): string[] {
  const { importedFiles } = ts.preProcessFile(source, true, true);
  return importedFiles
    .map((imported) => imported.fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .filter((specifier) => {
      const target = path.resolve(path.dirname(file), specifier);
      return !ALLOWED.some((allowed) => target === allowed || target.startsWith(allowed));
    });
}

describe('the Be2bill emulator stands on its own', () => {
  it('imports nothing from the adapter side of the gateway folder', () => {
    const files = readdirSync(emulatorDir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts'));
    assert.ok(files.length > 5, 'no emulator files found');
    const found = files.flatMap((name) => {
      const file = path.join(emulatorDir, name);
      return forbiddenImports(file, readFileSync(file, 'utf8')).map((specifier) => `${name} → ${specifier}`);
    });
    assert.deepEqual(found, []);
  });

  it('would notice an import of the adapter\'s signing, wire or EXECCODE table, static, re-exported or dynamic', () => {
    const file = path.join(emulatorDir, 'any.ts');
    assert.deepEqual(forbiddenImports(file, "import { be2billHash } from '../signing.ts';"), ['../signing.ts']);
    assert.deepEqual(forbiddenImports(file, "export { flattenParams } from '../wire.ts';"), ['../wire.ts']);
    assert.deepEqual(forbiddenImports(file, "const codes = await import('../execcodes.ts');"), ['../execcodes.ts']);
    assert.deepEqual(forbiddenImports(file, "import type { Be2billAnswer } from '../wire.ts';"), ['../wire.ts']);
    assert.deepEqual(
      forbiddenImports(file, "import { a } from './book.ts';\nimport { b } from '../../../sandbox/fault-plan.ts';\nimport type { C } from '../../types.ts';\nimport { d } from '../../../../../shared/card/card-rules.ts';\nimport { z } from 'zod';"),
      [],
    );
  });
});
