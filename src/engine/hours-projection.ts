// When an unmet `hours` requirement would be met if the pace of the last 90 days went on: the
// total (a capped part adding at most what its maximum leaves), every part, and — with `within`
// — the hours already counted leaving the window before that day.
import type { Duration } from '../schemas/common.js';
import type { HoursRequirement } from '../schemas/rules.js';
import { addDays, addDuration, daysBetween, subtractDuration } from './dates.js';
import type { HourFact } from './facts.js';
import { HOURS_EPSILON, PACE_DAYS } from './types.js';

/** Hours summed, in all and by domain. */
export interface Sum { all: number; byDomain: Map<string, number> }

/** What unmet parts still need (PartsOutcome.shortfalls) and the total after the parts' maximums. */
export interface Standing { total: number; shortfalls: readonly { need: number; domains: readonly string[] }[] }

/** Days needed to earn `need` hours at `perDay`, or null when the pace is zero. */
export function daysAtPace(need: number, perDay: number): number | null {
  if (need <= HOURS_EPSILON) return 0;
  if (perDay <= 0) return null;
  return Math.ceil(need / perDay - 1e-9);
}

/**
 * Days at the pace of `recent` (hours in the last 90 days) until `have` meets the requirement:
 * its total and every unmet part; null when some of it never is at this pace.
 */
export function daysToMeet(req: Pick<HoursRequirement, 'minimum' | 'parts'>, have: Sum, standing: Standing, recent: Sum): number | null {
  let days = totalDays(req, Math.max(0, req.minimum - standing.total), have, recent);
  for (const s of standing.shortfalls) {
    if (days === null) return null;
    let pace = 0;
    for (const d of s.domains) pace += recent.byDomain.get(d) ?? 0;
    const n = daysAtPace(s.need, pace / PACE_DAYS);
    days = n === null ? null : Math.max(days, n);
  }
  return days;
}

/**
 * Days until the total is reached. A capped part's pace adds only until the part reaches its
 * maximum (25 of 30 core-function hours: 5 more count, whatever the pace), so the total grows
 * at the whole pace, then slower as capped parts fill.
 */
function totalDays(req: Pick<HoursRequirement, 'parts'>, short: number, have: Sum, recent: Sum): number | null {
  if (short <= HOURS_EPSILON) return 0;
  // The pace outside capped parts (and of parts at their maximum: none), then capped parts with room.
  let free = recent.all;
  let filling: { rate: number; fullIn: number }[] | undefined;
  for (const p of req.parts ?? []) {
    if (p.maximum === undefined) continue;
    let partHave = 0, partRecent = 0;
    for (const d of p.domains) {
      partHave += have.byDomain.get(d) ?? 0;
      partRecent += recent.byDomain.get(d) ?? 0;
    }
    const room = p.maximum - partHave;
    if (room <= HOURS_EPSILON) {
      for (const d of p.domains) free -= recent.byDomain.get(d) ?? 0;
    } else if (partRecent > 0) {
      for (const d of p.domains) free -= recent.byDomain.get(d) ?? 0;
      const rate = partRecent / PACE_DAYS;
      (filling ??= []).push({ rate, fullIn: room / rate });
    }
  }
  if (!filling) return daysAtPace(short, free / PACE_DAYS);
  // Piecewise: between the days capped parts fill up, the total grows at the pace still adding.
  filling.sort((a, b) => a.fullIn - b.fullIn);
  let rate = Math.max(0, free / PACE_DAYS);
  for (const f of filling) rate += f.rate;
  let t = 0, gained = 0;
  for (const f of filling) {
    const reach = gained + rate * (f.fullIn - t);
    if (reach >= short - HOURS_EPSILON) return Math.ceil(t + (short - gained) / rate - 1e-9);
    gained = reach;
    t = f.fullIn;
    rate -= f.rate;
  }
  if (free <= HOURS_EPSILON) return null;
  return Math.ceil(t + (short - gained) / (free / PACE_DAYS) - 1e-9);
}

/** The first day on which an entry dated `date` is outside a `within` window ending that day. */
export function leavesWindowOn(date: string, within: Duration): string {
  // The window as of D starts the day after D − within; month ends clamp, so step to the exact day.
  let d = addDuration(date, within);
  while (subtractDuration(d, within) < date) d = addDays(d, 1);
  while (subtractDuration(addDays(d, -1), within) >= date) d = addDays(d, -1);
  return d;
}

/** Days a `within` window holds at most (a year of 366 days, a month of 31). */
function longestWindow(within: Duration): number {
  return (within.years ?? 0) * 366 + (within.months ?? 0) * 31 + (within.days ?? 0);
}

/** How long a scan for a window long enough may run: the years with a Feb 29 can be 8 apart (2096, 2104). */
const WINDOW_SCAN_DAYS = 3000;

export interface WindowedInput {
  req: Pick<HoursRequirement, 'minimum' | 'parts' | 'within'> & { within: Duration };
  asOf: string;
  /** The earliest date of the entries counted as of `asOf`. */
  first: string;
  /** The entries counted as of `asOf` (inside the window, complete, matching the filters). */
  counted: () => HourFact[];
  have: Sum;
  recent: Sum;
  /** `daysToMeet` as of `asOf`, ignoring entries leaving the window (the earliest it can be). */
  ignoringExits: number;
  /** The parts applied to sums (applyParts), for the standing after entries leave. */
  standing: (have: Sum) => Standing;
}

/**
 * The days until a requirement with `within` is met as of that day, with the pace going on and
 * the counted entries leaving the window on their day: null when it never is. Between two days
 * on which entries leave, the hours in the window only grow (at the pace, while the window still
 * holds every day since as-of), so each stretch needs one computation.
 */
export function daysToMeetWithin(w: WindowedInput): number | null {
  const { req, asOf } = w;
  const longest = longestWindow(req.within);
  if (w.ignoringExits > longest) return null;
  // Nothing leaves before the day it would be met: that day stands.
  if (daysBetween(asOf, leavesWindowOn(w.first, req.within)) > w.ignoringExits) return w.ignoringExits;
  const entries = w.counted().sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const have: Sum = { all: w.have.all, byDomain: new Map(w.have.byDomain) };
  let k = 0;
  let from = 0;
  let exitDate = '';
  let exit = 0;
  for (;;) {
    // Entries that have left by `from` no longer count.
    while (k < entries.length) {
      const e = entries[k]!;
      if (e.date !== exitDate) {
        exitDate = e.date;
        exit = daysBetween(asOf, leavesWindowOn(e.date, req.within));
      }
      if (exit > from) break;
      have.all -= e.hours;
      if (e.domain !== null) have.byDomain.set(e.domain, (have.byDomain.get(e.domain) ?? 0) - e.hours);
      k++;
    }
    const until = k < entries.length ? exit : Infinity;
    const accrual = daysToMeet(req, have, w.standing(have), w.recent);
    // Fewer hours in the window never need fewer days; the pace cannot fill more than a window.
    if (accrual === null || accrual > longest) return null;
    const day = Math.max(from, accrual);
    if (day < until) {
      // While entries remain, the window reaches back past as-of and holds every day of pace.
      if (k < entries.length) return day;
      // After the last has left, it must still be long enough to hold `accrual` days of pace.
      for (let d = day; d < day + WINDOW_SCAN_DAYS; d++) {
        const on = addDays(asOf, d);
        if (daysBetween(subtractDuration(on, req.within), on) >= accrual) return d;
      }
      return null;
    }
    from = until;
  }
}
