import { useEffect, useState } from 'react';
import type { GatewayId } from '../../../../../shared/domain/schemas.ts';
import { useT } from '../../../i18n/locale-store.ts';
import { loadSandboxScenarios, type SandboxInfo } from '../api/sandbox-scenarios.ts';

/**
 * The sandbox's test cards and switches for the active gateway, so a new user can try every
 * outcome. Shown for sandbox profiles only; these numbers are the emulator's scenarios, never data.
 */
export function SandboxScenarios({ gatewayId }: { gatewayId: GatewayId }) {
  const t = useT();
  const [scenarios, setScenarios] = useState<SandboxInfo['scenarios']>([]);
  useEffect(() => {
    let live = true;
    void loadSandboxScenarios().then((envelope) => {
      if (live && envelope.ok) setScenarios(envelope.value.scenarios.filter((scenario) => scenario.gatewayId === gatewayId));
    });
    return () => {
      live = false;
    };
  }, [gatewayId]);
  if (scenarios.length === 0) return null;
  return (
    <details className="panel sandbox-scenarios" data-testid="sandbox-scenarios">
      <summary>{t('moto.sandboxScenarios')}</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('moto.scenarioCard')}</th>
            <th scope="col">{t('moto.scenarioCvv')}</th>
            <th scope="col">{t('moto.scenarioOutcome')}</th>
          </tr>
        </thead>
        <tbody>
          {scenarios.map((scenario) => (
            <tr key={`${scenario.name}-${scenario.card ?? ''}`}>
              <td className="mono">{scenario.card ?? '—'}</td>
              <td className="mono">{scenario.cvv ?? '—'}</td>
              <td>
                <strong>{scenario.name}</strong> — {scenario.description}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
