// @ts-check
/**
 * Lint = the layer rules plus a light, type-unaware recommended set (fast enough to run on save).
 * The layers (see ARCHITECTURE.md): shared/ imports nothing of ours and nothing platform-bound;
 * renderer/ never reaches electron/ or Node; electron/core/ never imports Electron; one gateway
 * folder never imports another; an emulator never imports its adapter.
 */
import { readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { builtinRules } from 'eslint/use-at-your-own-risk';
import tseslint from 'typescript-eslint';

const nodeBuiltins = new Set(builtinModules.filter((name) => !name.startsWith('_')));

/** @param {string} file */
const toPosix = (file) => file.split(path.sep).join('/');

/** @param {string} target @param {string} dir */
const isWithin = (target, dir) => target === dir || target.startsWith(`${dir}/`);

/** `react*` matches react, react-dom, react/jsx-runtime; `electron` matches electron and electron/…. */
/** @param {string} source @param {string} pattern */
function matchesModule(source, pattern) {
  if (pattern.endsWith('*')) return source.startsWith(pattern.slice(0, -1));
  return source === pattern || source.startsWith(`${pattern}/`);
}

/** @param {string} source */
function isNodeBuiltin(source) {
  return source.startsWith('node:') || nodeBuiltins.has(source.split('/')[0] ?? source);
}

/**
 * `layers/imports`: every import (static, re-export, dynamic, require, `import type`, `typeof import()`)
 * is checked against the options of the block the file falls in. Relative imports are resolved
 * against the repository root, so `../../electron/x.ts` and `../domain/x.ts` are told apart.
 * @type {import('eslint').Rule.RuleModule}
 */
const importsRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Keeps each layer to the imports it is allowed.' },
    schema: [
      {
        type: 'object',
        properties: {
          layer: { type: 'string' },
          allowedDirs: { type: 'array', items: { type: 'string' } },
          forbiddenDirs: { type: 'array', items: { type: 'string' } },
          forbiddenModules: { type: 'array', items: { type: 'string' } },
          forbidNodeBuiltins: { type: 'boolean' },
          isolatedSiblingsUnder: { type: 'string' },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      module: "{{layer}} may not import '{{source}}'.",
      builtin: "{{layer}} may not import the Node built-in '{{source}}'.",
      outside: '{{layer}} may only import from {{allowed}}; {{target}} is outside.',
      dir: '{{layer}} may not import from {{dir}}/ ({{target}}).',
      sibling: "{{parent}}/{{from}} may not import from {{parent}}/{{to}}: each one stands alone; share through {{parent}}/ itself.",
    },
  },
  create(context) {
    const options = context.options[0] ?? {};
    const layer = options.layer ?? 'this layer';
    const root = context.cwd;
    const file = toPosix(path.relative(root, context.filename));

    /** @param {import('estree').Node} node @param {unknown} source */
    function check(node, source) {
      if (typeof source !== 'string') return;
      if (source.startsWith('.') || source.startsWith('/')) {
        const target = toPosix(path.relative(root, path.resolve(path.dirname(context.filename), source)));
        if (options.allowedDirs && !options.allowedDirs.some((dir) => isWithin(target, dir))) {
          context.report({ node, messageId: 'outside', data: { layer, target, allowed: options.allowedDirs.map((dir) => (/\.[a-z]+$/.test(dir) ? dir : `${dir}/`)).join(', ') } });
          return;
        }
        const dir = (options.forbiddenDirs ?? []).find((candidate) => isWithin(target, candidate));
        if (dir) {
          context.report({ node, messageId: 'dir', data: { layer, dir, target } });
          return;
        }
        const parent = options.isolatedSiblingsUnder;
        if (parent && isWithin(file, parent) && isWithin(target, parent)) {
          const from = file.slice(parent.length + 1).split('/');
          const to = target.slice(parent.length + 1).split('/');
          // Only files inside a sibling folder are isolated; the parent's own files (registry, types) are shared.
          if (from.length > 1 && to.length > 1 && from[0] !== to[0]) {
            context.report({ node, messageId: 'sibling', data: { parent, from: from[0] ?? '', to: to[0] ?? '' } });
          }
        }
        return;
      }
      if (options.forbidNodeBuiltins && isNodeBuiltin(source)) {
        context.report({ node, messageId: 'builtin', data: { layer, source } });
        return;
      }
      if ((options.forbiddenModules ?? []).some((pattern) => matchesModule(source, pattern))) {
        context.report({ node, messageId: 'module', data: { layer, source } });
      }
    }

    /** @param {any} node */
    const literalSource = (node) => (node && node.type === 'Literal' ? node.value : undefined);

    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => check(node.source, literalSource(node.source)),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node, literalSource(node.arguments[0]));
      },
      /** @param {any} node */
      TSImportType: (node) => check(node, literalSource(node.argument?.literal ?? node.argument)),
    };
  },
};

