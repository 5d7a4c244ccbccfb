// CEU cycles: a cycle starts on the issue date (or the start set by the last renewal) and
// ends the day before the same date `cycle` later (2025-01-15 + 2 years → ends 2027-01-14).
import type { Duration } from '../schemas/common.js';
import { addDays, addDuration } from './dates.js';

export function cycleEnd(cycleStart: string, cycle: Duration): string {
  return addDays(addDuration(cycleStart, cycle), -1);
}

/**
 * The cycle a renewal starts: the anniversary (the day after the current cycle ends) when
 * renewed on time, so early renewals do not shorten the next cycle; the renewal date when
 * renewed after the cycle ended.
 */
export function nextCycleStart(currentStart: string, cycle: Duration, renewedOn: string): string {
  const end = cycleEnd(currentStart, cycle);
  return renewedOn <= end ? addDays(end, 1) : renewedOn;
}
