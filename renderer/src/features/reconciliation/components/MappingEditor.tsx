import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { DATE_FORMATS, ENCODINGS, mappingNameSchema, type MappedField, type MappingListEntry } from '../../../../../shared/domain/recon-mapping.ts';
import { maxLengthOf } from '../../../domain/contract-rules.ts';
import type { StatementEntryKind, StatementStatus } from '../../../../../shared/domain/recon.ts';
import { ErrorNotice } from '../../../components/ErrorNotice.tsx';
import { operatorTimeZone, timeZoneChoices } from '../../../format/date-format.ts';
import { cardNumberInTextProblem } from '../../../format/free-text.ts';
import { useT } from '../../../i18n/locale-store.ts';
import { useMappingList, useMappingPreview } from '../hooks/use-mappings.ts';
import { mappingStore, useMappings } from '../stores/mappings.ts';
import { DECIMAL_SEPARATOR_CHOICES, DELIMITER_CHOICES } from '../utils/format-choices.ts';
import {
  choicesOf,
  distinctValues,
  draftOf,
  EMPTY_CHOICES,
  previewHead,
  STATEMENT_KINDS,
  STATEMENT_STATUSES,
  tableFor,
  type MappingChoices,
} from '../utils/mapping-draft.ts';
import type { StatementFile } from '../utils/statement-file.ts';
import { MappingColumnsFields } from './MappingColumnsFields.tsx';
import { MappingPreviewTable } from './MappingPreviewTable.tsx';
import { MappingValueTable } from './MappingValueTable.tsx';

type FormatKey = 'encoding' | 'delimiter' | 'decimalSeparator' | 'dateFormat' | 'timeZone';

/**
 * The column picker: for a file no shipped mapping reads, say which column holds what, how its
 * amounts, dates and status words are written, watch the first rows read that way, and save it
 * by name. The saved mapping is then offered by the import form.
 */
