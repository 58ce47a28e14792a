import type { ReactNode } from 'react';
import { DayInput } from '../../../components/DayInput.tsx';
import { useT } from '../../../i18n/locale-store.ts';
import { useWorkspace } from '../../../stores/workspace.ts';
import type { ProfilePeriod } from '../hooks/use-profile-period.ts';

export interface ProfilePeriodFieldsProps {
  /** Prefix of the fields' ids (from useId) and of their test ids. */
  readonly idPrefix: string;
  readonly testIdPrefix: string;
  readonly state: ProfilePeriod;
  readonly disabled: boolean;
  /** What is read for that profile (a mapping, a report), between the profile and the period. */
  readonly children: ReactNode;
}

/** Whose statement and for which days: the fields a file import and a report fetch both start with. */
export function ProfilePeriodFields({ idPrefix, testIdPrefix, state, disabled, children }: ProfilePeriodFieldsProps) {
  const t = useT();
  const profiles = useWorkspace((state) => state.profiles);
  return (
    <div className="recon-form-grid">
      <div className="field">
        <label htmlFor={`${idPrefix}-profile`}>{t('recon.import.profile')}</label>
        <select id={`${idPrefix}-profile`} value={state.profileId} onChange={(event) => state.setProfileId(event.target.value)} disabled={disabled} data-testid={`${testIdPrefix}-profile`}>
          {profiles.length === 0 && <option value="">{t('profile.none')}</option>}
          {profiles.map((candidate) => (
            <option key={candidate.id} value={candidate.id} disabled={!candidate.available}>
              {`${candidate.name} — ${t(`environment.${candidate.environment}`)}`}
            </option>
          ))}
        </select>
      </div>
      {children}
      <div className="field field-narrow">
        <label htmlFor={`${idPrefix}-from`}>{t('recon.import.from')}</label>
        <DayInput id={`${idPrefix}-from`} value={state.fromDay} onDayChange={state.setFromDay} disabled={disabled} aria-describedby={`${idPrefix}-zone`} data-testid={`${testIdPrefix}-period-from`} />
      </div>
      <div className="field field-narrow">
        <label htmlFor={`${idPrefix}-to`}>{t('recon.import.to')}</label>
        <DayInput id={`${idPrefix}-to`} value={state.toDay} onDayChange={state.setToDay} disabled={disabled} aria-describedby={`${idPrefix}-zone`} data-testid={`${testIdPrefix}-period-to`} />
      </div>
      <p id={`${idPrefix}-zone`} className="hint time-zone" data-testid={`${testIdPrefix}-period-zone`}>
        {t('recon.import.periodZone')}
      </p>
    </div>
  );
}
