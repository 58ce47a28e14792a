/**
 * The built-in sandbox: the emulators on a loopback port and one sandbox profile per gateway,
 * whose generated credentials go into the keychain like real ones. Every start refreshes the
 * profiles' base URL (the port may change) and credentials (the emulators mint new ones).
 */
import { SYSTEM_CONTEXT } from '../audit.ts';
import { VaultUnavailableError } from '../errors.ts';
import type { GatewayDefinition } from '../gateways/types.ts';
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
  /** Set when the keychain refused the sandbox credentials; the console still starts. */
  readonly warning: string | null;
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
}): Promise<SandboxWorkspace> {
  const server = await createSandboxServer({ definitions: deps.definitions, clock: deps.clock, port: deps.port, host: '127.0.0.1' });
  let warning: string | null = null;
  for (const definition of deps.definitions) {
    const id = definition.descriptor.id;
    const emulator = server.emulator(id);
    const generated = emulator.sandboxProfile();
    const profileId = sandboxProfileId(id);
    // What a merchant configures in the gateway's back office: where to send webhooks.
    emulator.setNotificationUrl?.(deps.notificationUrlFor ? deps.notificationUrlFor(profileId) : null);
    const baseUrl = `${server.baseUrl}${generated.baseUrlPath}`;
    // The emulators put a request on record as they act, so "not found" two seconds after a call
    // ended means it never arrived; latency rules longer than that test the in-flight lease itself.
    const options = { settleWindowMs: SANDBOX_SETTLE_WINDOW_MS, ...generated.options };
    const existing = deps.settings.read().profiles.find((p) => p.id === profileId);
    if (existing) {
      deps.profiles.update(profileId, { baseUrl, options }, SYSTEM_CONTEXT);
    } else {
      deps.profiles.create(
        { name: `Sandbox · ${definition.descriptor.displayName}`, gatewayId: id, environment: 'sandbox', baseUrl, options },
        SYSTEM_CONTEXT,
        profileId,
      );
    }
    try {
      for (const [field, secret] of Object.entries(generated.credentials)) {
        await deps.profiles.setCredential(profileId, field, secret, SYSTEM_CONTEXT);
      }
    } catch (error) {
      if (!(error instanceof VaultUnavailableError)) throw error;
      warning = error.message;
      deps.logger.warn('sandbox credentials could not be stored', { gatewayId: id });
    }
  }
  deps.settings.update((s) => ({ ...s, sandbox: { ...s.sandbox, initialised: true } }));
  return { server, warning };
}
