import { useId } from 'react';
import { DayInput } from '../../../components/DayInput.tsx';
import { operatorTimeZone } from '../../../format/date-format.ts';
import { useT } from '../../../i18n/locale-store.ts';
import { auditStore, useAudit } from '../stores/audit.ts';
import { activeAuditFilterCount } from '../utils/audit-query.ts';
import { actionsInGroup, auditActionLabel, AUDIT_ACTION_GROUPS, isOutcomeChoice, OUTCOME_CHOICE_LIST } from '../utils/audit-vocabulary.ts';

export function AuditFilterBar() {
  const t = useT();
  const id = useId();
  const filters = useAudit((state) => state.filters);
  const active = activeAuditFilterCount(filters);
  const { setFilters, resetFilters } = auditStore.getState();
  const zoneHint = `${id}-zone`;

  return (
    <fieldset className="filter-bar audit-filters" data-testid="audit-filters">
      <legend>
        {t('audit.filters')}
        {active > 0 ? ` (${active})` : ''}
      </legend>

      <label className="field field-wide">
        <span>{t('audit.filter.text')}</span>
        <input type="search" value={filters.text} onChange={(event) => setFilters({ text: event.target.value })} aria-describedby={`${id}-text`} data-testid="audit-filter-text" />
        <small id={`${id}-text`} className="hint">
          {t('audit.filter.textHint')}
        </small>
      </label>

      <label className="field">
        <span>{t('audit.filter.operator')}</span>
        <input type="text" value={filters.operator} onChange={(event) => setFilters({ operator: event.target.value })} autoComplete="off" data-testid="audit-filter-operator" />
      </label>

      <label className="field">
        <span>{t('audit.filter.action')}</span>
        <select value={filters.action} onChange={(event) => setFilters({ action: event.target.value })} data-testid="audit-filter-action">
          <option value="">{t('common.all')}</option>
          {AUDIT_ACTION_GROUPS.map((group) => (
            <optgroup key={group} label={t(`audit.group.${group}`)}>
              {actionsInGroup(group).map((action) => (
                <option key={action} value={action}>
                  {auditActionLabel(t, action)}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>

      <label className="field">
        <span>{t('audit.filter.target')}</span>
        <input type="text" value={filters.targetId} onChange={(event) => setFilters({ targetId: event.target.value })} autoComplete="off" spellCheck={false} data-testid="audit-filter-target" />
      </label>

      <label className="field">
        <span>{t('audit.filter.outcome')}</span>
        <select value={filters.outcome} onChange={(event) => setFilters({ outcome: isOutcomeChoice(event.target.value) ? event.target.value : '' })} data-testid="audit-filter-outcome">
          <option value="">{t('common.all')}</option>
          {OUTCOME_CHOICE_LIST.map((choice) => (
            <option key={choice} value={choice}>
              {t(`audit.outcomeGroup.${choice}`)}
            </option>
          ))}
        </select>
      </label>

      <label className="field">
        <span>{t('audit.filter.from')}</span>
        <DayInput value={filters.fromDate} onDayChange={(fromDate) => setFilters({ fromDate })} aria-describedby={zoneHint} data-testid="audit-filter-from" />
      </label>
      <label className="field">
        <span>{t('audit.filter.to')}</span>
        <DayInput value={filters.toDate} onDayChange={(toDate) => setFilters({ toDate })} aria-describedby={zoneHint} data-testid="audit-filter-to" />
      </label>
      <p id={zoneHint} className="hint time-zone" data-testid="audit-filter-time-zone">
        {t('audit.filter.timeZone', { timeZone: operatorTimeZone() })}
      </p>

      <button type="button" onClick={resetFilters} disabled={active === 0} data-testid="audit-filter-reset">
        {t('audit.filter.reset')}
      </button>
    </fieldset>
  );
}
