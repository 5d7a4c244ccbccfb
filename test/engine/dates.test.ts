// Calendar arithmetic (src/engine/dates.ts, ceu-cycle.ts): the month-end, leap-day and window
// edges as case tables, and the promises of the module as fast-check properties.
import dayjs from 'dayjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cycleEnd, nextCycleStart } from '../../src/engine/ceu-cycle.js';
import {
  addDays, addDuration, addMonths, dateAfterMonths, dayNumber, daysBetween, DAYS_PER_MONTH, formatDuration, fromDayNumber,
  maxDate, minDate, monthsServed, periodEnd, subtractDuration, windowStart, yearsBetween,
} from '../../src/engine/dates.js';
import { isIsoDate } from '../../src/schemas/common.js';

describe('day numbers and days', () => {
  it('counts days from 1970-01-01', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayNumber('1969-12-31')).toBe(-1);
    expect(fromDayNumber(dayNumber('2024-02-29'))).toBe('2024-02-29');
  });

  it.each([
    ['2026-12-31', 1, '2027-01-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2026-11-22', -89, '2026-08-25'], // the first day of the 90-day pace window
    ['2026-01-01', 0, '2026-01-01'],
  ])('%s + %i days = %s', (date, n, want) => {
    expect(addDays(date, n)).toBe(want);
  });

  it.each([
    ['2026-01-01', '2026-01-01', 0],
    ['2026-01-01', '2027-01-01', 365],
    ['2024-01-01', '2025-01-01', 366],
    ['2026-03-01', '2026-02-28', -1],
  ])('days from %s to %s: %i', (a, b, want) => {
    expect(daysBetween(a, b)).toBe(want);
  });
});

describe('month arithmetic clamps to the month end', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2026-08-31', 6, '2027-02-28'],
    ['2027-08-31', 6, '2028-02-29'],
    ['2026-03-31', 1, '2026-04-30'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2026-12-15', 1, '2027-01-15'],
    ['2026-01-15', -1, '2025-12-15'],
    ['2026-05-22', 6, '2026-11-22'],
  ])('%s + %i months = %s', (date, n, want) => {
    expect(addMonths(date, n)).toBe(want);
  });

  it.each([
    ['2024-02-29', { years: 1 }, '2025-02-28'],
    ['2026-08-31', { months: 6 }, '2027-02-28'],
    ['2026-01-31', { months: 1, days: 1 }, '2026-03-01'], // months first, then days
    ['2026-01-01', { years: 1, months: 1 }, '2027-02-01'],
    ['2026-01-01', { days: 90 }, '2026-04-01'],
  ])('%s + %o = %s', (date, d, want) => {
    expect(addDuration(date, d)).toBe(want);
  });

  it('subtracts durations the same way', () => {
    expect(subtractDuration('2026-11-22', { years: 2 })).toBe('2024-11-22');
    expect(subtractDuration('2025-02-28', { years: 1 })).toBe('2024-02-28');
    expect(subtractDuration('2026-03-31', { months: 1 })).toBe('2026-02-28');
    expect(subtractDuration('2026-03-01', { months: 1, days: 1 })).toBe('2026-01-31');
  });
});

