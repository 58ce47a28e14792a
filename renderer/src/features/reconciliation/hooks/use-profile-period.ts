import { useEffect, useState } from 'react';
import type { Profile } from '../../../../../shared/ipc/contract.ts';
import { selectGateway, type GatewayDescriptor } from '../../../stores/workspace-store.ts';
import { useWorkspace } from '../../../stores/workspace.ts';
import { isoDay, periodOfDays } from '../utils/import-period.ts';

const DEFAULT_PERIOD_DAYS = 30;

export interface ProfilePeriod {
  readonly profileId: string;
  setProfileId(profileId: string): void;
  readonly profile: Profile | null;
  readonly gateway: GatewayDescriptor | null;
  readonly fromDay: string;
  setFromDay(day: string): void;
  readonly toDay: string;
  setToDay(day: string): void;
  /** Null when the days are missing or run backwards. */
  readonly period: ReturnType<typeof periodOfDays>;
}

/** Whose statement and which days, starting with the active profile and the last 30 days. */
export function useProfilePeriod(): ProfilePeriod {
  const profiles = useWorkspace((state) => state.profiles);
  const activeProfileId = useWorkspace((state) => state.activeProfileId);
  const gateways = useWorkspace((state) => state.gateways);
  const [profileId, setProfileId] = useState(activeProfileId ?? '');
  const [fromDay, setFromDay] = useState(() => isoDay(new Date(Date.now() - DEFAULT_PERIOD_DAYS * 86_400_000)));
  const [toDay, setToDay] = useState(() => isoDay(new Date()));
  useEffect(() => {
    if (profileId === '' && activeProfileId !== null) setProfileId(activeProfileId);
  }, [activeProfileId, profileId]);
  const profile = profiles.find((candidate) => candidate.id === profileId) ?? null;
  const gateway = profile ? selectGateway({ gateways }, profile.gatewayId) : null;
  return { profileId, setProfileId, profile, gateway, fromDay, setFromDay, toDay, setToDay, period: periodOfDays(fromDay, toDay) };
}

/** One of `choices`: the first until another is picked, and the first again when the picked one is no longer offered. */
export function useChoiceAmong(choices: readonly string[]): [string, (choice: string) => void] {
  const [choice, setChoice] = useState('');
  useEffect(() => {
    if (!choices.includes(choice)) setChoice(choices[0] ?? '');
  }, [choices, choice]);
  return [choice, setChoice];
}
