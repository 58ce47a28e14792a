import { useRef, type KeyboardEvent } from 'react';
import { RECON_CLASSES, type ReconClass } from '../../../../../shared/domain/recon.ts';
import { Amount } from '../../../components/Amount.tsx';
import { useIntlLocale, useT } from '../../../i18n/locale-store.ts';
import { classTotals } from '../stores/reconciliation-store.ts';
import { useReconSummary } from '../hooks/use-recon-session.ts';
import { reconciliationStore, useReconciliation } from '../stores/reconciliation.ts';

export const ROWS_PANEL_ID = 'recon-rows-panel';

/** One tab per class with its count and its gross per currency; "All" first. Arrow keys move between tabs. */
export function ClassTabs() {
  const t = useT();
  const locale = useIntlLocale();
  const { summary } = useReconSummary();
  const selected = useReconciliation((state) => state.reconClass);
  const listRef = useRef<HTMLDivElement>(null);
  const totals = classTotals(summary, RECON_CLASSES);
  const allCount = totals.reduce((sum, line) => sum + line.count, 0);
  const tabs: readonly (ReconClass | null)[] = [null, ...RECON_CLASSES];
  const numbers = new Intl.NumberFormat(locale);

  function choose(reconClass: ReconClass | null) {
    reconciliationStore.getState().setReconClass(reconClass);
  }

  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>, index: number) {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = (index + step + tabs.length) % tabs.length;
    choose(tabs[next] ?? null);
    listRef.current?.querySelectorAll<HTMLButtonElement>('[role="tab"]')[next]?.focus();
  }

  return (
    <div role="tablist" aria-label={t('recon.tabs.label')} className="recon-tabs" ref={listRef}>
      {tabs.map((reconClass, index) => {
        const line = reconClass === null ? null : totals.find((total) => total.reconClass === reconClass);
        const count = line ? line.count : allCount;
        const isSelected = reconClass === selected;
        return (
          <button
            key={reconClass ?? 'all'}
            type="button"
            role="tab"
            id={`recon-tab-${reconClass ?? 'all'}`}
            aria-selected={isSelected}
            aria-controls={ROWS_PANEL_ID}
            tabIndex={isSelected ? 0 : -1}
            className="recon-tab"
            data-testid={`recon-tab-${reconClass ?? 'all'}`}
            data-count={count}
            onClick={() => choose(reconClass)}
            onKeyDown={(event) => onKeyDown(event, index)}
          >
            <span className="recon-tab-name">{reconClass === null ? t('common.all') : t(`recon.class.${reconClass}`)}</span>{' '}
            <span className="recon-tab-count">{numbers.format(count)}</span>
            {line && line.sums.length > 0 && (
              <span className="recon-tab-sums">
                {line.sums.map((sum) => (
                  <Amount key={sum.currency} amount={sum.amount} currency={sum.currency} />
                ))}
              </span>
            )}
          </button>
        );
      })}
    </div>
  );
}
