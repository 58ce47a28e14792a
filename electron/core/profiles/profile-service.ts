/**
 * Merchant profiles (settings) and their secrets (keychain). Secrets are write-only from the
 * contract's side: they are read here only to hand them to an adapter.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { isDeepStrictEqual } from 'node:util';
import { urlHasUserinfo, type GatewayId } from '../../../shared/domain/schemas.ts';
import type { Profile } from '../../../shared/ipc/contract.ts';
import type { Auditor } from '../audit.ts';
import type { InvocationContext } from '../door.ts';
import { AuthenticationError, NotFoundError, NotSupportedError, ValidationError } from '../errors.ts';
import type { AdapterContext, CallRateLedger, GatewayAdapter, GatewayDefinition, OptionField, ProfileConfig } from '../gateways/types.ts';
import { referenceOptionProblems } from '../gateways/reference-rule.ts';
import type { HttpClient, HttpRequest, WireContext } from '../http/http-client.ts';
import { newProfileId } from '../ids.ts';
import type { Clock } from '../ports.ts';
import type { SettingsStore, StoredProfile } from '../settings/settings-store.ts';
import { credentialAccount } from '../vault/credential-store.ts';
import type { SecretCache } from '../vault/secret-cache.ts';

export interface ProfileServiceDeps {
  readonly settings: SettingsStore;
  /** The keychain as this data folder sees it, each secret kept in memory once read. */
  readonly vault: SecretCache;
  readonly gateways: (id: GatewayId) => GatewayDefinition;
  readonly http: HttpClient;
  readonly clock: Clock;
  readonly auditor: Auditor;
  /** Where shoppers return after an out-of-band step (served by the notification receiver). */
  readonly shopperResultUrl?: (profileId: string) => string | null;
  /** The ledger's call budgets, shared by every process on it. */
  readonly rateLedger?: CallRateLedger;
}

export interface ProfileInput {
  readonly name: string;
  readonly gatewayId: GatewayId;
  readonly environment: StoredProfile['environment'];
  readonly baseUrl: string;
  readonly options: Record<string, string | number | boolean>;
}

export interface BoundAdapter {
  readonly profile: ProfileConfig;
  readonly definition: GatewayDefinition;
  readonly adapter: GatewayAdapter;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Real gateways are reached over HTTPS with certificate checks; plain HTTP only on this machine. */
export function checkBaseUrl(baseUrl: string, environment: StoredProfile['environment']): void {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ValidationError('The base URL is not a valid URL', { baseUrl: 'Not a valid URL' });
  }
  if (url.protocol === 'https:') return;
  if (url.protocol !== 'http:') throw new ValidationError('The base URL must use HTTPS', { baseUrl: 'Use https://' });
  if (!LOOPBACK_HOSTS.has(url.hostname)) {
    throw new ValidationError(
      `${environment === 'production' ? 'Production' : 'Gateway'} profiles must use HTTPS; plain HTTP is accepted only for this machine (loopback)`,
      { baseUrl: 'Use https://' },
    );
  }
}

/** Options every profile has, whatever its gateway. */
export const COMMON_OPTION_FIELDS: readonly OptionField[] = [
  { name: 'settleWindowMs', label: 'Settle window in ms (how long the gateway may take to record a request; a lookup that finds nothing earlier proves nothing)', type: 'number', required: false },
];

/**
 * The contract refuses a user name or password in a base URL; one saved before that rule (or put
 * in the settings file by hand) is shown masked, never in clear. Saving the masked URL back is
 * refused too, so the operator is asked to remove it.
 */
export function maskUserinfo(baseUrl: string): string {
  if (!urlHasUserinfo(baseUrl)) return baseUrl;
  const url = new URL(baseUrl);
  url.username = '***';
  url.password = '';
  return url.toString();
}

/**
 * Adapter calls that only read, so sending one again cannot move money: when the gateway refuses
 * the profile's credentials, they are read from the keychain again and, if another console changed
 * them meanwhile, the call is made once more. Any other call is never sent twice; its refusal only
 * refreshes the credentials for the next call.
 */
const RETRIED_ON_REFUSED_CREDENTIALS: ReadonlySet<string> = new Set([
  'sync',
  'lookupOperation',
  'testCredentials',
  'capabilities.imports.fetchTransaction',
  'capabilities.ussd.listBanks',
  'capabilities.mandates.get',
  'capabilities.webhooks.parse',
]);

