// CEU cycles: a cycle starts on the issue date (or the start set by the last renewal) and
// ends as a period does (dates.ts periodEnd): the day before the same date `cycle` later
// (2025-01-15 + 2 years → ends 2027-01-14), or the last day of the month when that month has
// no such day (2024-02-29 + 2 years → ends 2026-02-28). A recorded expiry ends the current
// cycle (cycleOn).
import type { Duration } from '../schemas/common.js';
import { addDays, addMonths, addDuration, periodEnd } from './dates.js';

export function cycleEnd(cycleStart: string, cycle: Duration): string {
  return periodEnd(cycleStart, cycle);
}

export interface Cycle {
  start: string;
  /** The last day of the cycle. */
  end: string;
}

/**
 * The CEU cycle a credential is in on `asOf`, from its recorded cycle start S (issue date or
 * last renewal's) and its recorded expiry E, with cycles of length L:
 * - no expiry recorded: S to the end of a cycle from S (an unrenewed credential expires with it);
 * - an expiry recorded: the last cycle ends on E and starts on E + 1 day − L (a board's expiry
 *   is what HR and the certificate go by). Earlier cycles run back to back before it, the k-th
 *   before starting on E + 1 day − (k+1)·L, down to S: the first cycle starts on S and takes in
 *   what is left before the next one when that is less than a whole cycle (S + L). So an expiry
 *   less than about two cycles after S (a board writing issue + 2 years: issued 2024-11-25,
 *   valid through 2026-11-25) gives the one cycle S..E, and an imported credential renewed
 *   before credtrack (issued 2022-10-20, valid through 2026-11-30) is in 2024-12-01..2026-11-30,
 *   after a first cycle 2022-10-20..2024-11-30.
 * The cycle in force is the latest that has begun by `asOf`: the first one before S, the
 * last one (ending on E) after E.
 */
export function cycleOn(c: { cycle_start: string; expires_on: string | null }, cycle: Duration, asOf: string): Cycle {
  const first = c.cycle_start;
  if (c.expires_on === null) return { start: first, end: periodEnd(first, cycle) };
  const full = addDuration(first, cycle); // a later cycle starts no earlier than this
  const after = addDays(c.expires_on, 1);
  let end = c.expires_on;
  for (let k = 1; ; k++) {
    const start = shift(after, cycle, -k);
    if (start < full) return { start: first, end };
    if (start <= asOf) return { start, end };
    end = addDays(start, -1);
  }
}

/** `date` + k × `every`, counted from `date` each time (so a month end stays anchored). */
export function shift(date: string, every: Duration, k: number): string {
  const months = ((every.years ?? 0) * 12 + (every.months ?? 0)) * k;
  const moved = months ? addMonths(date, months) : date;
  return every.days ? addDays(moved, every.days * k) : moved;
}

/**
 * The cycle a renewal starts, given the last day of the cycle it renews (the credential's
 * expiry): the day after it when renewed on or before that day, so early renewals do not
 * shorten the next cycle; the renewal date when renewed after it.
 */
export function nextCycleStart(currentEnd: string, renewedOn: string): string {
  return renewedOn <= currentEnd ? addDays(currentEnd, 1) : renewedOn;
}
