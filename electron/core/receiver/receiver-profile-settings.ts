/**
 * The receiver's profiles as the settings port the profile service reads: fixed by its
 * configuration file for the life of the process, never written (profiles are changed in the file,
 * and the service restarted).
 */
import { ValidationError } from '../errors.ts';
import { settingsSchema, type SettingsStore } from '../settings/settings-store.ts';
import type { ReceiverProfile } from './receiver-config.ts';

export function receiverProfileSettings(profiles: readonly ReceiverProfile[]): SettingsStore {
  const settings = settingsSchema.parse({ profiles: profiles.map((profile) => ({ ...profile, credentialFields: [] })) });
  return {
    read: () => settings,
    update: () => {
      throw new ValidationError("The receiver's profiles come from its configuration file; change them there and restart it");
    },
    problems: () => [],
  };
}
