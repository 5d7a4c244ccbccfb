// Pay periods: the first pay-period start on or after a date, before and after the anchor.
import { describe, expect, it } from 'vitest';
import { payPeriodContaining, payPeriodStartOnOrAfter } from '../../src/engine/pay-periods.js';
import { PAYROLL } from './build.js';

describe('payPeriodStartOnOrAfter', () => {
  it.each([
    ['2026-01-02', '2026-01-02'], // the anchor itself
    ['2026-01-03', '2026-01-16'],
    ['2026-11-22', '2026-12-04'], // SPEC example
    ['2026-12-04', '2026-12-04'], // a period start equal to the date
    ['2026-12-05', '2026-12-18'],
    ['2025-12-20', '2026-01-02'], // before the anchor
    ['2025-12-19', '2025-12-19'], // a period start before the anchor
    ['2027-02-28', '2027-03-12'], // Aug 31 + 6 months
    ['2028-02-29', '2028-03-10'], // leap day
  ])('%s → %s', (date, start) => {
    expect(payPeriodStartOnOrAfter(date, PAYROLL)).toBe(start);
  });

  it('gives the period containing a date', () => {
    expect(payPeriodContaining('2026-11-22', PAYROLL)).toEqual({ start: '2026-11-20', end: '2026-12-03' });
    expect(payPeriodContaining('2025-12-31', PAYROLL)).toEqual({ start: '2025-12-19', end: '2026-01-01' });
  });

  it('works with a one-week calendar', () => {
    expect(payPeriodStartOnOrAfter('2026-11-22', { period_days: 7, anchor: '2026-11-02' })).toBe('2026-11-23');
  });
});
