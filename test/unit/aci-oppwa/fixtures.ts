import { readFileSync } from 'node:fs';

const FIXTURES = new URL('../../../electron/core/gateways/aci-oppwa/fixtures/', import.meta.url);

export function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as Record<string, unknown>;
}
