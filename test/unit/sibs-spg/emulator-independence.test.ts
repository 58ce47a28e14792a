/**
 * The SIBS emulator is a server of its own, written from the documents: it shares no wire
 * schema, signing or crypto with the adapter, so that a misreading of the documents on one side
 * fails against the other instead of passing both.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { presentedCredential, undeclaredJsonBody } from '../../../electron/core/gateways/sibs-spg/emulator/request-headers.ts';
import type { EmulatorRequest } from '../../../electron/core/gateways/types.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const EMULATOR = join(ROOT, 'electron/core/gateways/sibs-spg/emulator');
const ALLOWED = [EMULATOR + sep, join(ROOT, 'electron/core/sandbox') + sep, join(ROOT, 'shared') + sep];
const ALLOWED_FILES = [join(ROOT, 'electron/core/gateways/types.ts')];

function importsOf(source: string): string[] {
  const specifiers: string[] = [];
  for (const match of source.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g)) {
    specifiers.push(match[1] ?? match[2] ?? match[3] ?? '');
  }
  return specifiers;
}

function request(headers: Record<string, string>, rawBody = ''): EmulatorRequest {
  return { method: 'POST', path: '/', params: {}, query: new URLSearchParams(), headers, rawBody };
}

describe('SIBS emulator independence', () => {
  it('imports only its own folder, the sandbox, the gateway port, shared/ and packages', () => {
    const files = readdirSync(EMULATOR).filter((name) => name.endsWith('.ts'));
    assert.ok(files.length > 5);
    const offending: string[] = [];
    for (const file of files) {
      const path = join(EMULATOR, file);
      for (const specifier of importsOf(readFileSync(path, 'utf8'))) {
        if (!specifier.startsWith('.')) continue;
        const target = resolve(dirname(path), specifier);
        if (!ALLOWED.some((prefix) => target.startsWith(prefix)) && !ALLOWED_FILES.includes(target)) offending.push(`${file} → ${relative(ROOT, target)}`);
      }
    }
    assert.deepEqual(offending, []);
  });

  it('notices an import of the adapter side', () => {
    assert.deepEqual(importsOf("import { x } from '../wire.ts';\nimport type { Y } from './own.ts';\nexport { z } from '../signing.ts';"), ['../wire.ts', './own.ts', '../signing.ts']);
  });
});

describe('SIBS emulator request headers', () => {
  it('reads Bearer and Digest exactly as SIBS prints them and nothing else', () => {
    assert.deepEqual(presentedCredential(request({ authorization: 'Bearer abc.def' })), { scheme: 'Bearer', token: 'abc.def' });
    assert.deepEqual(presentedCredential(request({ authorization: 'Digest a.b==' })), { scheme: 'Digest', signature: 'a.b==' });
    for (const header of ['bearer abc', 'Basic abc', 'Bearer ', 'Digest']) assert.equal(presentedCredential(request({ authorization: header })), null, header);
    assert.equal(presentedCredential(request({})), null);
  });

  it('wants a body declared as application/json, and no declaration without a body', () => {
    assert.equal(undeclaredJsonBody(request({ 'content-type': 'application/json; charset=utf-8' }, '{}')), false);
    assert.equal(undeclaredJsonBody(request({ 'content-type': 'text/plain' }, '{}')), true);
    assert.equal(undeclaredJsonBody(request({}, '{}')), true);
    assert.equal(undeclaredJsonBody(request({}, '')), false);
  });
});
