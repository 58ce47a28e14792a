/**
 * An import's writing thread (recon-writer-thread.ts starts it): each batch an import saves,
 * written in a unit of work of its own on a connection of its own, by the same repository code the
 * core's connection uses, one batch at a time in the order sent.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../ledger/database.ts';
import { PreparedStatements } from '../ledger/prepared-statements.ts';
import { reconRepository } from '../ledger/recon-queries.ts';
import { SqliteReconInsert } from '../ledger/sqlite-recon-insert.ts';
import type { SQLInputValue } from 'node:sqlite';
import type { FromWriter, ReconWriterData, ToWriter } from './recon-writer-messages.ts';

const port = parentPort;
if (port === null) throw new Error('recon-writer-worker.ts runs as a worker thread');
const { path } = workerData as ReconWriterData;

const db = openDatabase(path);
const statements = new PreparedStatements(db);
const insert = new SqliteReconInsert((sql) => statements.get(sql));
const changes = async (sql: string, params: readonly unknown[]): Promise<number> => Number(statements.get(sql).run(...(params as SQLInputValue[])).changes);
const repository = reconRepository({
  dialect: 'sqlite',
  rows: async (sql, params) => statements.all(sql, ...(params as SQLInputValue[])),
  changed: changes,
  // Inside the batch's unit of work, which commits with the disk.
  changedUnflushed: changes,
  insertRows: async (sessionId, rows) => insert.insert(sessionId, rows),
});

async function write(message: ToWriter): Promise<FromWriter> {
  db.exec('BEGIN IMMEDIATE');
  try {
    await repository.addBatch(message.sessionId, message.batch);
    db.exec('COMMIT');
    return { id: message.id, ok: true };
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    return { id: message.id, ok: false, error: { name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error) } };
  }
}

// One at a time: the owner sends the next batch once this one is answered.
port.on('message', (message: ToWriter) => {
  void write(message).then((answer) => port.postMessage(answer));
});
