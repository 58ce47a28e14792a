import { readFileSync } from 'node:fs';

const FIXTURES = new URL('../../../electron/core/gateways/sayswitch/fixtures/', import.meta.url);

export function fixtureText(name: string): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8');
}

export function fixture(name: string): Record<string, unknown> {
  return JSON.parse(fixtureText(name)) as Record<string, unknown>;
}
