import { call } from '../../../api/client.ts';

export const createProfile = (input: Parameters<typeof call<'profiles:create'>>[1]) => call('profiles:create', input);
export const updateProfile = (input: Parameters<typeof call<'profiles:update'>>[1]) => call('profiles:update', input);
export const deleteProfile = (profileId: string) => call('profiles:delete', { id: profileId });
/** The secret goes to the keychain; nothing comes back but `stored: true`. */
export const setCredential = (profileId: string, field: string, value: string) => call('credentials:set', { profileId, field, value });
export const deleteCredential = (profileId: string, field: string) => call('credentials:delete', { profileId, field });
export const testCredentials = (profileId: string) => call('credentials:test', { profileId });
export const readLedgerChoice = () => call('ledger:get', {});
/** The password goes to the keychain; the answer says only whether one is stored. */
export const saveLedgerChoice = (input: Parameters<typeof call<'ledger:save'>>[1]) => call('ledger:save', input);
/** Without a password the core uses the stored one, and only for the saved connection string's server. */
export const testLedgerConnection = (input: Parameters<typeof call<'ledger:testConnection'>>[1]) => call('ledger:testConnection', input);
export const readReceiverSettings = () => call('receiver:get', {});
/** `null` clears the team receiver's address for every console on the ledger. */
export const saveReceiverSettings = (publicBaseUrl: string | null) => call('receiver:save', { publicBaseUrl });
