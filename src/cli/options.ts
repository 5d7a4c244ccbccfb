// Option values shared by several commands: whole numbers of days and pay-period overrides.
import { InputError } from '../errors.js';
import type { PayrollOverride } from '../services/progressions.js';
import { parseDateOption } from './context.js';
import type { Opts } from './main.js';

const MAX_DAYS = 36_600;

/** A whole number of days ≥ 0 (at most 100 years) from an option value. */
export function parseDays(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) throw new InputError(`${option}: ${JSON.stringify(value)} is not a whole number of days`, `e.g. ${option} 30`);
  const days = Number(value.trim());
  // Dates stay inside the calendar: 100 years ahead is as far as any question goes.
  if (days > MAX_DAYS) throw new InputError(`${option}: ${value.trim()} days is more than 100 years`, `at most ${MAX_DAYS}, e.g. ${option} 365`);
  return days;
}

/** --payroll-anchor and --period-days (progressions, reminders, report): the pack's pay periods overridden. */
export function parsePayroll(o: Opts): PayrollOverride {
  const periodDays = parseDays(o.periodDays, '--period-days');
  if (periodDays === 0) throw new InputError('--period-days: a pay period lasts at least one day');
  return { anchor: parseDateOption(o.payrollAnchor, '--payroll-anchor'), periodDays };
}
