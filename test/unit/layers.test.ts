import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const eslint = new ESLint({ cwd: repoRoot });

/** Lints `code` as if it were the file at `filePath` (which need not exist) and returns the layer findings. */
async function layerFindings(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, filePath) });
  assert.ok(result, 'no lint result');
  const fatal = result.messages.filter((message) => message.fatal);
  assert.deepEqual(fatal, [], `parsing failed for ${filePath}`);
  return result.messages.filter((message) => message.ruleId === 'layers/imports').map((message) => message.message);
}

async function assertForbidden(filePath: string, code: string, expected: RegExp): Promise<void> {
  const findings = await layerFindings(filePath, code);
  assert.equal(findings.length, 1, `${filePath}: ${code} → ${JSON.stringify(findings)}`);
  assert.match(findings[0] ?? '', expected);
}

async function assertAllowed(filePath: string, code: string): Promise<void> {
  assert.deepEqual(await layerFindings(filePath, code), [], `${filePath}: ${code}`);
}

describe('the layer lint rule', () => {
  it('keeps shared/ free of our other layers and of platform modules', async () => {
    await assertForbidden('shared/money/x.ts', "import { createDoor } from '../../electron/core/door.ts';\nexport { createDoor };", /may only import from shared\//);
    await assertForbidden('shared/x.ts', "import { App } from '../renderer/src/app/App.tsx';\nexport { App };", /may only import from shared\//);
    await assertForbidden('shared/x.ts', "import { app } from 'electron';\nexport { app };", /may not import 'electron'/);
    await assertForbidden('shared/x.ts', "import { useState } from 'react';\nexport { useState };", /may not import 'react'/);
    await assertForbidden('shared/x.ts', "import { createRoot } from 'react-dom/client';\nexport { createRoot };", /react-dom\/client/);
    await assertForbidden('shared/x.ts', "import { readFileSync } from 'node:fs';\nexport { readFileSync };", /Node built-in 'node:fs'/);
    await assertForbidden('shared/x.ts', "import path from 'path';\nexport { path };", /Node built-in 'path'/);
    await assertForbidden('shared/x.ts', "import type { BrowserWindow } from 'electron';\nexport type W = BrowserWindow;", /'electron'/);
    await assertForbidden('shared/x.ts', "export * from '../electron/core/errors.ts';", /outside/);
    await assertForbidden('shared/x.ts', "export const load = () => import('../electron/core/errors.ts');", /outside/);
    await assertAllowed('shared/ipc/x.ts', "import { z } from 'zod';\nimport { parseDecimal } from '../money/money.ts';\nexport { z, parseDecimal };");
  });

  it('keeps the renderer away from electron/, Electron and Node', async () => {
    await assertForbidden('renderer/src/features/payments/x.ts', "import { createDoor } from '../../../../electron/core/door.ts';\nexport { createDoor };", /electron\//);
    await assertForbidden('renderer/src/x.tsx', "import { ipcRenderer } from 'electron';\nexport { ipcRenderer };", /'electron'/);
    await assertForbidden('renderer/src/x.ts', "import { readFile } from 'node:fs/promises';\nexport { readFile };", /Node built-in/);
    await assertForbidden('renderer/src/x.ts', "const keytar = require('keytar');\nexport { keytar };", /'keytar'/);
    await assertAllowed('renderer/src/x.ts', "import { create } from 'zustand';\nimport type { ConsoleApi } from '../../shared/ipc/contract.ts';\nexport type A = ConsoleApi;\nexport { create };");
  });

  it('keeps Electron and electron-store out of the core', async () => {
    await assertForbidden('electron/core/payments/x.ts', "import { app } from 'electron';\nexport { app };", /'electron'/);
    await assertForbidden('electron/core/settings/x.ts', "import Store from 'electron-store';\nexport { Store };", /'electron-store'/);
    await assertForbidden('electron/core/x.ts', "export type Contents = import('electron').WebContents;", /'electron'/);
    await assertForbidden('electron/core/x.ts', "import { registerIpc } from '../main/ipc.ts';\nexport { registerIpc };", /electron\/main/);
    await assertAllowed('electron/core/x.ts', "import { DatabaseSync } from 'node:sqlite';\nimport Conf from 'conf';\nexport { DatabaseSync, Conf };");
  });

  it('keeps each gateway folder, including one added later, to itself', async () => {
    await assertForbidden('electron/core/gateways/sibs-spg/adapter.ts', "import { signAci } from '../aci-oppwa/signing.ts';\nexport { signAci };", /sibs-spg may not import from electron\/core\/gateways\/aci-oppwa/);
    await assertForbidden('electron/core/gateways/be2bill/emulator/routes.ts', "import { x } from '../../sayswitch/wire.ts';\nexport { x };", /the be2bill emulator may only import from/);
    await assertForbidden('electron/core/gateways/stripe-like/index.ts', "import { x } from '../sibs-spg/index.ts';\nexport { x };", /stripe-like may not import/);
    await assertAllowed('electron/core/gateways/sibs-spg/adapter.ts', "import type { GatewayDefinition } from '../types.ts';\nimport { x } from './wire.ts';\nimport { y } from '../../http/http-client.ts';\nexport type D = GatewayDefinition;\nexport { x, y };");
    await assertAllowed('electron/core/gateways/registry.ts', "import { a } from './sibs-spg/index.ts';\nimport { b } from './aci-oppwa/index.ts';\nexport { a, b };");
  });

  it('keeps the preload down to Electron and the contract', async () => {
    await assertForbidden('electron/preload/x.ts', "import { readFileSync } from 'fs';\nexport { readFileSync };", /Node built-in/);
    await assertForbidden('electron/preload/x.ts', "import { createCore } from '../core/create-core.ts';\nexport { createCore };", /electron\/core/);
    await assertAllowed('electron/preload/x.ts', "import { contextBridge } from 'electron';\nimport { CHANNEL_NAMES } from '../../shared/ipc/contract.ts';\nexport { contextBridge, CHANNEL_NAMES };");
  });

  it('keeps browser mode runnable in plain Node', async () => {
    await assertForbidden('electron/browser/x.ts', "import { app } from 'electron';\nexport { app };", /'electron'/);
    await assertForbidden('electron/main/renderer-content.ts', "import { protocol } from 'electron';\nexport { protocol };", /'electron'/);
    await assertAllowed('electron/main/window.ts', "import { BrowserWindow } from 'electron';\nexport { BrowserWindow };");
  });

  it('keeps each emulator independent of its adapter: its own folder, the sandbox, the gateway types, shared/ and packages only', async () => {
    await assertForbidden('electron/core/gateways/sibs-spg/emulator/routes.ts', "import { x } from '../wire.ts';\nexport { x };", /the sibs-spg emulator may only import from .*sibs-spg\/wire\.ts is outside/);
    await assertForbidden('electron/core/gateways/sayswitch/emulator/x.ts', "import { sign } from '../signing.ts';\nexport { sign };", /sayswitch\/signing\.ts is outside/);
    await assertForbidden('electron/core/gateways/aci-oppwa/emulator/x.ts', "export { decrypt } from '../webhook-crypto.ts';", /aci-oppwa\/webhook-crypto\.ts is outside/);
    await assertForbidden('electron/core/gateways/be2bill/emulator/x.ts', "import { request } from '../../../http/http-client.ts';\nexport { request };", /outside/);
    await assertForbidden('electron/core/gateways/be2bill/emulator/x.ts', "import { app } from 'electron';\nexport { app };", /'electron'/);
    await assertAllowed(
      'electron/core/gateways/be2bill/emulator/x.ts',
      "import { createHmac } from 'node:crypto';\nimport { z } from 'zod';\nimport { decideCard } from './scenarios.ts';\nimport { withFaults } from '../../../sandbox/fault-plan.ts';\nimport type { GatewayEmulator } from '../../types.ts';\nimport { luhnValid } from '../../../../../shared/card/card-rules.ts';\nexport type E = GatewayEmulator;\nexport { createHmac, z, decideCard, withFaults, luhnValid };",
    );
  });
});
