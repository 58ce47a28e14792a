/**
 * The profile, gateway and currency choosers the filter bars share, each with "All" first: the
 * same words and the same options wherever a screen can be narrowed by them.
 */
import { CURRENCY_CODES } from '../../../shared/money/currencies.ts';
import { useT } from '../i18n/locale-store.ts';
import type { MessageKey } from '../i18n/en.ts';
import { selectGateway } from '../stores/workspace-store.ts';
import { useWorkspace } from '../stores/workspace.ts';

interface NarrowingSelectProps {
  readonly label: MessageKey;
  readonly value: string;
  /** '' for all. */
  onChange(value: string): void;
  readonly testId?: string;
}

export function ProfileSelect({ label, value, onChange, testId }: NarrowingSelectProps) {
  const t = useT();
  const profiles = useWorkspace((state) => state.profiles);
  return (
    <label className="field">
      <span>{t(label)}</span>
      <select value={value} onChange={(event) => onChange(event.target.value)} data-testid={testId}>
        <option value="">{t('common.all')}</option>
        {profiles.map((profile) => (
          <option key={profile.id} value={profile.id}>
            {`${profile.name} (${t(`environment.${profile.environment}`)})`}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Only a gateway of the list is passed on; anything else is "all". */
export function GatewaySelect({ label, value, onChange, testId }: NarrowingSelectProps) {
  const t = useT();
  const gateways = useWorkspace((state) => state.gateways);
  return (
    <label className="field">
      <span>{t(label)}</span>
      <select value={value} onChange={(event) => onChange(selectGateway({ gateways }, event.target.value)?.id ?? '')} data-testid={testId}>
        <option value="">{t('common.all')}</option>
        {gateways.map((gateway) => (
          <option key={gateway.id} value={gateway.id}>
            {gateway.displayName}
          </option>
        ))}
      </select>
    </label>
  );
}

export function CurrencySelect({ label, value, onChange, testId }: NarrowingSelectProps) {
  const t = useT();
  return (
    <label className="field field-narrow">
      <span>{t(label)}</span>
      <select value={value} onChange={(event) => onChange(event.target.value)} data-testid={testId}>
        <option value="">{t('common.all')}</option>
        {CURRENCY_CODES.map((code) => (
          <option key={code} value={code}>
            {code}
          </option>
        ))}
      </select>
    </label>
  );
}
