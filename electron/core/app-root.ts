/**
 * The folder holding the console's package.json, found from a module's own URL by walking up: the
 * same module runs from its source folder (electron/core/…), from a bundle in dist-electron/, and
 * from inside a packaged app's archive, each at a different depth below that folder.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function appRootFrom(moduleUrl: string): string | null {
  let folder = dirname(fileURLToPath(moduleUrl));
  for (;;) {
    if (existsSync(join(folder, 'package.json'))) return folder;
    const parent = dirname(folder);
    if (parent === folder) return null;
    folder = parent;
  }
}
