/**
 * What the page loads before its first screen: the entry script of renderer/dist/index.html and
 * every chunk it imports statically (npm test builds the renderer before the tests). The contract's
 * schemas (shared/ipc/contract.ts, built as the module runs) are not among them; the payments
 * screen the console opens on checks its search with modules of their own.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'renderer', 'dist');
/** A message only the contract's time zone schema carries, so a chunk holding it holds the contract. */
const CONTRACT_MARK = 'An IANA time zone, e.g. Europe/Lisbon';
const STATIC_IMPORT = /(?:^|[;}\s])import\s*(?:[^'"()]*?\bfrom\s*)?["'](\.\/[^"']+\.js)["']/g;

function startChunks(): Set<string> {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const pending = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.js)"/g)].map((match) => match[1]!);
  const loaded = new Set<string>();
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (loaded.has(file)) continue;
    loaded.add(file);
    const code = readFileSync(path.join(dist, file), 'utf8');
    for (const match of code.matchAll(STATIC_IMPORT)) pending.push(path.posix.join(path.posix.dirname(file), match[1]!));
  }
  return loaded;
}

test('the page starts without loading the contract’s schemas', { skip: existsSync(path.join(dist, 'index.html')) ? false : 'renderer/dist is not built (npm test builds it first)' }, () => {
  const loaded = startChunks();
  assert.ok(loaded.size >= 2, `the entry and its chunks: ${[...loaded].join(', ')}`);
  const holding = readdirSync(path.join(dist, 'assets')).filter((file) => file.endsWith('.js') && readFileSync(path.join(dist, 'assets', file), 'utf8').includes(CONTRACT_MARK));
  assert.equal(holding.length, 1, 'the contract is in one chunk of its own');
  assert.ok(!loaded.has(`assets/${holding[0]}`), `loaded at start: ${[...loaded].join(', ')}`);
});