describe('windows, cycles and ages', () => {
  it.each([
    ['2026-11-22', { years: 2 }, '2024-11-23'],
    ['2026-11-22', { days: 1 }, '2026-11-22'],
    ['2026-11-22', { days: 90 }, '2026-08-25'],
    ['2025-02-28', { years: 1 }, '2024-02-29'],
    ['2026-03-31', { months: 1 }, '2026-03-01'],
  ])('a %o window ending %s starts on %s', (asOf, within, want) => {
    expect(windowStart(asOf as string, within)).toBe(want);
  });

  // A period ends the day before the corresponding day, or on the month's last day when the
  // month has no corresponding day (the clamped cases: 2024-02-29 and Jan 31 below).
  it.each([
    ['2025-01-15', { years: 2 }, '2027-01-14'],
    ['2024-02-29', { years: 1 }, '2025-02-28'],
    ['2024-02-29', { years: 2 }, '2026-02-28'],
    ['2024-02-29', { years: 4 }, '2028-02-28'], // 2028-02-29 exists: the day before it
    ['2026-01-31', { months: 1 }, '2026-02-28'],
    ['2026-03-01', { years: 1 }, '2027-02-28'],
  ])('a cycle from %s of %o ends on %s', (start, cycle, want) => {
    expect(cycleEnd(start, cycle)).toBe(want);
  });

  it.each([
    // Six months from the end of August: Feb 27 from the 28th; from the 29th on, February has
    // no corresponding day, so the term runs to its end (Feb 29 in a leap year).
    ['2025-08-27', { months: 6 }, '2026-02-26'],
    ['2025-08-28', { months: 6 }, '2026-02-27'],
    ['2025-08-29', { months: 6 }, '2026-02-28'],
    ['2025-08-30', { months: 6 }, '2026-02-28'],
    ['2025-08-31', { months: 6 }, '2026-02-28'],
    ['2025-09-01', { months: 6 }, '2026-02-28'],
    ['2023-08-28', { months: 6 }, '2024-02-27'],
    ['2023-08-29', { months: 6 }, '2024-02-28'],
    ['2023-08-30', { months: 6 }, '2024-02-29'],
    ['2023-08-31', { months: 6 }, '2024-02-29'],
    ['2026-03-31', { months: 1 }, '2026-04-30'],
    ['2026-04-30', { months: 1 }, '2026-05-29'],
    ['2026-12-31', { months: 2 }, '2027-02-28'],
    ['2026-01-31', { months: 1, days: 1 }, '2026-03-01'], // to the month's end, then one day more
    ['2026-01-01', { days: 1 }, '2026-01-01'],
    ['2026-01-01', { days: 90 }, '2026-03-31'],
    ['2026-01-01', { years: 1 }, '2026-12-31'],
  ])('a period from %s of %o ends on %s', (start, d, want) => {
    expect(periodEnd(start, d)).toBe(want);
  });

  it('a renewal on or before the last day of the cycle starts the next on the day after; a late one on the renewal date', () => {
    const end = cycleEnd('2025-01-15', { years: 2 });
    expect(nextCycleStart(end, '2026-12-01')).toBe('2027-01-15');
    expect(nextCycleStart(end, '2027-01-14')).toBe('2027-01-15');
    expect(nextCycleStart(end, '2027-01-15')).toBe('2027-01-15');
    expect(nextCycleStart(end, '2027-03-02')).toBe('2027-03-02');
  });

  it.each([
    ['2005-11-22', '2026-11-21', 20],
    ['2005-11-22', '2026-11-22', 21],
    ['2005-11-22', '2026-11-23', 21],
    ['2004-02-29', '2025-02-28', 20], // a Feb 29 birthday falls on Mar 1 in a common year
    ['2004-02-29', '2025-03-01', 21],
    ['2004-02-29', '2028-02-28', 23],
    ['2004-02-29', '2028-02-29', 24],
    ['2005-03-01', '2026-02-28', 20],
    ['2005-03-01', '2026-03-01', 21],
    ['2026-01-01', '2026-01-01', 0],
  ])('born %s: on %s %i years old', (birth, on, want) => {
    expect(yearsBetween(birth, on)).toBe(want);
  });

  it('formats durations and picks dates', () => {
    expect(formatDuration({ years: 2 })).toBe('2 years');
    expect(formatDuration({ years: 1, months: 6, days: 1 })).toBe('1 year 6 months 1 day');
    expect(formatDuration({ days: 90 })).toBe('90 days');
    expect(maxDate('2026-01-02', '2025-12-31')).toBe('2026-01-02');
    expect(minDate('2026-01-02', '2025-12-31')).toBe('2025-12-31');
  });
});

