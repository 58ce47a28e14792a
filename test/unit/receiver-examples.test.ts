/**
 * The receiver's deployment examples (build/receiver/) stay runnable as the code changes: the
 * systemd unit and the container start the real command with flags it takes, the example
 * configuration passes the receiver's own schema, and the paths they share agree.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { receiverArguments } from '../../electron/cli/receiver-command.ts';
import { parseReceiverConfig } from '../../electron/core/receiver/receiver-config.ts';
import { secretsFileSchema } from '../../electron/core/receiver/receiver-secrets.ts';

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'build', 'receiver');
const read = (name: string) => readFileSync(path.join(examples, name), 'utf8');

/** `Key=value` lines of a unit file (comments and sections left out); a key given twice keeps every value. */
function unitSettings(text: string): Map<string, string[]> {
  const settings = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (!match) continue;
    settings.set(match[1] ?? '', [...(settings.get(match[1] ?? '') ?? []), match[2] ?? '']);
  }
  return settings;
}

const unit = unitSettings(read('payments-console-receiver.service'));
const config = parseReceiverConfig(JSON.parse(read('receiver.example.json')));

test('the systemd unit starts payments-console receiver with flags the command takes', () => {
  const execStart = unit.get('ExecStart') ?? [];
  assert.equal(execStart.length, 1);
  const words = (execStart[0] ?? '').split(/\s+/);
  const command = words.indexOf('payments-console');
  assert.ok(command >= 0, execStart[0]);
  assert.equal(words[command + 1], 'receiver');
  const { configFile } = receiverArguments(words.slice(command + 2));
  assert.ok(path.isAbsolute(configFile));
});

test('the unit runs as its own user with the hardening the service needs and SIGTERM to stop', () => {
  for (const [key, value] of [
    ['NoNewPrivileges', 'yes'],
    ['ProtectSystem', 'strict'],
    ['ProtectHome', 'yes'],
    ['PrivateTmp', 'yes'],
    ['KillSignal', 'SIGTERM'],
    ['CapabilityBoundingSet', ''],
    ['UMask', '0077'],
  ] as const) {
    assert.deepEqual(unit.get(key), [value], key);
  }
  const user = unit.get('User')?.[0] ?? '';
  assert.ok(user !== '' && user !== 'root', 'a dedicated user');
  assert.equal(path.join('/var/lib', unit.get('StateDirectory')?.[0] ?? ''), config.stateDirectory, 'the state directory systemd makes is the one the example configuration names');
});

test('the example configuration is valid and names a secrets file, never a secret', () => {
  assert.equal(config.secrets.source, 'file');
  assert.ok(config.profiles.length > 0);
  assert.doesNotMatch(JSON.stringify(config), /password|secret"\s*:/i);
  secretsFileSchema.parse(JSON.parse(read('receiver-secrets.example.json')));
});

test('the container starts the same command and checks /healthz on the port it exposes', () => {
  const containerfile = read('Containerfile');
  const entrypoint = JSON.parse(/^ENTRYPOINT (.*)$/m.exec(containerfile)?.[1] ?? '[]') as string[];
  const cmd = JSON.parse(/^CMD (.*)$/m.exec(containerfile)?.[1] ?? '[]') as string[];
  assert.deepEqual(entrypoint, ['payments-console', 'receiver']);
  receiverArguments(cmd);
  const exposed = /^EXPOSE (\d+)$/m.exec(containerfile)?.[1];
  assert.ok(exposed);
  assert.match(/^HEALTHCHECK .*$/m.exec(containerfile)?.[0] ?? '', new RegExp(`127\\.0\\.0\\.1:${exposed}/healthz`));
  assert.match(containerfile, /^USER node$/m, 'not root');
  assert.match(containerfile, /^STOPSIGNAL SIGTERM$/m);
});
