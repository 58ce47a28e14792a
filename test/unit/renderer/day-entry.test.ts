/**
 * Dates as operators read and type them, in both languages: every time shown carries its zone,
 * and a day typed in the locale's order (day/month/year for pt-PT and the console's English) is
 * read as that day, the ISO form too, and nothing that is not a day.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dayLayout, dayPattern, formatDayForEntry, parseTypedDay } from '../../../renderer/src/format/day-entry.ts';
import { formatDateTime } from '../../../renderer/src/format/date-format.ts';
import { intlLocaleFor } from '../../../renderer/src/i18n/translate.ts';

const PT = intlLocaleFor('pt-PT');
const EN = intlLocaleFor('en');

test('a time is shown with its zone, in winter and in summer, in both languages', () => {
  assert.equal(formatDateTime('2026-12-06T14:03:00Z', PT, 'Europe/Lisbon'), '06/12/2026, 14:03 WET');
  assert.equal(formatDateTime('2026-07-06T14:03:00Z', PT, 'Europe/Lisbon'), '06/07/2026, 15:03 WEST');
  assert.equal(formatDateTime('2026-12-06T14:03:00Z', EN, 'Europe/Lisbon'), '06/12/2026, 14:03 WET');
  assert.equal(formatDateTime('2026-12-06T14:03:05Z', EN, 'UTC', true), '06/12/2026, 14:03:05 UTC');
  assert.equal(formatDateTime('2026-12-06T14:03:00Z', PT, 'Africa/Lagos'), '06/12/2026, 15:03 GMT+1', 'a zone without a short name by its offset');
});

test('days are typed day first in Portuguese and in the console’s English, as their patterns say', () => {
  assert.deepEqual(dayLayout(PT), { order: ['day', 'month', 'year'], separator: '/' });
  assert.deepEqual(dayLayout(EN).order, ['day', 'month', 'year']);
  assert.equal(dayPattern(PT, { day: 'dd', month: 'mm', year: 'aaaa' }), 'dd/mm/aaaa');
  assert.equal(formatDayForEntry('2026-12-06', PT), '06/12/2026');
  assert.equal(formatDayForEntry('2026-12-06', EN), '06/12/2026');
  assert.equal(formatDayForEntry('', PT), '');
});

test('a typed day is read in the locale’s order, with any usual separator and a short year', () => {
  for (const locale of [PT, EN]) {
    assert.equal(parseTypedDay('06/12/2026', locale), '2026-12-06');
    assert.equal(parseTypedDay('6.12.2026', locale), '2026-12-06');
    assert.equal(parseTypedDay(' 6-12-26 ', locale), '2026-12-06');
    assert.equal(parseTypedDay('2026-12-06', locale), '2026-12-06', 'the ISO form, as pasted from a file');
  }
});

test('a locale that writes the month first reads the same text as another day', () => {
  assert.equal(parseTypedDay('06/12/2026', 'en-US'), '2026-06-12');
  assert.equal(formatDayForEntry('2026-06-12', 'en-US'), '06/12/2026');
});

test('what is not a day is not read as one', () => {
  for (const text of ['31/02/2026', '12/13/2026', '06/12', '06/12/2026/1', 'amanhã', '', '006/12/2026', '06/12/20261', '00/12/2026']) {
    assert.equal(parseTypedDay(text, PT), null, text);
  }
});