describe('months served', () => {
  it.each([
    ['2026-05-22', '2026-11-22', 6], // complete at the end of 2026-11-21
    ['2026-01-31', '2026-02-28', 1],
    ['2024-01-31', '2024-02-29', 1],
    ['2026-08-31', '2027-02-28', 6],
    ['2024-02-29', '2025-02-28', 12],
    ['2026-01-01', '2026-01-01', 0],
    ['2026-01-02', '2026-01-01', 0],
  ])('[%s, %s) is %f months', (start, end, want) => {
    expect(monthsServed(start, end)).toBe(want);
  });

  it('counts leftover days as a fraction of an average month', () => {
    expect(monthsServed('2026-05-22', '2026-11-21')).toBeCloseTo(5 + 30 / DAYS_PER_MONTH, 9);
    expect(monthsServed('2026-01-01', '2026-01-11')).toBeCloseTo(10 / DAYS_PER_MONTH, 9);
  });

  it('dateAfterMonths is the day the months are served', () => {
    expect(dateAfterMonths('2026-05-22', 6)).toBe('2026-11-22');
    expect(dateAfterMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(dateAfterMonths('2026-01-01', 0.5)).toBe('2026-01-17'); // 15.2 days → 16 days
    // 73.92 months from Jan 28: 73 months end on Feb 28, and Mar 28 completes the 74th month
    // before 28.01 more days would (found by the property below)
    expect(dateAfterMonths('1937-01-28', 73.92)).toBe('1943-03-28');
  });
});

// ---- properties -----------------------------------------------------------------------

/** Calendar dates from 1900 to 2199, built without the module under test. */
const date = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const early = date.filter((d) => +d.slice(8) <= 28);
const months = fc.integer({ min: -1200, max: 1200 });
const duration = fc.record({
  years: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
  months: fc.option(fc.integer({ min: 1, max: 24 }), { nil: undefined }),
  days: fc.option(fc.integer({ min: 1, max: 400 }), { nil: undefined }),
}).filter((d) => d.years !== undefined || d.months !== undefined || d.days !== undefined);

/** Days since 1970-01-01 by calendar arithmetic alone (H. Hinnant's days_from_civil): the oracle. */
function civilDays(date: string): number {
  let y = +date.slice(0, 4);
  const m = +date.slice(5, 7), d = +date.slice(8, 10);
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
const ymd = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
/** Any calendar date of years 0001-9999, its month's length taken from the oracle. */
const anyYear = fc.record({ y: fc.integer({ min: 1, max: 9998 }), m: fc.integer({ min: 1, max: 12 }) }).chain(({ y, m }) => {
  const length = civilDays(m === 12 ? ymd(y + 1, 1, 1) : ymd(y, m + 1, 1)) - civilDays(ymd(y, m, 1));
  return fc.integer({ min: 1, max: length }).map((d) => ymd(y, m, d));
});

describe('date properties', () => {
  it('day numbers agree with calendar arithmetic for every year 0001-9999 (Date.UTC would move 0-99 to the 1900s)', () => {
    expect(dayNumber('0050-01-01')).toBe(civilDays('0050-01-01'));
    expect(addDays('0050-12-31', 1)).toBe('0051-01-01');
    expect(addMonths('0096-01-31', 1)).toBe('0096-02-29'); // year 96 is a leap year, 1996-style
    fc.assert(fc.property(anyYear, (d) => {
      expect(dayNumber(d)).toBe(civilDays(d));
      expect(fromDayNumber(dayNumber(d))).toBe(d);
    }));
  });

  it('addDays and daysBetween are inverse', () => {
    fc.assert(fc.property(date, fc.integer({ min: -100_000, max: 100_000 }), (d, n) => {
      expect(daysBetween(d, addDays(d, n))).toBe(n);
      expect(addDays(addDays(d, n), -n)).toBe(d);
    }));
  });

  it('addMonths gives a real date in the target month, never overflowing into the next', () => {
    fc.assert(fc.property(date, months, (d, n) => {
      const out = addMonths(d, n);
      expect(isIsoDate(out)).toBe(true);
      const total = +d.slice(0, 4) * 12 + (+d.slice(5, 7) - 1) + n;
      expect(+out.slice(0, 4)).toBe(Math.floor(total / 12));
      expect(+out.slice(5, 7)).toBe((((total % 12) + 12) % 12) + 1);
      // the same day of month, or the month's last day when it has fewer days
      const day = +out.slice(8);
      expect(day).toBeLessThanOrEqual(+d.slice(8));
      if (day < +d.slice(8)) expect(addDays(out, 1).slice(8)).toBe('01');
    }));
  });

  it('addMonths agrees with dayjs', () => {
    fc.assert(fc.property(date, fc.integer({ min: -240, max: 240 }), (d, n) => {
      expect(addMonths(d, n)).toBe(dayjs(d).add(n, 'month').format('YYYY-MM-DD'));
    }));
  });

  it('addMonths is monotone and, before the 29th, reversible', () => {
    fc.assert(fc.property(date, date, months, (a, b, n) => {
      if (a <= b) expect(addMonths(a, n) <= addMonths(b, n)).toBe(true);
    }));
    fc.assert(fc.property(early, months, (d, n) => {
      expect(addMonths(addMonths(d, n), -n)).toBe(d);
    }));
  });

  it('a cycle of n ends the day before start + n, or on the last day of a month too short for it; the next cycle starts the day after', () => {
    fc.assert(fc.property(date, duration, (start, cycle) => {
      const end = cycleEnd(start, cycle);
      const months = (cycle.years ?? 0) * 12 + (cycle.months ?? 0);
      const moved = addMonths(start, months);
      const clamped = moved.slice(8) < start.slice(8);
      // Unclamped: the day before start + n. Clamped: the months reach the end of their month, then the days.
      expect(addDays(end, 1)).toBe(clamped ? addDays(moved, 1 + (cycle.days ?? 0)) : addDuration(start, cycle));
      expect(end >= start).toBe(true);
      expect(nextCycleStart(end, end)).toBe(addDays(end, 1));
      expect(nextCycleStart(end, addDays(end, 5))).toBe(addDays(end, 5));
    }));
  });

  it('periods never end before they start, and periods back to back neither leave a gap nor overlap', () => {
    fc.assert(fc.property(date, duration, fc.integer({ min: 1, max: 6 }), (start, d, n) => {
      // n periods back to back: each starts the day after the previous ends, so every day from
      // start on is in exactly one; a later start never ends earlier (no overlap of one term with the next's).
      let from = start;
      for (let i = 0; i < n; i++) {
        const end = periodEnd(from, d);
        expect(end >= from).toBe(true);
        expect(periodEnd(addDays(from, 1), d) >= end).toBe(true);
        from = addDays(end, 1);
      }
      // The day before start + duration, or (clamped) that clamped day itself.
      const end = periodEnd(start, d);
      expect([0, 1]).toContain(daysBetween(addDays(addDuration(start, d), -1), end));
    }));
  });

  it('a month-only period ends on the day before start + n, or on the last day of that month when start + n was clamped', () => {
    fc.assert(fc.property(date, fc.integer({ min: 1, max: 1200 }), (start, n) => {
      const end = periodEnd(start, { months: n });
      const next = addDays(end, 1);
      const target = addMonths(start, n);
      if (+start.slice(8) <= 28) expect(next).toBe(target);
      // Clamped (target's day is short of start's): the period ends on the target day, the month's last.
      if (target.slice(8) < start.slice(8)) expect(end).toBe(target);
      else expect(end).toBe(addDays(target, -1));
      // So it ends in the month of start + n (the month before when it starts on the 1st).
      expect(end.slice(0, 7)).toBe(start.slice(8) === '01' ? addDays(target, -1).slice(0, 7) : target.slice(0, 7));
    }));
  });

  // Mixed durations ({months: 1, days: 4}) add months first, so they do not reverse exactly.
  const single = fc.oneof(fc.integer({ min: 1, max: 10 }).map((years) => ({ years })), fc.integer({ min: 1, max: 36 }).map((months) => ({ months })),
    fc.integer({ min: 1, max: 800 }).map((days) => ({ days })));

  it('a window ending on as-of covers exactly the duration, as-of included', () => {
    fc.assert(fc.property(early, single, (asOf, within) => {
      const start = windowStart(asOf, within);
      expect(start <= asOf).toBe(true);
      // the day before the window is exactly `within` before as-of, and the window is a whole cycle
      expect(addDuration(addDays(start, -1), within)).toBe(asOf);
      expect(subtractDuration(asOf, within)).toBe(addDays(start, -1));
    }));
  });

  it('whole months from a start are served exactly; dateAfterMonths inverts monthsServed', () => {
    fc.assert(fc.property(date, fc.integer({ min: 0, max: 600 }), (start, n) => {
      expect(monthsServed(start, addMonths(start, n))).toBe(n);
      expect(dateAfterMonths(start, n)).toBe(addMonths(start, n));
      if (n > 0) expect(monthsServed(start, addDays(addMonths(start, n), -1))).toBeLessThan(n);
    }));
    fc.assert(fc.property(date, fc.integer({ min: 1, max: 12_000 }), (start, hundredths) => {
      const m = hundredths / 100;
      const on = dateAfterMonths(start, m);
      expect(monthsServed(start, on)).toBeGreaterThanOrEqual(m - 1e-9);
      // and not a day later than needed (a short month completes the fraction sooner)
      expect(monthsServed(start, addDays(on, -1))).toBeLessThan(m - 1e-9);
    }));
  });

  it('monthsServed grows with the end date', () => {
    fc.assert(fc.property(date, fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 400 }), (start, a, extra) => {
      const end1 = addDays(start, a), end2 = addDays(end1, extra);
      expect(monthsServed(start, end2)).toBeGreaterThanOrEqual(monthsServed(start, end1));
    }));
  });

  it('age goes up by one exactly on the birthday (Mar 1 for Feb 29 births in common years)', () => {
    fc.assert(fc.property(date, fc.integer({ min: 1, max: 100 }), (birth, n) => {
      let birthday = addMonths(birth, 12 * n);
      if (birth.endsWith('-02-29') && !birthday.endsWith('-02-29')) birthday = addDays(birthday, 1);
      expect(yearsBetween(birth, birthday)).toBe(n);
      expect(yearsBetween(birth, addDays(birthday, -1))).toBe(n - 1);
    }));
  });
});
