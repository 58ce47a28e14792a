/**
 * Bundles the Electron main process and the preload with esbuild:
 * - dist-electron/main.cjs: CommonJS, because Electron loads `main` from package.json with require.
 *   electron-store and conf are ESM-only, so they are bundled in; `electron` is provided by the
 *   runtime and keytar is a native addon loaded from node_modules (unpacked from the asar).
 * - dist-electron/core-host.cjs: the core's own process (ledger, gateways, receiver, poller,
 *   sandbox), which main starts as a utility process; built like main, with keytar external.
 * - dist-electron/statement-reader-worker.cjs: the thread a reconciliation import parses its file
 *   on; the core host starts it from beside itself (statement-reader-thread.ts).
 * - dist-electron/recon-writer-worker.cjs: the thread a reconciliation import on a SQLite ledger
 *   saves its batches on, started the same way (recon-writer-thread.ts).
 * - dist-electron/search-totals-worker.cjs: the thread the payments list's totals are counted on,
 *   started the same way (search-totals-thread.ts).
 * - dist-electron/browser-main.mjs: browser mode's entry (npm run start:browser). Starting from one
 *   file instead of a few hundred modules stripped of their types one by one is most of browser
 *   mode's start time.
 * - dist-electron/cli.mjs: the CLI, which the installed `payments-console` command runs
 *   (electron/cli/bin.mjs): Node strips no types in a package installed under node_modules.
 * - dist-electron/preload.cjs: CommonJS for a sandboxed preload, whose require only knows 'electron'.
 *   The preload needs only the contract's names, so the contract module is replaced by those names
 *   (computed here from the real contract) instead of inlining zod and every schema.
 */
import { build, type BuildOptions, type Metafile, type Plugin } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHANNEL_NAMES, EVENT_NAMES, IPC_EVENT_CHANNEL, IPC_INVOKE_PREFIX } from '../../shared/ipc/contract.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Electron 45 runs Node 22 and Chromium 140. */
const ELECTRON_NODE_TARGET = 'node22';
const ELECTRON_CHROME_TARGET = 'chrome140';

/**
 * Core modules find files and load keytar relative to `import.meta.url`, which a CommonJS bundle
 * does not have; it is rebuilt from the bundle's own file name.
 */
const IMPORT_META_SHIM = [
  "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;",
  'const __bundleFilename = __filename;',
  'const __bundleDirname = __dirname;',
].join('\n');

export interface ElectronBuildResult {
  readonly mainFile: string;
  readonly preloadFile: string;
  readonly coreHostFile: string;
  readonly statementWorkerFile: string;
  readonly reconWriterFile: string;
  readonly totalsWorkerFile: string;
  readonly browserMainFile: string;
  readonly cliFile: string;
  readonly mainInputs: readonly string[];
  readonly coreHostInputs: readonly string[];
  readonly preloadInputs: readonly string[];
  readonly statementWorkerInputs: readonly string[];
}

function commonOptions(options: { minify?: boolean; quiet?: boolean }): BuildOptions {
  return {
    absWorkingDir: repoRoot,
    bundle: true,
    format: 'cjs',
    sourcemap: 'linked',
    minify: options.minify ?? false,
    legalComments: 'none',
    metafile: true,
    logLevel: options.quiet ? 'silent' : 'warning',
  };
}

/** How a file of the core's process is bundled (the core host, its threads); the benches bundle what they time the same way. */
export function coreProcessOptions(options: { minify?: boolean; quiet?: boolean } = {}): BuildOptions {
  return {
    ...commonOptions(options),
    platform: 'node',
    target: ELECTRON_NODE_TARGET,
    external: ['electron', 'keytar'],
    banner: { js: IMPORT_META_SHIM },
    define: {
      'import.meta.url': '__bundleUrl',
      'import.meta.filename': '__bundleFilename',
      'import.meta.dirname': '__bundleDirname',
    },
  };
}

