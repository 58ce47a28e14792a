import { readFileSync } from 'node:fs';

const FIXTURES = new URL('../../../electron/core/gateways/be2bill/fixtures/', import.meta.url);

export function fixtureText(name: string): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8');
}

export function fixture(name: string): Record<string, unknown> {
  return JSON.parse(fixtureText(name)) as Record<string, unknown>;
}

/** One HASH test vector of fact sheet §3 (`factsheet-s3-hash-vectors.json`). */
export interface HashVector {
  readonly password: string;
  readonly params: Readonly<Record<string, string | Readonly<Record<string, string>>>>;
  readonly hash: string;
  /** The clear text before SHA-256, where the sheet prints it (vector 2). */
  readonly clear?: string;
}

export function hashVectors(): HashVector[] {
  return JSON.parse(fixtureText('factsheet-s3-hash-vectors.json')) as HashVector[];
}
