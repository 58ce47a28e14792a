/**
 * Shows browser mode: Chromium in app mode (its own window, no tabs or address bar, a throwaway
 * profile) when there is a display and a Chromium to run; otherwise the URL is printed for the user
 * to open.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

export function hasDisplay(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/** The first Chromium-family executable on PATH, or null. */
export function findChromium(env: NodeJS.ProcessEnv): string | null {
  for (const directory of (env.PATH ?? '').split(path.delimiter)) {
    if (directory === '') continue;
    for (const name of CHROMIUM_NAMES) {
      const candidate = path.join(directory, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not in this directory
      }
    }
  }
  return null;
}

export function chromiumAppArguments(url: string, userDataDir: string): string[] {
  return [`--app=${url}`, `--user-data-dir=${userDataDir}`, '--no-first-run', '--no-default-browser-check', '--disable-sync', '--disable-background-networking'];
}

export type LaunchPlan = { readonly kind: 'chromium'; readonly executable: string } | { readonly kind: 'print' };

export function planLaunch(env: NodeJS.ProcessEnv): LaunchPlan {
  if (!hasDisplay(env)) return { kind: 'print' };
  const executable = findChromium(env);
  return executable ? { kind: 'chromium', executable } : { kind: 'print' };
}

export function launchBrowser(url: string, options: { env?: NodeJS.ProcessEnv; print?: (line: string) => void } = {}): LaunchPlan {
  const env = options.env ?? process.env;
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const plan = planLaunch(env);
  print(`Payments Console (browser mode): ${url}`);
  if (plan.kind === 'chromium') {
    const userDataDir = mkdtempSync(path.join(tmpdir(), 'payments-console-browser-'));
    const child = spawn(plan.executable, chromiumAppArguments(url, userDataDir), { detached: true, stdio: 'ignore', env });
    child.on('error', (error) => print(`Could not start ${plan.executable} (${error.message}); open the address above yourself.`));
    child.unref();
  }
  return plan;
}
