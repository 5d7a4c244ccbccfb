// The 24 hours a day limit of an hours entry (src/schemas/rows.ts dayLimitProblem, HoursRow)
// and of an entry merged with the stored one (src/services/records.ts mergeProblems): a row
// with an entry_id and no end_date may keep a stored end_date, so its limit is the merged one.
import { describe, expect, it } from 'vitest';
import { dayLimitProblem, parseRow } from '../../src/schemas/rows.js';
import { mergeProblems } from '../../src/services/records.js';
import { compareWithStored, hoursValues, TABLE_COLUMNS } from '../../src/store/records.js';

const stored = { id: 1, entry_id: 'E1', date: '2025-03-01', end_date: '2025-03-31', category: 'work', hours: 200, domain: null,
  supervised: 1, paid: 1, topic: null, provider: null, verified_by: null, note: null };

function merged(row: Record<string, unknown>, existing: Record<string, unknown> = stored) {
  const parsed = parseRow('hours', row);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return mergeProblems('hours', compareWithStored(TABLE_COLUMNS.hours, hoursValues(parsed.value), existing), 'P1');
}

describe('dayLimitProblem', () => {
  it.each([
    [{ hours: 24, date: '2025-03-01' }, undefined],
    [{ hours: 744, date: '2025-03-01', end_date: '2025-03-31' }, undefined],
    [{ hours: 24.5, date: '2025-03-01' }, 'is more than 24 hours a day (24 at most for 1 day)'],
    [{ hours: 49, date: '2025-03-01', end_date: '2025-03-02' }, 'is more than 24 hours a day (48 at most for 2 days)'],
  ])('%j', (entry, message) => {
    expect(dayLimitProblem(entry)?.message).toBe(message);
  });

  it('names the period when asked', () => {
    expect(dayLimitProblem({ hours: 800, date: '2025-03-01', end_date: '2025-03-31' }, true)?.message)
      .toBe('is more than 24 hours a day (744 at most for 31 days, 2025-03-01 to 2025-03-31)');
    expect(dayLimitProblem({ hours: 30, date: '2025-03-01' }, true)?.message).toBe('is more than 24 hours a day (24 at most for 1 day, 2025-03-01)');
  });
});

describe('HoursRow: the day limit of a row', () => {
  it('applies to a row without an entry_id, or with its end_date', () => {
    expect(parseRow('hours', { person_id: 'P1', date: '2025-03-01', category: 'work', hours: '30' }).ok).toBe(false);
    expect(parseRow('hours', { entry_id: 'E1', person_id: 'P1', date: '2025-03-01', end_date: '2025-03-01', category: 'work', hours: '30' }).ok).toBe(false);
  });

  it('waits for the merged entry when an entry_id row leaves end_date out (it may keep a stored one)', () => {
    expect(parseRow('hours', { entry_id: 'E1', person_id: 'P1', date: '2025-03-01', category: 'work', hours: '210' }).ok).toBe(true);
  });
});

describe('mergeProblems: the day limit over the period the merged entry covers', () => {
  it('a row keeping a stored 31-day period may hold up to 744 hours', () => {
    expect(merged({ entry_id: 'E1', person_id: 'P1', date: '2025-03-01', category: 'work', hours: '210' })).toEqual([]);
    expect(merged({ entry_id: 'E1', person_id: 'P1', date: '2025-03-01', category: 'work', hours: '744' })).toEqual([]);
  });

  it('beyond it: names the kept period and the stored end_date', () => {
    expect(merged({ entry_id: 'E1', person_id: 'P1', date: '2025-03-01', category: 'work', hours: '800' })).toEqual([{
      column: 'hours', value: 800,
      message: 'is more than 24 hours a day (744 at most for 31 days, 2025-03-01 to 2025-03-31); the stored end_date "2025-03-31" is kept when not given — give end_date',
    }]);
  });

  it('a stored one-day entry (no end_date to keep), and a new entry, hold 24 hours at most', () => {
    const oneDay = { ...stored, end_date: null };
    expect(merged({ entry_id: 'E1', person_id: 'P1', date: '2025-03-01', category: 'work', hours: '30' }, oneDay))
      .toEqual([{ column: 'hours', value: 30, message: 'is more than 24 hours a day (24 at most for 1 day)' }]);
    expect(merged({ entry_id: 'E2', person_id: 'P1', date: '2025-03-01', category: 'work', hours: '30' }, {}))
      .toEqual([{ column: 'hours', value: 30, message: 'is more than 24 hours a day (24 at most for 1 day)' }]);
  });

  it('a kept end_date before a moved date is named once (not also as a day limit)', () => {
    expect(merged({ entry_id: 'E1', person_id: 'P1', date: '2025-04-01', category: 'work', hours: '8' }).map((p) => p.column)).toEqual(['end_date']);
  });
});