const layersPlugin = { meta: { name: 'layers' }, rules: { imports: importsRule } };

/** Core rules ESLint itself marks as recommended (the @eslint/js preset, read from ESLint). */
const eslintRecommended = Object.fromEntries(
  [...builtinRules].filter(([, rule]) => rule.meta?.docs?.recommended).map(([name]) => [name, /** @type {const} */ ('error')]),
);

/** @param {string[]} files @param {Record<string, unknown>} options */
const layer = (files, options) => ({ files, rules: { 'layers/imports': ['error', options] } });

const platformModules = ['electron', 'electron-store', 'keytar', 'conf', 'undici'];

/**
 * An emulator plays its gateway from the documents, not from our adapter: it may import its own
 * emulator/ folder, the sandbox plumbing, the gateway port's types, shared/ and npm packages —
 * never its adapter's wire, signing or crypto modules, or a shared misreading passes every test.
 * One block per gateway folder, read from the disk, so a new gateway is covered without a line here.
 */
const GATEWAYS_DIR = 'electron/core/gateways';
const emulatorLayers = readdirSync(new URL(`./${GATEWAYS_DIR}`, import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) =>
    layer([`${GATEWAYS_DIR}/${entry.name}/emulator/**`], {
      layer: `the ${entry.name} emulator`,
      allowedDirs: [`${GATEWAYS_DIR}/${entry.name}/emulator`, 'electron/core/sandbox', `${GATEWAYS_DIR}/types.ts`, 'shared'],
      forbiddenModules: ['electron', 'electron-store', 'react*'],
    }),
  );

export default tseslint.config(
  { ignores: ['node_modules/**', '**/dist/**', 'dist-electron/**', 'renderer/dist/**', 'release/**', 'test-results/**', '.data/**', 'coverage/**'] },
  { files: ['**/*.{js,mjs,cjs,ts,tsx}'], plugins: { layers: layersPlugin }, rules: eslintRecommended },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' },
    },
  },
  {
    // CommonJS preload scripts for Node (e.g. the security scan's offline HTTP stub).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Flags the defensive "initialise, then assign in try/catch" pattern; TypeScript's definite
      // assignment analysis already catches the reads that matter.
      'no-useless-assignment': 'off',
    },
  },
  {
    // Tests pin arithmetic facts down with literal expressions on purpose.
    files: ['test/**'],
    rules: { 'no-constant-condition': 'off' },
  },

  layer(['shared/**'], {
    layer: 'shared/',
    allowedDirs: ['shared'],
    forbiddenModules: [...platformModules, 'react*', 'zustand', '@tanstack/*'],
    forbidNodeBuiltins: true,
  }),
  layer(['renderer/src/**'], {
    layer: 'renderer/',
    forbiddenDirs: ['electron'],
    forbiddenModules: platformModules,
    forbidNodeBuiltins: true,
  }),
  layer(['electron/preload/**'], {
    layer: 'electron/preload/',
    forbiddenDirs: ['electron/core', 'electron/main', 'electron/browser', 'renderer'],
    forbiddenModules: ['electron-store', 'keytar', 'conf', 'undici', 'react*'],
    forbidNodeBuiltins: true,
  }),
  layer(['electron/core/**'], {
    layer: 'electron/core/',
    forbiddenDirs: ['renderer', 'electron/main', 'electron/preload', 'electron/browser', 'electron/cli'],
    forbiddenModules: ['electron', 'electron-store', 'react*'],
    isolatedSiblingsUnder: 'electron/core/gateways',
  }),
  ...emulatorLayers,
  // The core runs in its own process: main reaches it through electron/core-host/protocol.ts only.
  layer(['electron/main/**'], {
    layer: 'electron/main/',
    forbiddenDirs: ['renderer', 'electron/preload', 'electron/browser', 'electron/cli', 'electron/core/ledger'],
    forbiddenModules: ['react*', 'keytar', 'node:sqlite'],
  }),
  layer(['electron/core-host/**'], {
    layer: 'electron/core-host/',
    forbiddenDirs: ['renderer', 'electron/main', 'electron/preload', 'electron/browser', 'electron/cli'],
    forbiddenModules: ['electron', 'electron-store', 'react*'],
  }),
  // Shared with browser mode, which runs in plain Node.
  layer(['electron/main/renderer-content.ts'], {
    layer: 'electron/main/renderer-content.ts',
    forbiddenDirs: ['renderer', 'electron/preload', 'electron/browser', 'electron/cli'],
    forbiddenModules: ['electron', 'electron-store', 'react*'],
  }),
  layer(['electron/browser/**', 'electron/cli/**'], {
    layer: 'browser mode and the CLI',
    forbiddenDirs: ['renderer/src', 'electron/preload'],
    forbiddenModules: ['electron', 'electron-store', 'react*'],
  }),
);
