// Calendar-date arithmetic on YYYY-MM-DD strings. Month arithmetic follows dayjs (and
// most boards): adding months keeps the day of month, clamped to the month's last day
// (2026-08-31 + 6 months = 2027-02-28; 2024-02-29 + 1 year = 2025-02-28). The END of a
// period (a CEU cycle, a provisional term) is periodEnd: the day before the corresponding
// day, or the last day of the month when the month has none.
import type { Duration } from '../schemas/common.js';

const MS_PER_DAY = 86_400_000;

/** Milliseconds of a UTC date; setUTCFullYear, because Date.UTC maps years 0-99 to 1900-1999. */
function utc(year: number, month0: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month0, day);
  return d.getTime();
}

/**
 * Days since 1970-01-01 of a calendar date. Calendar arithmetic (H. Hinnant's days_from_civil)
 * rather than a Date per call: the engine does this millions of times in a whole-population
 * check. Same answers as the Date computation (utc) for every month 1-12; a day past the
 * month's end runs on into the next, as Date does.
 */
export function dayNumber(date: string): number {
  let y = +date.slice(0, 4);
  const m = +date.slice(5, 7), d = +date.slice(8, 10);
  if (!(m >= 1 && m <= 12)) return utc(y, m - 1, d) / MS_PER_DAY;
  if (m <= 2) y -= 1;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/** The calendar date of a day number (civil_from_days); what Date's toISOString gives, for years 0000-9999. */
export function fromDayNumber(n: number): string {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (y < 0 || y > 9999 || !Number.isInteger(n)) return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
  return `${y < 1000 ? String(y).padStart(4, '0') : y}-${pad2(m)}-${pad2(d)}`;
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(dayNumber(date) + days);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month0: number): number {
  if (month0 !== 1) return MONTH_DAYS[month0] ?? new Date(utc(year, month0 + 1, 0)).getUTCDate();
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

export function addMonths(date: string, months: number): string {
  const y = +date.slice(0, 4), m0 = +date.slice(5, 7) - 1, d = +date.slice(8, 10);
  const total = y * 12 + m0 + months;
  const ny = Math.floor(total / 12), nm0 = total - ny * 12;
  const nd = Math.min(d, daysInMonth(ny, nm0));
  return `${String(ny).padStart(4, '0')}-${String(nm0 + 1).padStart(2, '0')}-${String(nd).padStart(2, '0')}`;
}

/** date + duration (years and months together as months, then days). */
export function addDuration(date: string, d: Duration, sign: 1 | -1 = 1): string {
  const months = (d.years ?? 0) * 12 + (d.months ?? 0);
  const moved = months ? addMonths(date, sign * months) : date;
  return d.days ? addDays(moved, sign * d.days) : moved;
}

export function subtractDuration(date: string, d: Duration): string {
  return addDuration(date, d, -1);
}

/**
 * The last day of a period of `d` that starts on `start` (a CEU cycle, a provisional term):
 * the day before the corresponding day `start` + `d`; when the months land on a day the month
 * lacks (Aug 31 + 6 months: no Feb 31), the period runs to the end of that month. So
 * 2025-01-15 + 2 years ends 2027-01-14, 2025-08-28 + 6 months ends 2026-02-27, while
 * 2025-08-31 + 6 months ends 2026-02-28 and 2024-02-29 + 2 years ends 2026-02-28. The next
 * period starts the day after: periods back to back leave no gap and do not overlap.
 */
export function periodEnd(start: string, d: Duration): string {
  const months = (d.years ?? 0) * 12 + (d.months ?? 0);
  let next = start; // the first day after the months
  if (months) {
    const moved = addMonths(start, months);
    // Clamped to a shorter month: its last day is still inside the period.
    next = moved.slice(8) < start.slice(8) ? addDays(moved, 1) : moved;
  }
  return addDays(next, (d.days ?? 0) - 1);
}

/**
 * The first day of a `within` window ending on `asOf`: entries dated on or after it count.
 * `within: {years: 2}` as of 2026-11-22 starts on 2024-11-23.
 */
export function windowStart(asOf: string, within: Duration): string {
  return addDays(subtractDuration(asOf, within), 1);
}

/** Whole years from `birth` to `on` (age on a date). */
export function yearsBetween(birth: string, on: string): number {
  let years = +on.slice(0, 4) - +birth.slice(0, 4);
  if (on.slice(5) < birth.slice(5)) years--;
  // Born on Feb 29: the birthday in a common year is Mar 1 (as most statutes count it).
  return years;
}

export function formatDuration(d: Duration): string {
  const parts: string[] = [];
  if (d.years) parts.push(`${d.years} year${d.years > 1 ? 's' : ''}`);
  if (d.months) parts.push(`${d.months} month${d.months > 1 ? 's' : ''}`);
  if (d.days) parts.push(`${d.days} day${d.days > 1 ? 's' : ''}`);
  return parts.join(' ');
}

export function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}
export function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

/** Average month length, for partial months of experience spread over several periods. */
export const DAYS_PER_MONTH = 365.25 / 12;

/**
 * Months served in [start, endExclusive): whole calendar months from `start`, plus the
 * leftover days as a fraction of an average month. Six months from 2026-05-22 are complete
 * at the end of 2026-11-21, so [2026-05-22, 2026-11-22) is exactly 6.
 */
export function monthsServed(start: string, endExclusive: string): number {
  if (endExclusive <= start) return 0;
  let whole = (+endExclusive.slice(0, 4) - +start.slice(0, 4)) * 12 + (+endExclusive.slice(5, 7) - +start.slice(5, 7));
  while (whole > 0 && addMonths(start, whole) > endExclusive) whole--;
  const rest = daysBetween(addMonths(start, whole), endExclusive);
  return whole + rest / DAYS_PER_MONTH;
}

/**
 * The date from which `months` (possibly fractional) are served, starting on `start`: the
 * first D with monthsServed(start, D) >= months. The leftover days of a fraction never run
 * past the next whole month (a short month such as February completes it sooner).
 */
export function dateAfterMonths(start: string, months: number): string {
  const whole = Math.floor(months + 1e-9);
  const rest = months - whole;
  if (rest <= 1e-9) return addMonths(start, whole);
  return minDate(addDays(addMonths(start, whole), Math.ceil(rest * DAYS_PER_MONTH - 1e-9)), addMonths(start, whole + 1));
}
