import { call } from '../../../api/client.ts';

export const createProfile = (input: Parameters<typeof call<'profiles:create'>>[1]) => call('profiles:create', input);
export const updateProfile = (input: Parameters<typeof call<'profiles:update'>>[1]) => call('profiles:update', input);
export const deleteProfile = (profileId: string) => call('profiles:delete', { id: profileId });
/** The secret goes to the keychain; nothing comes back but `stored: true`. */
export const setCredential = (profileId: string, field: string, value: string) => call('credentials:set', { profileId, field, value });
export const deleteCredential = (profileId: string, field: string) => call('credentials:delete', { profileId, field });
export const testCredentials = (profileId: string) => call('credentials:test', { profileId });
