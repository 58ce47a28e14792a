/** Calendar days in a time zone: where they start, including days of 23 and 25 hours and a zone that skips midnight. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addDays, dayOf, daysInRange, isCalendarDay, isTimeZone, startOfDay } from '../../shared/time/zoned-days.ts';

test('a day starts at its midnight in the zone, whatever the offset that day', () => {
  assert.equal(startOfDay('2026-05-01', 'Europe/Lisbon').toISOString(), '2026-04-30T23:00:00.000Z');
  assert.equal(startOfDay('2026-01-15', 'Europe/Lisbon').toISOString(), '2026-01-15T00:00:00.000Z');
  assert.equal(startOfDay('2026-05-01', 'Asia/Kolkata').toISOString(), '2026-04-30T18:30:00.000Z');
  assert.equal(startOfDay('2026-05-01', 'America/Sao_Paulo').toISOString(), '2026-05-01T03:00:00.000Z');
});

test('the spring change makes a 23-hour day and the autumn one a 25-hour day', () => {
  const hours = (day: string) => (startOfDay(addDays(day, 1), 'Europe/Lisbon').getTime() - startOfDay(day, 'Europe/Lisbon').getTime()) / 3_600_000;
  assert.equal(hours('2026-03-29'), 23);
  assert.equal(hours('2026-10-25'), 25);
  assert.equal(hours('2026-05-01'), 24);
});

test('where midnight does not exist, the day starts at its first hour', () => {
  // Chile moves its clocks from 00:00 to 01:00 on the first Sunday of September.
  const start = startOfDay('2026-09-06', 'America/Santiago');
  assert.equal(dayOf(start, 'America/Santiago'), '2026-09-06');
  assert.equal(dayOf(new Date(start.getTime() - 1), 'America/Santiago'), '2026-09-05');
});

test('every instant falls on the day whose start is at or before it and whose next start is after it', () => {
  const zones = ['Europe/Lisbon', 'America/Santiago', 'Asia/Kolkata', 'Pacific/Kiritimati', 'America/St_Johns', 'UTC'];
  fc.assert(
    fc.property(fc.integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2030-12-31T00:00:00Z') }), fc.constantFrom(...zones), (ms, zone) => {
      const day = dayOf(new Date(ms), zone);
      assert.ok(startOfDay(day, zone).getTime() <= ms, `${new Date(ms).toISOString()} ${zone} ${day}`);
      assert.ok(startOfDay(addDays(day, 1), zone).getTime() > ms, `${new Date(ms).toISOString()} ${zone} ${day}`);
    }),
    { numRuns: 500 },
  );
});

test('days, ranges and zone names are checked', () => {
  assert.equal(isCalendarDay('2026-02-29'), false);
  assert.equal(isCalendarDay('2028-02-29'), true);
  assert.equal(daysInRange('2026-03-01', '2026-03-31'), 31);
  assert.equal(addDays('2026-03-01', -1), '2026-02-28');
  assert.equal(isTimeZone('Europe/Lisbon'), true);
  assert.equal(isTimeZone('Europe/Atlantis'), false);
  assert.equal(isTimeZone(''), false);
});
