/**
 * The built-in sandbox: the emulators on a loopback port and one sandbox profile per gateway,
 * whose credentials go into the keychain like real ones. Every start refreshes the profiles' base
 * URL, which changes only when the sandbox's earlier port is taken (or another is configured).
 * Credentials this data folder already holds are handed to the emulators and kept, so a second
 * console on the same folder (or a CLI call) does not replace the ones an open console is using;
 * only a profile without a complete set gets newly minted ones.
 */
import { SYSTEM_CONTEXT } from '../audit.ts';
import { VaultUnavailableError } from '../errors.ts';
import type { GatewayDefinition, SandboxProfileMaterial } from '../gateways/types.ts';
import type { Clock, Logger } from '../ports.ts';
import type { ProfileService } from '../profiles/profile-service.ts';
import { createSandboxServer, type SandboxServer } from '../sandbox/sandbox-server.ts';
import type { SettingsStore } from '../settings/settings-store.ts';

export const SANDBOX_SETTLE_WINDOW_MS = 2_000;

export function sandboxProfileId(gatewayId: string): string {
  return `sandbox-${gatewayId}`;
}

export interface SandboxWorkspace {
  readonly server: SandboxServer;
  /** Set when the keychain refused the sandbox credentials, or the profiles could not be refreshed; the console still starts. */
  readonly warning: string | null;
}

/**
 * The port the sandbox profiles already point at (from an earlier start), if any: taken again
 * when free, so a restart keeps their base URL and has nothing to write or audit.
 */
function previousPort(definitions: readonly GatewayDefinition[], settings: SettingsStore): number | null {
  const profiles = settings.read().profiles;
  for (const definition of definitions) {
    const profile = profiles.find((candidate) => candidate.id === sandboxProfileId(definition.descriptor.id));
    if (profile === undefined) continue;
    const port = URL.canParse(profile.baseUrl) ? Number(new URL(profile.baseUrl).port) : Number.NaN;
    if (Number.isInteger(port) && port > 0) return port;
  }
  return null;
}

/** On the configured port; with none configured, on the profiles' earlier port when it is free, else on any. */
async function startSandboxServer(deps: { definitions: readonly GatewayDefinition[]; clock: Clock; port: number; settings: SettingsStore }): Promise<SandboxServer> {
  const on = (port: number) => createSandboxServer({ definitions: deps.definitions, clock: deps.clock, port, host: '127.0.0.1' });
  const earlier = deps.port === 0 ? previousPort(deps.definitions, deps.settings) : null;
  if (earlier !== null) {
    try {
      return await on(earlier);
    } catch (error) {
      // Another console on this folder, or another program, holds it now.
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' && (error as NodeJS.ErrnoException).code !== 'EACCES') throw error;
    }
  }
  return on(deps.port);
}

export async function startSandboxWorkspace(deps: {
  definitions: readonly GatewayDefinition[];
  profiles: ProfileService;
  settings: SettingsStore;
  clock: Clock;
  logger: Logger;
  port: number;
  /** Where the console receives this profile's webhooks, if the receiver runs. */
  notificationUrlFor: ((profileId: string) => string) | null;
  /** Why the audit log cannot be written, if it cannot: then the profiles are left as they are. */
  auditUnavailable: string | null;
}): Promise<SandboxWorkspace> {
  const server = await startSandboxServer(deps);
  if (deps.auditUnavailable !== null) {
    // Creating or refreshing a profile is audited; the emulators still answer sandbox:info.
    deps.logger.warn('sandbox profiles were not refreshed: the audit log cannot be written');
    return { server, warning: `The sandbox profiles were not set up or refreshed, and sandbox payments are refused: the audit log cannot record anything without its key (${deps.auditUnavailable}).` };
  }
  let warning: string | null = null;
  // The gateways' profiles are set up side by side: most of a first start's wait here is the
  // keychain's round trips, and each profile's are its own.
  const setUp = async (definition: GatewayDefinition): Promise<void> => {
    const id = definition.descriptor.id;
    const emulator = server.emulator(id);
    const profileId = sandboxProfileId(id);
    const existing = deps.settings.read().profiles.find((p) => p.id === profileId);
    // What a merchant configures in the gateway's back office: where to send webhooks.
    emulator.setNotificationUrl?.(deps.notificationUrlFor ? deps.notificationUrlFor(profileId) : null);
    let held: SandboxProfileMaterial | null = null;
    try {
      held = existing ? { options: existing.options, credentials: await deps.profiles.readCredentials(profileId) } : null;
    } catch (error) {
      if (!(error instanceof VaultUnavailableError)) throw error;
      // What the keychain holds is unknown: minting now could replace credentials another console uses.
      warning = error.message;
      deps.logger.warn('sandbox credentials could not be read', { gatewayId: id });
      return;
    }
    const generated = emulator.sandboxProfile(held);
    const baseUrl = `${server.baseUrl}${generated.baseUrlPath}`;
    // The emulators put a request on record as they act, so "not found" two seconds after a call
    // ended means it never arrived; latency rules longer than that test the in-flight lease itself.
    const options = { settleWindowMs: SANDBOX_SETTLE_WINDOW_MS, ...generated.options };
    if (existing) {
      await deps.profiles.update(profileId, { baseUrl, options }, SYSTEM_CONTEXT);
    } else {
      await deps.profiles.create(
        { name: `Sandbox · ${definition.descriptor.displayName}`, gatewayId: id, environment: 'sandbox', baseUrl, options },
        SYSTEM_CONTEXT,
        profileId,
      );
    }
    if (generated.reused) return;
    try {
      for (const [field, secret] of Object.entries(generated.credentials)) {
        await deps.profiles.setCredential(profileId, field, secret, SYSTEM_CONTEXT);
      }
    } catch (error) {
      if (!(error instanceof VaultUnavailableError)) throw error;
      warning = error.message;
      deps.logger.warn('sandbox credentials could not be stored', { gatewayId: id });
    }
  };
  await Promise.all(deps.definitions.map(setUp));
  deps.settings.update((s) => ({ ...s, sandbox: { ...s.sandbox, initialised: true } }));
  return { server, warning };
}
