/**
 * The receiver service's configuration file: which shared ledger, where to listen, the public
 * address gateways post to, the proxies in front, where its secrets come from and the profiles it
 * serves. Nothing secret lives here (the connection string carries no password, profiles carry no
 * credentials), so the file may be readable by the operators who deploy the service.
 *
 * Profile ids are the consoles' own: a console records each payment under its profile's id and the
 * receiver looks payments up by the id in the delivery's path, so a profile served here must have
 * the id, gateway and environment the consoles use for it (the applier also checks the payment's
 * gateway against the profile's).
 */
import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { postgresConnectionStringSchema } from '../../../shared/domain/ledger-choice.ts';
import { environmentSchema, gatewayIdSchema } from '../../../shared/domain/schemas.ts';
import { ValidationError } from '../errors.ts';
import { findGateway } from '../gateways/gateway-catalog.ts';
import { checkBaseUrl } from '../profiles/profile-service.ts';

/** What `/notifications/<profileId>` accepts. */
export const RECEIVER_PROFILE_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

const ipAddress = z.union([z.ipv4(), z.ipv6()]);

/** Where the service's secrets are: a file only its user can read, or this host's keychain. */
export const secretSourceSchema = z.discriminatedUnion('source', [
  z.strictObject({
    source: z.literal('file'),
    /** JSON (receiver-secrets.ts); refused unless owned by the service's user with no group or other access. */
    path: z.string().refine(isAbsolute, 'Give the secrets file as an absolute path'),
  }),
  z.strictObject({
    source: z.literal('keychain'),
    /**
     * The prefix of every entry, as a console names its own (`<namespace>/<profileId>/<field>`,
     * `<namespace>/audit-chain-key`, `<namespace>/ledger/postgres-password`): a console's workspace
     * id, when the receiver shares that console's keychain.
     */
    namespace: z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/, 'Letters, digits, dots, underscores and hyphens'),
    /** The keychain service name (default: the console's, payments-console). */
    service: z.string().min(1).max(128).optional(),
  }),
]);
export type SecretSource = z.infer<typeof secretSourceSchema>;

export const receiverProfileSchema = z.strictObject({
  id: z.string().regex(RECEIVER_PROFILE_ID, 'Letters, digits and _ . : - (at most 64): the id the consoles use for this profile'),
  name: z.string().min(1).max(200),
  gatewayId: gatewayIdSchema,
  environment: environmentSchema,
  baseUrl: z.string().min(1),
  options: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
});
export type ReceiverProfile = z.infer<typeof receiverProfileSchema>;

export const receiverConfigSchema = z.strictObject({
  ledger: z.strictObject({ connectionString: postgresConnectionStringSchema }),
  listen: z
    .strictObject({
      host: z.string().min(1).default('127.0.0.1'),
      port: z.number().int().min(0).max(65535),
    })
    .default({ host: '127.0.0.1', port: 8080 }),
  /** What gateways post to, the proxy's address: `https://hooks.example.com`. Settings show it under each profile. */
  publicBaseUrl: z.url({ protocol: /^https?$/ }).refine((value) => {
    const url = new URL(value);
    return url.pathname === '/' && url.search === '' && url.hash === '' && url.username === '' && url.password === '';
  }, 'Give the scheme, host and port only (no path, query or credentials)'),
  /** Addresses of the TLS proxies in front; only their X-Forwarded-For / X-Forwarded-Host are believed. */
  trustedProxies: z.array(ipAddress).max(64).default([]),
  /** Where the service keeps its audit anchor (systemd's StateDirectory). */
  stateDirectory: z.string().refine(isAbsolute, 'Give the state directory as an absolute path'),
  secrets: secretSourceSchema,
  profiles: z.array(receiverProfileSchema).min(1, 'Name at least one profile').max(1000),
});
export type ReceiverConfig = z.infer<typeof receiverConfigSchema>;

function fieldsOf(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) fields[issue.path.join('.') || '(file)'] ??= issue.message;
  return fields;
}

/** Checks what the schema cannot: gateways of this version, base URLs, one entry per id. */
function checkProfiles(profiles: readonly ReceiverProfile[]): Record<string, string> {
  const fields: Record<string, string> = {};
  const seen = new Set<string>();
  profiles.forEach((profile, index) => {
    if (seen.has(profile.id)) fields[`profiles.${index}.id`] = `The profile id ${profile.id} is given twice`;
    seen.add(profile.id);
    const definition = findGateway(profile.gatewayId);
    if (definition === null) fields[`profiles.${index}.gatewayId`] = `This version has no gateway ${profile.gatewayId}`;
    // The gateway's own options, as its profile form asks for them: the adapter reads them to verify a delivery.
    for (const option of definition?.descriptor.optionFields ?? []) {
      const value = profile.options[option.name];
      if (value === undefined || value === '') {
        if (option.required) fields[`profiles.${index}.options.${option.name}`] = `${option.label} is required`;
      } else if (typeof value !== option.type) {
        fields[`profiles.${index}.options.${option.name}`] = `${option.label} must be a ${option.type}`;
      }
    }
    try {
      checkBaseUrl(profile.baseUrl, profile.environment);
    } catch (error) {
      fields[`profiles.${index}.baseUrl`] = error instanceof Error ? error.message : String(error);
    }
  });
  return fields;
}

export function parseReceiverConfig(raw: unknown): ReceiverConfig {
  const parsed = receiverConfigSchema.safeParse(raw);
  if (!parsed.success) throw new ValidationError('The receiver configuration is not valid', fieldsOf(parsed.error));
  const problems = checkProfiles(parsed.data.profiles);
  if (Object.keys(problems).length > 0) throw new ValidationError('Some profiles of the receiver configuration are not valid', problems);
  return parsed.data;
}

export function readReceiverConfig(file: string): ReceiverConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ValidationError(`The receiver configuration ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { config: 'Cannot be read' });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ValidationError(`The receiver configuration ${file} is not JSON`, { config: 'Not JSON' });
  }
  return parseReceiverConfig(raw);
}
