/**
 * A sandbox statement imported in chunks through the door lands in the same classes, counts and
 * sums as the same file sent whole through recon:import, whatever the chunk boundaries cut
 * (lines, quoted fields). An upload abandoned half-way is cancelled with nothing kept, and a chunk
 * sent to it afterwards is refused.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { getGateway } from '../../electron/core/gateways/gateway-catalog.ts';
import { sandboxProfileId } from '../../electron/core/workspace/sandbox-workspace.ts';
import { sandboxSale } from '../helpers/sandbox-sale.ts';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';

const IDLE_MS = 400;
const GATEWAY = 'be2bill' as const;
let t: TestCore;
const today = new Date();
const day = (offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
const period = { from: `${day(-1)}T00:00:00Z`, to: `${day(2)}T00:00:00Z` };

before(async () => {
  t = await startTestCore({ requestTimeoutMs: 3_000, reconUpload: { idleMs: IDLE_MS, queueChunks: 2 } });
});
after(async () => {
  await t.close();
  removeDir(t.dataDir);
});

async function plantedStatement(): Promise<{ fileName: string; bytes: Buffer }> {
  for (let index = 0; index < 8; index += 1) await sandboxSale(t, GATEWAY, `${20 + index}.00`, 'Chunked Reader');
  const plant = { counts: { missing: 1, amount: 1, status: 1, duplicate: 1, unknown: 1 } };
  const statement = await t.value('sandbox:statement', { gatewayId: GATEWAY, from: day(-1), to: day(1), seed: 5, plant });
  return { fileName: statement.fileName, bytes: statement.encoding === 'base64' ? Buffer.from(statement.content, 'base64') : Buffer.from(statement.content, 'utf8') };
}

const importFields = (fileName: string) => ({ profileId: sandboxProfileId(GATEWAY), mapping: getGateway(GATEWAY).statementMappings?.[0]?.name ?? '', fileName, period });

async function totalsOf(sessionId: string): Promise<string[]> {
  const summary = await t.value('recon:session', { sessionId });
  return summary.totals.map((line) => `${line.reconClass} ${line.currency} ${line.count} ${line.amount}`);
}

test('a statement sent in chunks is classified exactly as the same file sent whole', async () => {
  const { fileName, bytes } = await plantedStatement();
  const whole = await t.value('recon:import', { ...importFields(fileName), contentBase64: bytes.toString('base64') });

  const { uploadId, chunkMaxBytes } = await t.value('recon:uploadBegin', importFields(fileName));
  assert.equal(chunkMaxBytes, 512 * 1024);
  // An odd chunk size, so boundaries fall inside lines and fields.
  const size = 37;
  let sequence = 0;
  for (let offset = 0; offset < bytes.length; offset += size) {
    await t.value('recon:uploadChunk', { uploadId, sequence, bytesBase64: bytes.subarray(offset, offset + size).toString('base64') });
    sequence += 1;
  }
  const chunked = await t.value('recon:uploadFinish', { uploadId, chunks: sequence });

  assert.ok(sequence > 10, 'the file went in many chunks');
  assert.equal(chunked.session.status, 'done');
  assert.equal(chunked.rows, whole.rows);
  assert.deepEqual(chunked.skipped, whole.skipped);
  assert.equal(chunked.session.rowCount, whole.session.rowCount);
  assert.deepEqual(await totalsOf(chunked.session.id), await totalsOf(whole.session.id));
  assert.ok((await totalsOf(chunked.session.id)).some((line) => !line.startsWith('matched')), 'the planted discrepancies are found');
});

test('a chunk out of order is refused with a validation error and the upload goes on', async () => {
  const { fileName, bytes } = await plantedStatement();
  const { uploadId } = await t.value('recon:uploadBegin', importFields(fileName));
  const skipped = await t.call('recon:uploadChunk', { uploadId, sequence: 1, bytesBase64: bytes.toString('base64') });
  assert.equal(skipped.ok, false);
  assert.equal(!skipped.ok && skipped.error.kind, 'validation');
  await t.value('recon:uploadChunk', { uploadId, sequence: 0, bytesBase64: bytes.toString('base64') });
  assert.equal((await t.value('recon:uploadFinish', { uploadId, chunks: 1 })).session.status, 'done');
});

test('an upload abandoned half-way is cancelled with no rows, and a late chunk is refused', async () => {
  const { fileName, bytes } = await plantedStatement();
  const { uploadId } = await t.value('recon:uploadBegin', importFields(fileName));
  const half = Math.floor(bytes.length / 2);
  await t.value('recon:uploadChunk', { uploadId, sequence: 0, bytesBase64: bytes.subarray(0, half).toString('base64') });
  await sleep(IDLE_MS * 3);
  const [newest] = await t.value('recon:sessions', { limit: 1 });
  assert.equal(newest?.source, fileName);
  assert.equal(newest?.status, 'cancelled');
  assert.equal(newest?.rowCount, 0);
  assert.deepEqual((await t.value('recon:rows', { sessionId: newest?.id ?? '', limit: 10, cursor: null })).rows, []);
  const late = await t.call('recon:uploadChunk', { uploadId, sequence: 1, bytesBase64: bytes.subarray(half).toString('base64') });
  assert.equal(!late.ok && late.error.kind, 'not_found');
});

test('a chunk for an upload never begun is refused as not found', async () => {
  const answer = await t.call('recon:uploadChunk', { uploadId: 'upl_neverBegun0000', sequence: 0, bytesBase64: 'aWQK' });
  assert.equal(!answer.ok && answer.error.kind, 'not_found');
});
