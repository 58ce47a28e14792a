/**
 * `npm run new:gateway -- <id> [--name "Display Name"]`: a new gateway folder from
 * build/templates/gateway and its one line in electron/core/gateways/registry.ts — the only two
 * things adding a gateway touches. The id is the folder's name and the descriptor's id, so it
 * must be a gateway id (shared/domain/schemas.ts); an existing folder or export is never
 * overwritten. The folder is written under a temporary name and renamed into place, so a failure
 * half-way leaves no half-made gateway behind.
 */
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { isGatewayIdFormat } from '../../shared/domain/schemas.ts';
import { ConflictError, ValidationError } from '../../electron/core/errors.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const TEMPLATE_DIR = join(ROOT, 'build', 'templates', 'gateway');
const GATEWAYS_DIR = join(ROOT, 'electron', 'core', 'gateways');
const REGISTRY = join(GATEWAYS_DIR, 'registry.ts');
const TEMPLATE_SUFFIX = '.tmpl';
const PLACEHOLDER = /\{\{(\w+)\}\}/g;
/** Goes into string literals and comments as it is: no quote, backslash or comment end can break them. */
const DISPLAY_NAME_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} .&+()-]{0,59}$/u;

export interface GatewayNames {
  readonly id: string;
  readonly displayName: string;
  /** `north-star-pay` → `northStarPay`: the definition's export, the registry line's name. */
  readonly camelName: string;
  readonly PascalName: string;
  readonly CONSTANT_NAME: string;
}

export function namesFor(id: string, displayName?: string): GatewayNames {
  if (!isGatewayIdFormat(id)) throw new ValidationError(`"${id}" is not a gateway id: lower-case letters and digits in words joined by single hyphens, starting with a letter, at most 40 characters`, { id: 'Not a gateway id' });
  const words = id.split('-');
  const capitalised = words.map((word) => `${word.charAt(0).toUpperCase()}${word.slice(1)}`);
  const name = displayName?.trim() ?? capitalised.join(' ');
  if (!DISPLAY_NAME_PATTERN.test(name)) throw new ValidationError(`"${name}" cannot be a display name: letters, digits, spaces and . & + ( ) - only, at most 60 characters`, { name: 'Not a display name' });
  return { id, displayName: name, camelName: `${words[0]}${capitalised.slice(1).join('')}`, PascalName: capitalised.join(''), CONSTANT_NAME: words.join('_').toUpperCase() };
}

function fill(text: string, names: GatewayNames, file: string): string {
  return text.replace(PLACEHOLDER, (whole, key: string) => {
    if (!Object.hasOwn(names, key)) throw new Error(`${file}: unknown placeholder ${whole}`);
    return names[key as keyof GatewayNames];
  });
}

/** Every template file, relative to the template folder. */
function templateFiles(): string[] {
  return readdirSync(TEMPLATE_DIR, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(TEMPLATE_SUFFIX))
    .map((entry) => relative(TEMPLATE_DIR, join(entry.parentPath, entry.name)));
}

/** Creates the folder and the registry line; returns the files written, relative to the repository. */
export function createGateway(names: GatewayNames): string[] {
  const folder = join(GATEWAYS_DIR, names.id);
  if (existsSync(folder)) throw new ConflictError(`electron/core/gateways/${names.id}/ exists already; nothing was changed`);
  const registry = readFileSync(REGISTRY, 'utf8');
  if (new RegExp(`\\bexport\\s*\\{[^}]*\\b${names.camelName}\\b`).test(registry)) throw new ConflictError(`registry.ts exports ${names.camelName} already; nothing was changed`);

  const staging = mkdtempSync(join(GATEWAYS_DIR, `.${names.id}-`));
  try {
    const written = templateFiles().map((file) => {
      const target = join(staging, file.slice(0, -TEMPLATE_SUFFIX.length));
      cpSync(join(TEMPLATE_DIR, file), target);
      writeFileSync(target, fill(readFileSync(target, 'utf8'), names, file));
      return join('electron/core/gateways', names.id, file.slice(0, -TEMPLATE_SUFFIX.length));
    });
    renameSync(staging, folder);
    appendFileSync(REGISTRY, `${registry.endsWith('\n') ? '' : '\n'}export { ${names.camelName} } from './${names.id}/index.ts';\n`);
    return [...written, 'electron/core/gateways/registry.ts'];
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function main(): void {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { name: { type: 'string' } } });
  if (positionals.length !== 1) throw new ValidationError('Usage: npm run new:gateway -- <id> [--name "Display Name"]', {});
  // `npm run new:gateway <id> --name X` (without `--`) hands --name to npm, which passes it on as npm_config_name.
  const names = namesFor(positionals[0] ?? '', values.name ?? (process.env['npm_config_name'] || undefined));
  const written = createGateway(names);
  process.stdout.write(`Created ${names.displayName} (${names.id}):\n${written.map((file) => `  ${file}`).join('\n')}\nNext: replace what electron/core/gateways/${names.id}/index.ts lists, from the gateway's documents.\n`);
}

if (import.meta.main) {
  try {
    main();
  } catch (error) {
    process.stderr.write(`new:gateway: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
