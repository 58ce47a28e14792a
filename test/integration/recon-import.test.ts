/**
 * Reconciliation end to end through the door, on each gateway: payments made in the console, the
 * gateway's statement for the period from its emulator with planted discrepancies, imported with
 * the gateway's shipped mapping. Each planted discrepancy lands in the class its manifest names,
 * every other booked row is matched, and nothing else is reported.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ReconClass } from '../../shared/domain/recon.ts';
import { getGateway } from '../../electron/core/gateways/gateway-catalog.ts';
import { sandboxProfileId } from '../../electron/core/workspace/sandbox-workspace.ts';
import type { TestedGatewayId } from '../helpers/gateway-ids.ts';
import { sandboxSale } from '../helpers/sandbox-sale.ts';
import { removeDir, startTestCore, type TestCore } from '../helpers/test-core.ts';
import { PLAYS } from '../soak/lib/driver.ts';

let t: TestCore;
const today = new Date();
const day = (offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);

before(async () => {
  t = await startTestCore({ requestTimeoutMs: 3_000 });
});
after(async () => {
  await t.close();
  removeDir(t.dataDir);
});

async function sales(gatewayId: TestedGatewayId, count: number): Promise<void> {
  for (let index = 0; index < count; index += 1) {
    await sandboxSale(t, gatewayId, PLAYS[gatewayId].currency === 'NGN' ? `${1500 + index * 100}.00` : `${20 + index}.00`, 'Recon Reader');
  }
}

describe('a planted statement imported through recon:import', () => {
  for (const gatewayId of ['be2bill', 'aci-oppwa', 'sayswitch', 'sibs-spg'] as const) {
    test(gatewayId, async () => {
      await sales(gatewayId, 8);
      const plant = { counts: { missing: 1, amount: 1, status: 1, duplicate: 1, unknown: 1 } };
      const statement = await t.value('sandbox:statement', { gatewayId, from: day(-1), to: day(1), seed: 3, plant });
      const expected = new Map<ReconClass, number>();
      for (const entry of statement.manifest) expected.set(entry.expectedClass, (expected.get(entry.expectedClass) ?? 0) + 1);
      assert.equal(statement.manifest.length, 5, 'every planted discrepancy is listed');
      const imported = await t.value('recon:import', {
        profileId: sandboxProfileId(gatewayId),
        mapping: getGateway(gatewayId).statementMappings?.[0]?.name ?? '',
        fileName: statement.fileName,
        contentBase64: statement.encoding === 'base64' ? statement.content : Buffer.from(statement.content, 'utf8').toString('base64'),
        period: { from: `${day(-1)}T00:00:00Z`, to: `${day(2)}T00:00:00Z` },
      });
      assert.deepEqual(imported.skipped, []);
      const summary = await t.value('recon:session', { sessionId: imported.session.id });
      const counted = new Map<ReconClass, number>();
      for (const line of summary.totals) counted.set(line.reconClass, (counted.get(line.reconClass) ?? 0) + line.count);
      const found = Object.fromEntries([...counted].filter(([reconClass]) => reconClass !== 'matched'));
      assert.deepEqual(found, Object.fromEntries(expected), `classes found vs planted (${JSON.stringify(statement.manifest.map((entry) => [entry.kind, entry.expectedClass]))})`);
      assert.ok((counted.get('matched') ?? 0) >= 8 - 4, `the untouched sales are matched: ${JSON.stringify(summary.totals)}`);
    });
  }
});