export function MappingEditor({ profileId, file, onSaved }: { profileId: string | null; file: StatementFile; onSaved: (entry: MappingListEntry) => void }) {
  const t = useT();
  const id = useId();
  const mappings = useMappingList(profileId);
  const saving = useMappings((state) => state.saving);
  const saveError = useMappings((state) => state.saveError);
  const [choices, setChoices] = useState<MappingChoices>(EMPTY_CHOICES);
  const [replace, setReplace] = useState(false);
  const [startFrom, setStartFrom] = useState('');

  const head = useMemo(() => previewHead(file.headBase64), [file.headBase64]);
  const anyColumn = Object.values(choices.columns).some((header) => header !== '');
  const draft = useMemo(() => draftOf(choices), [choices]);
  // The name does not change how rows read: typing it asks for no preview.
  const { name: _name, ...previewDraft } = draft;
  const { preview, error: previewError } = useMappingPreview(head, anyColumn ? previewDraft : null);
  useEffect(() => () => mappingStore.getState().clearSaveError(), [head]);

  const headers = preview?.headers ?? [];
  const statusTable = tableFor<StatementStatus>(distinctValues(preview, choices.columns.status), choices.statusValues);
  const kindTable = tableFor<StatementEntryKind>(distinctValues(preview, choices.columns.kind), choices.kindValues);
  const fieldProblems: Partial<Record<MappedField, string>> = {};
  for (const problem of preview?.problems ?? []) if (problem.field !== null) fieldProblems[problem.field as MappedField] ??= problem.problem;
  const mappingProblems = (preview?.problems ?? []).filter((problem) => problem.field === null);
  const nameProblem = cardNumberInTextProblem(choices.name, t);
  const canSave = !saving && choices.name.trim() !== '' && nameProblem === null && choices.columns.amount !== '';
  const saved = mappings.filter((entry) => entry.kind === 'saved');

  const update = (change: Partial<MappingChoices>) => setChoices((current) => ({ ...current, ...change }));
  const setColumn = (field: MappedField, header: string) => setChoices((current) => ({ ...current, columns: { ...current.columns, [field]: header } }));

  function start(name: string) {
    setStartFrom(name);
    const entry = mappings.find((candidate) => candidate.name === name);
    setChoices(entry ? choicesOf(entry) : EMPTY_CHOICES);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!canSave) return;
    const entry = await mappingStore.getState().saveMapping({ ...draft, name: choices.name.trim() }, replace);
    if (entry) onSaved(entry);
  }

  const formatChoices: readonly { key: FormatKey; label: string; choices: readonly { value: string; label: string }[]; testId: string }[] = [
    { key: 'encoding', label: t('recon.mapping.encoding'), choices: ENCODINGS.map((value) => ({ value, label: value })), testId: 'recon-mapping-encoding' },
    { key: 'delimiter', label: t('recon.import.delimiter'), choices: DELIMITER_CHOICES, testId: 'recon-mapping-delimiter' },
    { key: 'decimalSeparator', label: t('recon.import.decimalSeparator'), choices: DECIMAL_SEPARATOR_CHOICES, testId: 'recon-mapping-decimal' },
    { key: 'dateFormat', label: t('recon.mapping.dateFormat'), choices: DATE_FORMATS.map((value) => ({ value, label: value === 'iso' ? t('recon.mapping.isoDates') : value })), testId: 'recon-mapping-date-format' },
    { key: 'timeZone', label: t('recon.import.timeZone'), choices: timeZoneChoices(operatorTimeZone()).map((zone) => ({ value: zone, label: zone })), testId: 'recon-mapping-timezone' },
  ];

  return (
    <details className="recon-format" data-testid="recon-mapping-editor">
      <summary>{t('recon.mapping.title')}</summary>
      <form onSubmit={(event) => void save(event)} aria-labelledby={`${id}-title`} data-testid="recon-mapping-form">
        <h3 id={`${id}-title`}>{t('recon.mapping.title')}</h3>
        <p className="hint">{t('recon.mapping.help')}</p>
        {mappings.length > 0 && (
          <div className="field">
            <label htmlFor={`${id}-start`}>{t('recon.mapping.startFrom')}</label>
            <select id={`${id}-start`} value={startFrom} onChange={(event) => start(event.target.value)} data-testid="recon-mapping-start">
              <option value="">{t('recon.mapping.startEmpty')}</option>
              {mappings.map((entry) => (
                <option key={`${entry.kind}:${entry.name}`} value={entry.name}>
                  {entry.kind === 'saved' ? t('recon.mapping.savedName', { name: entry.name }) : entry.name}
                </option>
              ))}
            </select>
          </div>
        )}

        {preview && (
          <p className="muted" role="status" data-testid="recon-mapping-format" data-delimiter={preview.format.delimiter} data-decimal={preview.format.decimalSeparator} data-date-format={preview.format.dateFormat}>
            {t('recon.mapping.formatSeen', {
              encoding: preview.format.encoding,
              delimiter: DELIMITER_CHOICES.find((choice) => choice.value === preview.format.delimiter)?.label ?? preview.format.delimiter,
              decimal: preview.format.decimalSeparator,
              dateFormat: preview.format.dateFormat,
              timeZone: preview.format.timeZone,
              detected: preview.format.detected.join(', ') || '—',
            })}
          </p>
        )}
        <ErrorNotice error={previewError} testId="recon-mapping-preview-error" />

        <MappingColumnsFields headers={headers} columns={choices.columns} problems={fieldProblems} onChange={setColumn} />

        <fieldset className="recon-format">
          <legend>{t('recon.mapping.values')}</legend>
          <div className="recon-form-grid">
            {choices.columns.currency === '' && (
              <div className="field field-narrow">
                <label htmlFor={`${id}-currency`}>{t('recon.mapping.fixedCurrency')}</label>
                <input
                  id={`${id}-currency`}
                  value={choices.fixedCurrency}
                  maxLength={3}
                  autoComplete="off"
                  onChange={(event) => update({ fixedCurrency: event.target.value })}
                  aria-describedby={`${id}-currency-hint`}
                  data-testid="recon-mapping-fixed-currency"
                />
                <p className="hint" id={`${id}-currency-hint`}>
                  {t('recon.mapping.fixedCurrencyHint')}
                </p>
              </div>
            )}
            <div className="field">
              <label htmlFor={`${id}-unit`}>{t('recon.mapping.amountUnit')}</label>
              <select id={`${id}-unit`} value={choices.amountUnit} onChange={(event) => update({ amountUnit: event.target.value as MappingChoices['amountUnit'] })} data-testid="recon-mapping-unit">
                <option value="major">{t('recon.mapping.unitMajor')}</option>
                <option value="minor">{t('recon.mapping.unitMinor')}</option>
              </select>
            </div>
            {choices.columns.status === '' && (
              <div className="field">
                <label htmlFor={`${id}-default-status`}>{t('recon.mapping.defaultStatus')}</label>
                <select id={`${id}-default-status`} value={choices.defaultStatus} onChange={(event) => update({ defaultStatus: event.target.value as StatementStatus })} data-testid="recon-mapping-default-status">
                  {STATEMENT_STATUSES.map((status) => (
                    <option key={status} value={status}>
                      {t(`recon.statementStatus.${status}`)}
                    </option>
                  ))}
                </select>
              </div>
            )}
            <div className="field">
              <label htmlFor={`${id}-default-kind`}>{choices.columns.kind === '' ? t('recon.mapping.defaultKind') : t('recon.mapping.otherKind')}</label>
              <select id={`${id}-default-kind`} value={choices.defaultKind} onChange={(event) => update({ defaultKind: event.target.value as StatementEntryKind })} data-testid="recon-mapping-default-kind">
                {STATEMENT_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {t(`recon.mapping.kind.${kind}`)}
                  </option>
                ))}
              </select>
            </div>
            {formatChoices.map((choice) => (
              <div className="field" key={choice.key}>
                <label htmlFor={`${id}-${choice.key}`}>{choice.label}</label>
                <select id={`${id}-${choice.key}`} value={choices[choice.key]} onChange={(event) => update({ [choice.key]: event.target.value })} data-testid={choice.testId}>
                  <option value="">{choice.key === 'timeZone' ? t('recon.mapping.utcUnlessOffset') : t('recon.import.detect')}</option>
                  {choice.choices.map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.label}
                    </option>
                  ))}
                </select>
              </div>
            ))}
          </div>
          {choices.columns.status !== '' && (
            <MappingValueTable
              caption={t('recon.mapping.statusTable', { column: choices.columns.status })}
              table={statusTable}
              targets={STATEMENT_STATUSES.map((status) => ({ value: status, label: t(`recon.statementStatus.${status}`) }))}
              testId="recon-mapping-status-table"
              onChange={(fileValue, target) => update({ statusValues: { ...statusTable, [fileValue]: target } })}
            />
          )}
          {choices.columns.kind !== '' && (
            <MappingValueTable
              caption={t('recon.mapping.kindTable', { column: choices.columns.kind })}
              table={kindTable}
              targets={STATEMENT_KINDS.map((kind) => ({ value: kind, label: t(`recon.mapping.kind.${kind}`) }))}
              testId="recon-mapping-kind-table"
              onChange={(fileValue, target) => update({ kindValues: { ...kindTable, [fileValue]: target } })}
            />
          )}
        </fieldset>

        {mappingProblems.length > 0 && anyColumn && (
          <ul className="field-error" data-testid="recon-mapping-problems">
            {mappingProblems.map((problem) => (
              <li key={problem.problem}>{problem.problem}</li>
            ))}
          </ul>
        )}
        {preview && <MappingPreviewTable preview={preview} />}

        <div className="recon-form-grid">
          <div className="field">
            <label htmlFor={`${id}-name`}>{t('recon.mapping.name')}</label>
            <input
              id={`${id}-name`}
              value={choices.name}
              maxLength={maxLengthOf(mappingNameSchema)}
              autoComplete="off"
              onChange={(event) => update({ name: event.target.value })}
              aria-invalid={nameProblem ? true : undefined}
              aria-describedby={nameProblem ? `${id}-name-problem` : undefined}
              data-testid="recon-mapping-name"
            />
            {nameProblem && (
              <p className="field-error" id={`${id}-name-problem`} role="alert">
                {nameProblem}
              </p>
            )}
          </div>
          <div className="field">
            <label className="checkbox">
              <input type="checkbox" checked={replace} onChange={(event) => setReplace(event.target.checked)} data-testid="recon-mapping-replace" /> {t('recon.mapping.replace')}
            </label>
          </div>
        </div>
        <ErrorNotice error={saveError} testId="recon-mapping-save-error" />
        <div className="button-row">
          <button type="submit" disabled={!canSave} data-testid="recon-mapping-save">
            {saving ? t('action.inFlight') : t('recon.mapping.save')}
          </button>
          {saved.some((entry) => entry.name === choices.name.trim()) && (
            <button type="button" className="secondary" disabled={saving} onClick={() => void mappingStore.getState().deleteMapping(choices.name.trim())} data-testid="recon-mapping-delete">
              {t('recon.mapping.delete')}
            </button>
          )}
        </div>
      </form>
    </details>
  );
}
