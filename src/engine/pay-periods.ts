// Pay periods: a period starts on the payroll anchor and every `period_days` before and after it.
import { addDays, daysBetween } from './dates.js';

export interface PayrollCalendar { period_days: number; anchor: string }

/** Days from the start of the pay period containing `date` to `date` (0 on a period start). */
function offsetInPeriod(date: string, p: PayrollCalendar): number {
  const n = daysBetween(p.anchor, date) % p.period_days;
  return n < 0 ? n + p.period_days : n;
}

/** The first pay-period start on or after `date` (the date itself when a period starts on it). */
export function payPeriodStartOnOrAfter(date: string, p: PayrollCalendar): string {
  const off = offsetInPeriod(date, p);
  return off === 0 ? date : addDays(date, p.period_days - off);
}

/** The pay period containing `date`: its first and last day. */
export function payPeriodContaining(date: string, p: PayrollCalendar): { start: string; end: string } {
  const start = addDays(date, -offsetInPeriod(date, p));
  return { start, end: addDays(start, p.period_days - 1) };
}