const NO_WIRE: Omit<WireContext, 'gatewayId'> = { paymentId: null, operationId: null };

/** What an adapter was built from: another profile configuration builds another adapter. */
interface BuiltAdapter {
  readonly stored: StoredProfile;
  readonly key: string;
  readonly definition: GatewayDefinition;
  readonly adapter: GatewayAdapter;
}

export function createProfileService(deps: ProfileServiceDeps) {
  const { settings, vault, auditor } = deps;
  /** One adapter per profile, built on first use and again when the profile's configuration changes. */
  const built = new Map<string, BuiltAdapter>();
  /** The payment and operation a call of a shared adapter is made for, for its wire log entries. */
  const wireScope = new AsyncLocalStorage<Omit<WireContext, 'gatewayId'>>();

  function stored(id: string): StoredProfile {
    const found = settings.read().profiles.find((p) => p.id === id);
    if (!found) throw new NotFoundError(`No profile with id ${id}`);
    return found;
  }

  /** The profile's gateway, or null when this version has none by that id. */
  function definitionOf(gatewayId: GatewayId): GatewayDefinition | null {
    try {
      return deps.gateways(gatewayId);
    } catch (error) {
      if (error instanceof NotSupportedError) return null;
      throw error;
    }
  }

  function present(profile: StoredProfile): Profile {
    const definition = definitionOf(profile.gatewayId);
    const credentials: Record<string, boolean> = {};
    // Without its gateway the profile still shows which secrets it holds, so nothing looks lost.
    const fields = definition ? definition.descriptor.credentialFields.map((field) => field.name) : profile.credentialFields;
    for (const field of fields) credentials[field] = profile.credentialFields.includes(field);
    return {
      id: profile.id,
      name: profile.name,
      gatewayId: profile.gatewayId,
      environment: profile.environment,
      baseUrl: maskUserinfo(profile.baseUrl),
      options: profile.options,
      credentials,
      available: definition !== null,
    };
  }

  function checkOptions(gatewayId: GatewayId, options: Record<string, string | number | boolean>): void {
    const definition = deps.gateways(gatewayId);
    const fields: Record<string, string> = {};
    const known = [...definition.descriptor.optionFields, ...COMMON_OPTION_FIELDS];
    for (const field of known) {
      const value = options[field.name];
      if (value === undefined || value === '') {
        if (field.required) fields[`options.${field.name}`] = `${field.label} is required`;
        continue;
      }
      if (typeof value !== field.type) fields[`options.${field.name}`] = `${field.label} must be a ${field.type}`;
    }
    const window = options['settleWindowMs'];
    if (typeof window === 'number' && (!Number.isInteger(window) || window < 0 || window > 86_400_000)) fields['options.settleWindowMs'] = 'Must be a whole number of milliseconds between 0 and 86400000';
    for (const name of Object.keys(options)) {
      if (!known.some((f) => f.name === name)) fields[`options.${name}`] = `Unknown option for ${definition.descriptor.displayName}`;
    }
    Object.assign(fields, referenceOptionProblems(definition.descriptor.referenceRule, options));
    if (Object.keys(fields).length) throw new ValidationError('Some profile options are not valid', fields);
  }

  function credentialField(profile: StoredProfile, field: string) {
    const definition = deps.gateways(profile.gatewayId);
    const known = definition.descriptor.credentialFields.find((f) => f.name === field);
    if (!known) throw new ValidationError(`${definition.descriptor.displayName} has no credential named ${field}`, { field: 'Unknown credential field' });
    return known;
  }

  function configOf(profile: StoredProfile): ProfileConfig {
    return { id: profile.id, name: profile.name, gatewayId: profile.gatewayId, environment: profile.environment, baseUrl: profile.baseUrl, options: profile.options };
  }

  function contextFor(profile: StoredProfile, definition: GatewayDefinition, http: HttpClient): AdapterContext {
    return {
      profile: configOf(profile),
      shopperResultUrl: deps.shopperResultUrl ? deps.shopperResultUrl(profile.id) : null,
      clock: deps.clock,
      ...(deps.rateLedger ? { rateLedger: deps.rateLedger } : {}),
      http,
      async secret(field) {
        const label = definition.descriptor.credentialFields.find((f) => f.name === field)?.label ?? field;
        const value = await vault.get(credentialAccount(profile.id, field));
        if (!value) throw new AuthenticationError(`The profile “${profile.name}” has no ${label} in the keychain; set it in Settings`);
        return value;
      },
    };
  }

  /** What an adapter of the profile is made with: also what a gateway's report fetch calls with. */
  function adapterContext(profileId: string, wire: Omit<WireContext, 'gatewayId'>): { context: AdapterContext; definition: GatewayDefinition } {
    const profile = stored(profileId);
    const definition = deps.gateways(profile.gatewayId);
    return { context: contextFor(profile, definition, deps.http.withContext({ gatewayId: profile.gatewayId, ...wire })), definition };
  }

  /** The profile's adapter, built once for its current configuration; its exchanges are logged under the call's wire scope. */
  function builtAdapter(profileId: string): BuiltAdapter {
    const profile = stored(profileId);
    const kept = built.get(profileId);
    if (kept !== undefined && kept.stored === profile) return kept;
    const key = JSON.stringify([profile.name, profile.gatewayId, profile.environment, profile.baseUrl, profile.options, deps.shopperResultUrl?.(profileId) ?? null]);
    if (kept !== undefined && kept.key === key) {
      const same = { ...kept, stored: profile };
      built.set(profileId, same);
      return same;
    }
    const definition = deps.gateways(profile.gatewayId);
    const http: HttpClient = {
      request: (request: HttpRequest) => deps.http.withContext({ gatewayId: profile.gatewayId, ...(wireScope.getStore() ?? NO_WIRE) }).request(request),
      withContext: (context) => deps.http.withContext(context),
    };
    const fresh = { stored: profile, key, definition, adapter: definition.createAdapter(contextFor(profile, definition, http)) };
    built.set(profileId, fresh);
    return fresh;
  }

  /** Reads the profile's secrets from the keychain again; true when one of them changed. */
  async function reloadSecrets(profileId: string, definition: GatewayDefinition): Promise<boolean> {
    let changed = false;
    for (const field of definition.descriptor.credentialFields) if (await vault.reload(credentialAccount(profileId, field.name))) changed = true;
    return changed;
  }

  /**
   * The shared adapter as one call sees it: every method runs in the call's wire scope, and a
   * refusal of the credentials is handled as RETRIED_ON_REFUSED_CREDENTIALS says.
   */
  function scopedView<T extends object>(target: T, path: string, profileId: string, definition: GatewayDefinition, wire: Omit<WireContext, 'gatewayId'>): T {
    return new Proxy(target, {
      get(object, key, receiver) {
        const value: unknown = Reflect.get(object, key, receiver);
        const name = `${path}${String(key)}`;
        if (typeof value === 'function') {
          const method = value as (...args: unknown[]) => unknown;
          return (...args: unknown[]) => {
            const once = () => wireScope.run(wire, () => method.apply(object, args));
            const answer = once();
            if (!(answer instanceof Promise)) return answer;
            return answer.catch(async (error: unknown) => {
              if (!(error instanceof AuthenticationError)) throw error;
              const changed = await reloadSecrets(profileId, definition);
              if (changed && RETRIED_ON_REFUSED_CREDENTIALS.has(name)) return once();
              throw error;
            });
          };
        }
        if (typeof value === 'object' && value !== null) return scopedView(value, `${name}.`, profileId, definition, wire);
        return value;
      },
    });
  }

  return {
    list(): Profile[] {
      return settings.read().profiles.map(present);
    },

    get(id: string): StoredProfile {
      return stored(id);
    },

    descriptorOf(gatewayId: GatewayId) {
      return deps.gateways(gatewayId).descriptor;
    },

    /** The profile's settle window: its own option, else the gateway's default. */
    settleWindowMs(id: string): number {
      const profile = stored(id);
      const own = profile.options['settleWindowMs'];
      return typeof own === 'number' ? own : deps.gateways(profile.gatewayId).descriptor.settleWindowMs;
    },

    async create(input: ProfileInput, context: InvocationContext, id: string = newProfileId()): Promise<Profile> {
      // The contract checks only an id's form; which gateways exist is this version's registry.
      if (definitionOf(input.gatewayId) === null) throw new ValidationError(`The ${input.gatewayId} gateway is not available in this version`, { gatewayId: 'Not a gateway of this version' });
      checkBaseUrl(input.baseUrl, input.environment);
      checkOptions(input.gatewayId, input.options);
      const profile: StoredProfile = { id, ...input, credentialFields: [] };
      settings.update((current) => ({ ...current, profiles: [...current.profiles.filter((p) => p.id !== id), profile] }));
      await auditor.record(context, 'profile.create', { type: 'profile', id }, 'succeeded', { gatewayId: input.gatewayId, environment: input.environment, baseUrl: input.baseUrl });
      return present(profile);
    },

    async update(
      id: string,
      change: { name?: string | undefined; baseUrl?: string | undefined; options?: Record<string, string | number | boolean> | undefined },
      context: InvocationContext,
    ): Promise<Profile> {
      const current = stored(id);
      const next: StoredProfile = {
        ...current,
        name: change.name ?? current.name,
        baseUrl: change.baseUrl ?? current.baseUrl,
        options: change.options ?? current.options,
      };
      checkBaseUrl(next.baseUrl, next.environment);
      checkOptions(next.gatewayId, next.options);
      // The sandbox refreshes its profiles at every start: a change that changes nothing is neither written nor audited.
      if (isDeepStrictEqual(next, current)) return present(current);
      settings.update((s) => ({ ...s, profiles: s.profiles.map((p) => (p.id === id ? next : p)) }));
      await auditor.record(context, 'profile.update', { type: 'profile', id }, 'succeeded', { changed: Object.keys(change) });
      return present(next);
    },

    async remove(id: string, context: InvocationContext): Promise<boolean> {
      const current = stored(id);
      for (const field of current.credentialFields) await vault.delete(credentialAccount(id, field));
      settings.update((s) => ({ ...s, profiles: s.profiles.filter((p) => p.id !== id) }));
      built.delete(id);
      await auditor.record(context, 'profile.delete', { type: 'profile', id }, 'succeeded');
      return true;
    },

    async setCredential(profileId: string, field: string, value: string, context: InvocationContext): Promise<void> {
      const profile = stored(profileId);
      credentialField(profile, field);
      const refusal = deps.gateways(profile.gatewayId).descriptor.checkCredential?.(field, value, profile.environment) ?? null;
      if (refusal) {
        await auditor.record(context, 'credential.set', { type: 'profile', id: profileId }, 'refused', { field });
        throw new ValidationError(refusal, { value: refusal });
      }
      try {
        await vault.set(credentialAccount(profileId, field), value);
      } catch (error) {
        await auditor.record(context, 'credential.set', { type: 'profile', id: profileId }, 'failed', { field });
        throw error;
      }
      settings.update((s) => ({
        ...s,
        profiles: s.profiles.map((p) => (p.id === profileId ? { ...p, credentialFields: [...new Set([...p.credentialFields, field])] } : p)),
      }));
      await auditor.record(context, 'credential.set', { type: 'profile', id: profileId }, 'succeeded', { field });
    },

    async deleteCredential(profileId: string, field: string, context: InvocationContext): Promise<boolean> {
      const profile = stored(profileId);
      credentialField(profile, field);
      const deleted = await vault.delete(credentialAccount(profileId, field));
      settings.update((s) => ({
        ...s,
        profiles: s.profiles.map((p) => (p.id === profileId ? { ...p, credentialFields: p.credentialFields.filter((f) => f !== field) } : p)),
      }));
      await auditor.record(context, 'credential.delete', { type: 'profile', id: profileId }, deleted ? 'succeeded' : 'absent', { field });
      return deleted;
    },

    /**
     * The secrets the keychain holds for a profile, by field. For the core's own use (the sandbox
     * hands them back to its emulators); no channel returns them.
     */
    async readCredentials(profileId: string): Promise<Record<string, string>> {
      const profile = stored(profileId);
      const found: Record<string, string> = {};
      for (const field of deps.gateways(profile.gatewayId).descriptor.credentialFields) {
        const value = await vault.get(credentialAccount(profileId, field.name));
        if (value !== null) found[field.name] = value;
      }
      return found;
    },

    /** The profile's adapter (built once per configuration) as one call sees it: its secrets and a wire-log context. */
    adapterFor(profileId: string, wire: Omit<WireContext, 'gatewayId'>): BoundAdapter {
      const { definition, adapter, stored: profile } = builtAdapter(profileId);
      return { profile: configOf(profile), definition, adapter: scopedView(adapter, '', profileId, definition, wire) };
    },

    /** Drops every secret kept in memory (the next call reads the keychain again). */
    forgetSecrets(): void {
      vault.forgetAll();
    },

    adapterContext,
  };
}

export type ProfileService = ReturnType<typeof createProfileService>;
