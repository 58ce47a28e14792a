import { createStore, type StateCreator } from 'zustand/vanilla';
import type { ChannelOutput, Profile } from '../../../shared/ipc/contract.ts';
import type { Envelope, ErrorShape } from '../../../shared/ipc/envelope.ts';
import type { CallFn } from '../api/client.ts';

export type AppInfo = ChannelOutput<'app:info'>;
export type GatewayDescriptor = ChannelOutput<'gateways:list'>[number];

/** `unreachable` means the door itself failed (no core, no session), not that a call was refused. */
export type ConnectionState = 'connecting' | 'connected' | 'unreachable';

export interface ConnectionSlice {
  connection: ConnectionState;
  connectionError: ErrorShape | null;
  appInfo: AppInfo | null;
  connect(): Promise<void>;
}

export interface ProfilesSlice {
  profiles: Profile[];
  gateways: GatewayDescriptor[];
  activeProfileId: string | null;
  profilesError: ErrorShape | null;
  reloadProfiles(): Promise<void>;
  setActiveProfile(profileId: string): void;
}

export type WorkspaceState = ConnectionSlice & ProfilesSlice;

export interface WorkspaceDeps {
  readonly call: CallFn;
  /** Remembers which profile the operator last worked in; an id, never anything secret. */
  readonly rememberProfile: (profileId: string) => void;
  readonly recallProfile: () => string | null;
}

const createConnectionSlice =
  (deps: WorkspaceDeps): StateCreator<WorkspaceState, [], [], ConnectionSlice> =>
  (set, get) => ({
    connection: 'connecting',
    connectionError: null,
    appInfo: null,
    async connect() {
      set({ connection: 'connecting', connectionError: null });
      // Together, and taken in one change: the shell's first render has the profiles, rather than
      // rendering once without them and asking for them only then.
      const [info, gateways, profiles] = await Promise.all([deps.call('app:info', {}), deps.call('gateways:list', {}), deps.call('profiles:list', {})]);
      if (!info.ok) {
        const doorFailed = info.error.kind === 'connection' || info.error.kind === 'forbidden';
        set({ connection: doorFailed ? 'unreachable' : 'connected', connectionError: info.error });
        if (doorFailed) return;
      }
      set({
        ...(info.ok ? { connection: 'connected' as const, appInfo: info.value } : {}),
        ...(gateways.ok ? { gateways: gateways.value } : {}),
        ...profilesTaken(profiles, get().activeProfileId, deps),
      });
    },
  });

/** What a `profiles:list` answer changes: the profiles and the one worked in, or the error. */
function profilesTaken(result: Envelope<ChannelOutput<'profiles:list'>>, activeProfileId: string | null, deps: WorkspaceDeps): Partial<ProfilesSlice> {
  if (!result.ok) return { profilesError: result.error };
  return { profiles: result.value, profilesError: null, activeProfileId: chooseActiveProfile(result.value, activeProfileId ?? deps.recallProfile()) };
}

const createProfilesSlice =
  (deps: WorkspaceDeps): StateCreator<WorkspaceState, [], [], ProfilesSlice> =>
  (set, get) => ({
    profiles: [],
    gateways: [],
    activeProfileId: null,
    profilesError: null,
    async reloadProfiles() {
      const result = await deps.call('profiles:list', {});
      set(profilesTaken(result, get().activeProfileId, deps));
    },
    setActiveProfile(profileId) {
      if (!get().profiles.some((profile) => profile.id === profileId && profile.available)) return;
      deps.rememberProfile(profileId);
      set({ activeProfileId: profileId });
    },
  });

/**
 * Keeps the operator's choice while it still exists and its gateway is available; otherwise the
 * first sandbox profile, so a new user lands somewhere safe.
 */
export function chooseActiveProfile(profiles: readonly Profile[], wanted: string | null): string | null {
  const usable = profiles.filter((profile) => profile.available);
  if (wanted && usable.some((profile) => profile.id === wanted)) return wanted;
  const sandbox = usable.find((profile) => profile.environment === 'sandbox');
  return (sandbox ?? usable[0])?.id ?? null;
}

export function createWorkspaceStore(deps: WorkspaceDeps) {
  return createStore<WorkspaceState>()((...args) => ({
    ...createConnectionSlice(deps)(...args),
    ...createProfilesSlice(deps)(...args),
  }));
}

export type WorkspaceStore = ReturnType<typeof createWorkspaceStore>;

// ---------- selectors ----------

export function selectActiveProfile(state: Pick<WorkspaceState, 'profiles' | 'activeProfileId'>): Profile | null {
  return state.profiles.find((profile) => profile.id === state.activeProfileId) ?? null;
}

export function selectIsSandbox(state: Pick<WorkspaceState, 'profiles' | 'activeProfileId'>): boolean {
  return selectActiveProfile(state)?.environment === 'sandbox';
}

export function selectGateway(state: Pick<WorkspaceState, 'gateways'>, gatewayId: string): GatewayDescriptor | null {
  return state.gateways.find((gateway) => gateway.id === gatewayId) ?? null;
}

export function selectGatewayName(state: Pick<WorkspaceState, 'gateways'>, gatewayId: string): string {
  return selectGateway(state, gatewayId)?.displayName ?? gatewayId;
}
