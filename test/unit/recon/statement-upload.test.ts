/**
 * The statement upload registry: chunks reach the import in order as they arrive, a chunk out of
 * order or for an unknown or ended upload is refused and changes nothing, the queue never holds
 * more than its bound (the next chunk call waits for room), and an upload whose sender falls
 * silent is given up with its import told to stop.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { ConflictError, NotFoundError, ValidationError } from '../../../electron/core/errors.ts';
import { createStatementUploads, type UploadImport } from '../../../electron/core/recon/statement-upload.ts';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (chunks: readonly Uint8Array[]): string => chunks.map((chunk) => new TextDecoder().decode(chunk)).join('');

/** An import that keeps every chunk it reads, and how it ended. */
function collectingImport(): { run: UploadImport<string>; read: Uint8Array[]; aborted: () => boolean } {
  const read: Uint8Array[] = [];
  let signalSeen: AbortSignal | null = null;
  return {
    read,
    aborted: () => signalSeen?.aborted === true,
    run: async (source, signal) => {
      signalSeen = signal;
      for await (const chunk of source) read.push(chunk);
      return signal.aborted ? 'cancelled' : text(read);
    },
  };
}

/** An import that reads only when told to, so the queue fills. */
function slowImport(): { run: UploadImport<number>; readOne: () => void } {
  let permits = 0;
  let release: (() => void) | null = null;
  return {
    readOne() {
      permits += 1;
      release?.();
    },
    run: async (source) => {
      let count = 0;
      const iterator = source[Symbol.asyncIterator]();
      for (;;) {
        while (permits === 0) await new Promise<void>((resolve) => (release = resolve));
        permits -= 1;
        const next = await iterator.next();
        if (next.done === true) return count;
        count += 1;
      }
    },
  };
}

test('chunks reach the import in order while they arrive, and finish answers with its result', async () => {
  const uploads = createStatementUploads<string>({ idleMs: 5_000 });
  const reader = collectingImport();
  const id = uploads.begin(reader.run);
  assert.match(id, /^upl_[A-Za-z0-9_-]{8,64}$/);
  assert.equal(await uploads.chunk(id, 0, bytes('id,amount\n')), 0);
  await sleep(0);
  assert.equal(text(reader.read), 'id,amount\n', 'the first chunk is read before the file is complete');
  await uploads.chunk(id, 1, bytes('1,10.00\n'));
  assert.equal(await uploads.finish(id, 2), 'id,amount\n1,10.00\n');
  await assert.rejects(uploads.chunk(id, 2, bytes('x')), NotFoundError, 'a finished upload is gone');
});

test('a chunk out of order is refused and changes nothing; the expected one is still taken', async () => {
  const uploads = createStatementUploads<string>({ idleMs: 5_000 });
  const reader = collectingImport();
  const id = uploads.begin(reader.run);
  await uploads.chunk(id, 0, bytes('a'));
  await assert.rejects(uploads.chunk(id, 2, bytes('c')), (error: unknown) => error instanceof ValidationError && error.fields?.['sequence'] === 'Expected 1');
  await assert.rejects(uploads.chunk(id, 0, bytes('a')), ValidationError, 'a chunk sent twice is refused');
  await uploads.chunk(id, 1, bytes('b'));
  await assert.rejects(uploads.finish(id, 3), ValidationError, 'a finish counting chunks never sent is refused');
  assert.equal(await uploads.finish(id, 2), 'ab');
});

test('a chunk for an upload never begun is refused as not found', async () => {
  const uploads = createStatementUploads<string>();
  await assert.rejects(uploads.chunk('upl_neverBegun0000', 0, bytes('a')), NotFoundError);
  await assert.rejects(uploads.finish('upl_neverBegun0000', 0), NotFoundError);
  await assert.rejects(uploads.abort('upl_neverBegun0000'), NotFoundError);
});

