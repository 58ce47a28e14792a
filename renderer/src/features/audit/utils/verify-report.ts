/** `audit:verify`'s report as the sentences the screen shows, in the operator's language. */
import type { ChannelOutput } from '../../../../../shared/ipc/contract.ts';
import type { Translate } from '../../../i18n/translate.ts';

export type AuditReport = ChannelOutput<'audit:verify'>;

const CHAIN_BREAKS: ReadonlySet<string> = new Set(['edited', 'reordered', 'missing_entries']);

export interface VerifySummary {
  readonly ok: boolean;
  /** The finding first, then what it means for the rest. */
  readonly sentences: readonly string[];
}

export function verifySummary(t: Translate, report: AuditReport): VerifySummary {
  const sentences: string[] = [];
  if (report.ok) {
    sentences.push(t(report.keyed ? 'audit.verify.ok' : 'audit.verify.okUnsealed', { checked: report.checked }));
    if (report.keyed && report.legacyEntries > 0) sentences.push(t('audit.verify.legacy', { count: report.legacyEntries }));
    if (report.anchoredEntries !== null && report.anchoredEntries < report.checked) sentences.push(t('audit.verify.notAnchored', { count: report.checked - report.anchoredEntries }));
    return { ok: true, sentences };
  }
  sentences.push(t('audit.verify.broken'));
  const problem = report.problem;
  if (problem !== null) {
    const seq = problem.seq ?? report.firstBrokenSeq ?? report.checked + 1;
    sentences.push(t(`audit.verify.problem.${problem.kind}`, { seq }));
  }
  // Only a break inside the chain leaves the entries before it vouched for.
  if (report.checked > 0 && problem !== null && CHAIN_BREAKS.has(problem.kind)) sentences.push(t('audit.verify.checkedBefore', { checked: report.checked }));
  return { ok: false, sentences };
}