export async function buildElectron(options: { outDir?: string; minify?: boolean; quiet?: boolean } = {}): Promise<ElectronBuildResult> {
  const outDir = options.outDir ?? path.join(repoRoot, 'dist-electron');
  const common = commonOptions(options);
  const mainFile = path.join(outDir, 'main.cjs');
  const preloadFile = path.join(outDir, 'preload.cjs');
  const coreHostFile = path.join(outDir, 'core-host.cjs');
  const statementWorkerFile = path.join(outDir, 'statement-reader-worker.cjs');
  const reconWriterFile = path.join(outDir, 'recon-writer-worker.cjs');
  const totalsWorkerFile = path.join(outDir, 'search-totals-worker.cjs');
  const browserMainFile = path.join(outDir, 'browser-main.mjs');
  const cliFile = path.join(outDir, 'cli.mjs');
  const nodeProcess = coreProcessOptions(options);
  // For Node itself rather than Electron: ES modules, because their entries await at the top level;
  // the CommonJS packages they bundle get a `require` of their own.
  const nodeModule: BuildOptions = {
    ...common,
    format: 'esm',
    platform: 'node',
    target: `node${process.versions.node.split('.')[0]}`,
    external: ['keytar'],
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  };
  const [main, coreHost, statementWorker, , , preload] = await Promise.all([
    build({ ...nodeProcess, entryPoints: [path.join(repoRoot, 'electron/main/main.ts')], outfile: mainFile }),
    build({ ...nodeProcess, entryPoints: [path.join(repoRoot, 'electron/core-host/host.ts')], outfile: coreHostFile }),
    build({ ...nodeProcess, entryPoints: [path.join(repoRoot, 'electron/core/recon/statement-reader-worker.ts')], outfile: statementWorkerFile }),
    build({ ...nodeProcess, entryPoints: [path.join(repoRoot, 'electron/core/recon/recon-writer-worker.ts')], outfile: reconWriterFile }),
    build({ ...nodeProcess, entryPoints: [path.join(repoRoot, 'electron/core/ledger/search-totals-worker.ts')], outfile: totalsWorkerFile }),
    build({
      ...common,
      entryPoints: [path.join(repoRoot, 'electron/preload/preload.ts')],
      outfile: preloadFile,
      platform: 'browser',
      target: ELECTRON_CHROME_TARGET,
      external: ['electron'],
      plugins: [contractNamesOnly()],
    }),
    build({ ...nodeModule, entryPoints: [path.join(repoRoot, 'electron/browser/main.ts')], outfile: browserMainFile }),
    build({ ...nodeModule, entryPoints: [path.join(repoRoot, 'electron/cli/main.ts')], outfile: cliFile }),
  ]);
  return {
    mainFile,
    preloadFile,
    coreHostFile,
    statementWorkerFile,
    reconWriterFile,
    totalsWorkerFile,
    browserMainFile,
    cliFile,
    mainInputs: inputsOf(main.metafile),
    preloadInputs: inputsOf(preload.metafile),
    coreHostInputs: inputsOf(coreHost.metafile),
    statementWorkerInputs: inputsOf(statementWorker.metafile),
  };
}

const contractPath = path.join(repoRoot, 'shared', 'ipc', 'contract.ts');

function contractNamesOnly(): Plugin {
  return {
    name: 'contract-names-only',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /contract\.ts$/ }, (args) => {
        const resolved = path.resolve(args.resolveDir, args.path);
        return resolved === contractPath ? { path: resolved, namespace: 'contract-names' } : undefined;
      });
      pluginBuild.onLoad({ filter: /.*/, namespace: 'contract-names' }, () => ({
        loader: 'js',
        contents: [
          `export const CHANNEL_NAMES = ${JSON.stringify(CHANNEL_NAMES)};`,
          `export const EVENT_NAMES = ${JSON.stringify(EVENT_NAMES)};`,
          `export const IPC_INVOKE_PREFIX = ${JSON.stringify(IPC_INVOKE_PREFIX)};`,
          `export const IPC_EVENT_CHANNEL = ${JSON.stringify(IPC_EVENT_CHANNEL)};`,
        ].join('\n'),
      }));
    },
  };
}

function inputsOf(metafile: Metafile | undefined): string[] {
  return metafile ? Object.keys(metafile.inputs) : [];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await buildElectron({ minify: process.argv.includes('--minify') });
  const built = [result.mainFile, result.coreHostFile, result.statementWorkerFile, result.reconWriterFile, result.totalsWorkerFile, result.browserMainFile, result.cliFile, result.preloadFile].map((file) => path.relative(repoRoot, file));
  process.stdout.write(`built ${built.join(', ')}\n`);
}
