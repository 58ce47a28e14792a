/**
 * build/scripts/with-postgres.sh gives a command a PostgreSQL server and always takes it away
 * again: after a failing command, and when the run is stopped, the server no longer answers and
 * its folder is gone. (npm test itself runs inside the script; these start servers of their own.)
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { describe, test } from 'node:test';
import { withoutPostgres } from '../helpers/postgres-test-database.ts';

const SCRIPT = new URL('../../build/scripts/with-postgres.sh', import.meta.url).pathname;

/** Prints where the server is, checks it answers, then exits with `exitCode` or waits to be stopped. */
const PROBE = `
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: process.env.CONSOLE_TEST_PG_URL });
  await client.connect();
  const { rows } = await client.query('SELECT 41 + 1 AS answer');
  await client.end();
  console.log(JSON.stringify({ url: process.env.CONSOLE_TEST_PG_URL, dir: process.env.CONSOLE_TEST_PG_SOCKET_DIR, answer: rows[0].answer }));
  if (process.argv[1] === 'wait') setInterval(() => {}, 1000); else process.exit(Number(process.argv[1]));
`;

interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly server: { url: string; dir: string; answer: number };
}

function runScript(mode: string, stopWhenUp?: NodeJS.Signals): Promise<Run> {
  return new Promise((resolve, reject) => {
    // Its own process group, so a stop reaches the script and the command as a Ctrl-C would.
    const child = spawn('bash', [SCRIPT, process.execPath, '--input-type=module', '-e', PROBE, mode], { detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (stopWhenUp && output.includes('\n') && child.pid) process.kill(-child.pid, stopWhenUp);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      try {
        resolve({ code, signal, server: JSON.parse(output.trim().split('\n')[0] ?? '') });
      } catch {
        reject(new Error(`the command printed no server: ${JSON.stringify(output)} (exit ${code}, ${signal})`));
      }
    });
  });
}

function refusesConnections(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('with-postgres.sh', { skip: withoutPostgres }, () => {
  test('a failing command gets a working server, its exit status, and nothing left behind', async () => {
    const run = await runScript('3');
    assert.equal(run.server.answer, 42);
    assert.match(run.server.url, /^postgresql:\/\/console@127\.0\.0\.1:\d+\/postgres$/);
    assert.equal(run.code, 3);
    assert.equal(existsSync(run.server.dir), false, 'the cluster folder is removed');
    assert.equal(await refusesConnections(run.server.url), true, 'the server is stopped');
  });

  test('a stopped run stops the server and removes its folder too', async () => {
    const run = await runScript('wait', 'SIGTERM');
    assert.equal(run.code, 143);
    assert.equal(existsSync(run.server.dir), false, 'the cluster folder is removed');
    assert.equal(await refusesConnections(run.server.url), true, 'the server is stopped');
  });
});
