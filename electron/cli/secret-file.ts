/**
 * Files that carry secrets out of a keychain (the receiver's secrets, the team's audit key): made
 * with mode 0600 when they are created, so no one else may read them even for an instant, and never
 * over an existing file, which may be another key someone still needs.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { ValidationError } from '../core/errors.ts';

export function writeSecretFile(path: string, content: unknown): void {
  let descriptor: number;
  try {
    descriptor = openSync(path, 'wx', 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new ValidationError(`${path} cannot be created (${code}); a file of secrets is never written over`, { out: code === 'EEXIST' ? 'Already exists' : 'Cannot be created' });
  }
  try {
    writeSync(descriptor, `${JSON.stringify(content, null, 2)}\n`);
  } finally {
    closeSync(descriptor);
  }
}