test('the queue never holds more than its bound: the next chunk call waits until the import reads', async () => {
  const uploads = createStatementUploads<number>({ idleMs: 5_000, queueChunks: 2 });
  const reader = slowImport();
  const id = uploads.begin(reader.run);
  await uploads.chunk(id, 0, bytes('0'));
  await uploads.chunk(id, 1, bytes('1'));
  let thirdAnswered = false;
  const third = uploads.chunk(id, 2, bytes('2')).then(() => (thirdAnswered = true));
  await sleep(20);
  assert.equal(thirdAnswered, false, 'no room: the third chunk waits');
  assert.equal(uploads.queued(id), 2);
  await assert.rejects(uploads.chunk(id, 3, bytes('3')), ConflictError, 'no chunk is taken while one waits for room');
  reader.readOne();
  await third;
  assert.equal(uploads.queued(id), 2, 'the waiting chunk took the freed place');
  const peak: number[] = [];
  for (let sequence = 3; sequence < 40; sequence += 1) {
    const sent = uploads.chunk(id, sequence, bytes(String(sequence)));
    peak.push(uploads.queued(id));
    reader.readOne();
    await sent;
    peak.push(uploads.queued(id));
  }
  assert.ok(Math.max(...peak) <= 2, `at most 2 chunks held, saw ${Math.max(...peak)}`);
  const finished = uploads.finish(id, 40);
  for (let n = 0; n < 40; n += 1) reader.readOne();
  assert.equal(await finished, 40);
});

test('an upload whose sender falls silent is given up: its import is told to stop and further chunks are refused', async () => {
  const uploads = createStatementUploads<string>({ idleMs: 40 });
  const reader = collectingImport();
  const id = uploads.begin(reader.run);
  await uploads.chunk(id, 0, bytes('id,amount\n'));
  await sleep(150);
  assert.equal(reader.aborted(), true, 'the import saw the abort');
  await assert.rejects(uploads.chunk(id, 1, bytes('1,10.00\n')), NotFoundError, 'the given-up upload is gone');
});

test('an upload waiting for room is not given up while the import is slow', async () => {
  const uploads = createStatementUploads<number>({ idleMs: 40, queueChunks: 1 });
  const reader = slowImport();
  const id = uploads.begin(reader.run);
  await uploads.chunk(id, 0, bytes('0'));
  const second = uploads.chunk(id, 1, bytes('1'));
  await sleep(150);
  reader.readOne();
  await second;
  const finished = uploads.finish(id, 2);
  reader.readOne();
  reader.readOne();
  assert.equal(await finished, 2, 'every chunk was read, none given up');
});

test('abort stops the import and refuses the chunk that was waiting for room', async () => {
  const uploads = createStatementUploads<number>({ idleMs: 5_000, queueChunks: 1 });
  let signalOf: AbortSignal | null = null;
  const id = uploads.begin(async (source, signal) => {
    signalOf = signal;
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    let count = 0;
    for await (const _chunk of source) count += 1;
    return count;
  });
  await uploads.chunk(id, 0, bytes('0'));
  const waiting = uploads.chunk(id, 1, bytes('1'));
  assert.equal(await uploads.abort(id), true);
  assert.equal((signalOf as AbortSignal | null)?.aborted, true);
  await assert.rejects(waiting, ConflictError);
});

test('an import that fails refuses the waiting chunk, and finish answers with its error', async () => {
  const uploads = createStatementUploads<number>({ idleMs: 5_000, queueChunks: 1 });
  let fail!: () => void;
  const id = uploads.begin(async () => {
    await new Promise<void>((resolve) => (fail = resolve));
    throw new ValidationError('The file is not a statement');
  });
  await uploads.chunk(id, 0, bytes('0'));
  const waiting = uploads.chunk(id, 1, bytes('1'));
  fail();
  await assert.rejects(waiting, ConflictError);
  await assert.rejects(uploads.chunk(id, 2, bytes('2')), ConflictError);
  await assert.rejects(uploads.finish(id, 2), ValidationError);
});

test('close gives every open upload up and waits for its import to end', async () => {
  const uploads = createStatementUploads<string>({ idleMs: 5_000 });
  const reader = collectingImport();
  const id = uploads.begin(reader.run);
  await uploads.chunk(id, 0, bytes('a'));
  await uploads.close();
  assert.equal(reader.aborted(), true);
});
