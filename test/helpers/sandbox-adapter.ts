/**
 * An adapter bound to a fresh sandbox merchant of a running sandbox, as the console binds a
 * sandbox profile: the emulator's credentials stand in for the keychain.
 */
import { randomUUID } from 'node:crypto';
import { AuthenticationError } from '../../electron/core/errors.ts';
import type { GatewayDefinitionOf } from '../../electron/core/gateways/define-gateway.ts';
import type { GatewayAdapter, ProfileConfig } from '../../electron/core/gateways/types.ts';
import type { HttpClient } from '../../electron/core/http/http-client.ts';
import { systemClock } from '../../electron/core/ports.ts';
import type { SandboxServer } from '../../electron/core/sandbox/sandbox-server.ts';

export interface SandboxAdapter<A extends GatewayAdapter = GatewayAdapter> {
  readonly adapter: A;
  readonly profile: ProfileConfig;
  readonly credentials: Readonly<Record<string, string>>;
}

export function sandboxAdapter<A extends GatewayAdapter>(
  definition: GatewayDefinitionOf<A>,
  server: SandboxServer,
  http: HttpClient,
  options: Record<string, string | number | boolean> = {},
): SandboxAdapter<A> {
  const gatewayId = definition.descriptor.id;
  const generated = server.emulator(gatewayId).sandboxProfile();
  const profile: ProfileConfig = {
    id: randomUUID(),
    name: `${definition.descriptor.displayName} sandbox`,
    gatewayId,
    environment: 'sandbox',
    baseUrl: `${server.baseUrl}${generated.baseUrlPath}`,
    options: { ...generated.options, ...options },
  };
  const adapter = definition.createAdapter({
    profile,
    secret: async (field) => {
      const value = generated.credentials[field];
      if (value === undefined) throw new AuthenticationError(`No ${field}`);
      return value;
    },
    http: http.withContext({ gatewayId, paymentId: null, operationId: null }),
    clock: systemClock,
  });
  return { adapter, profile, credentials: generated.credentials };
}
