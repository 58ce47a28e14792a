/**
 * A gateway is its folder and its registry line: no other product file spells a gateway's id, so
 * adding or removing one never means hunting for central lists or switches on its id.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { gatewayRegistry } from '../../electron/core/gateways/gateway-catalog.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const PRODUCT_FOLDERS = ['electron', 'shared', 'renderer/src', 'build'];
const SOURCE = /\.(ts|tsx|js|mjs|cjs)$/;

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && SOURCE.test(entry.name))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)).split('\\').join('/'));
}

/** The id as a string literal ('x', "x", `x`) or as a bare object key (`x: …`). */
function spellsGatewayId(text: string, id: string): boolean {
  const escaped = id.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&');
  return new RegExp(`(['"\`])${escaped}\\1|[{,]\\s*${escaped}\\s*:`).test(text);
}

test('the matcher finds an id as a literal or a key, not inside a longer word', () => {
  assert.equal(spellsGatewayId("if (gatewayId === 'sayswitch')", 'sayswitch'), true);
  assert.equal(spellsGatewayId('const m = { be2bill: true }', 'be2bill'), true);
  assert.equal(spellsGatewayId("import x from './sayswitch/index.ts'", 'sayswitch'), false);
  assert.equal(spellsGatewayId("'sayswitch-next'", 'sayswitch'), false);
});

test('no product file outside a gateway’s own folder spells that gateway’s id', () => {
  const ids = [...gatewayRegistry.keys()];
  assert.ok(ids.length > 0);
  const found: string[] = [];
  for (const file of PRODUCT_FOLDERS.flatMap(sourceFiles)) {
    if (file.includes('/node_modules/') || file.startsWith('build/dist')) continue;
    const text = readFileSync(join(ROOT, file), 'utf8');
    for (const id of ids) {
      if (file.startsWith(`electron/core/gateways/${id}/`)) continue;
      if (spellsGatewayId(text, id)) found.push(`${file}: ${id}`);
    }
  }
  assert.deepEqual(found, [], 'gateway ids belong in the gateway’s folder (its descriptor); put what the rest of the product needs in the descriptor');
});
