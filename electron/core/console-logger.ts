/**
 * The one logger of the processes that run the console: one JSON line per entry on stderr.
 * Callers never pass secrets or card data in fields.
 */
import type { Logger } from './ports.ts';

export const consoleLogger: Logger = {
  info: (message, fields) => process.stderr.write(`${JSON.stringify({ level: 'info', message, ...fields })}\n`),
  warn: (message, fields) => process.stderr.write(`${JSON.stringify({ level: 'warn', message, ...fields })}\n`),
  error: (message, fields) => process.stderr.write(`${JSON.stringify({ level: 'error', message, ...fields })}\n`),
};
