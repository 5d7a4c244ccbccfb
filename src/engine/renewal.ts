// A held credential's renewal state: its expiry, the CEU hours counted in its current cycle,
// and the dates its renewal fee falls due. Pure: reminders and the report share it.
import type { Duration } from '../schemas/common.js';
import type { CredentialRule, Renewal } from '../schemas/rules.js';
import { cycleEnd, cycleOn, shift } from './ceu-cycle.js';
import { credentialOn, currentRecords } from './credentials.js';
import { daysBetween } from './dates.js';
import type { CredentialFact, HourFact } from './facts.js';
import { applyParts } from './requirements/hours.js';
import { type PartResult, shownAgainst, shownShort } from './types.js';

/** Whether the record still stands on `asOf`: lapsed and revoked ones end on their status date. */
export function standsOn(c: CredentialFact, asOf: string): boolean {
  if (c.issued_on > asOf) return false;
  if (c.status === 'lapsed' || c.status === 'revoked') return c.status_on !== null && asOf < c.status_on;
  return true;
}

/**
 * The latest record of each credential code issued by `asOf` (a later record supersedes the
 * earlier ones: currentRecords), as it stood on `asOf`: the cycle and expiry in force before
 * renewals recorded later.
 */
export function latestByCode(credentials: readonly CredentialFact[], asOf: string): CredentialFact[] {
  return currentRecords(credentials, asOf).map((c) => credentialOn(c, asOf));
}

/** The status on `asOf`: a lapse or revocation dated later has not happened yet. */
export function statusOn(c: CredentialFact, asOf: string): CredentialFact['status'] {
  if ((c.status === 'lapsed' || c.status === 'revoked') && standsOn(c, asOf)) return 'active';
  return c.status;
}

export interface Expiry {
  /** The last day the credential is valid. */
  date: string;
  /** `expires_on` when one is recorded; `cycle` when taken from the end of the CEU cycle. */
  from: 'expires_on' | 'cycle';
}

/**
 * The last valid day: the recorded `expires_on`, else (for a credential with a renewal cycle)
 * the end of its current CEU cycle, else none (e.g. a license recorded without an expiry).
 */
export function expiryOf(c: CredentialFact, rule: CredentialRule | undefined): Expiry | null {
  if (c.expires_on !== null) return { date: c.expires_on, from: 'expires_on' };
  if (rule?.renewal) return { date: cycleEnd(c.cycle_start, rule.renewal.cycle), from: 'cycle' };
  return null;
}

export interface CeuStanding {
  cycle_start: string;
  cycle_end: string;
  /** Hours that count toward the total (parts' maximums applied). */
  have: number;
  need: number;
  /** Hours still needed: the larger of the total shortfall and what the parts still need. */
  remaining: number;
  parts: PartResult[];
  /** What each unmet part lacks (`ethics 0 of 6`, `core 19 of 20, mentoring 7 of 8`). */
  short: string[];
}

/** Hours a part still needs: its minimum shortfall or the sum of its domains' shortfalls, the larger. */
function partNeed(part: NonNullable<Renewal['ceu_parts']>[number], byDomain: Map<string, number>): number {
  let have = 0, each = 0;
  for (const d of part.domains) {
    const v = byDomain.get(d) ?? 0;
    have += v;
    if (part.each_minimum !== undefined) each += Math.max(0, part.each_minimum - v);
  }
  return Math.max(part.minimum !== undefined ? Math.max(0, part.minimum - have) : 0, each);
}

/**
 * CEU hours dated inside the current cycle (cycleOn: the one ending on the recorded expiry,
 * else on the computed cycle end) and complete by `asOf`. Nothing before the cycle counts;
 * no carry-over. A deficit is due on the cycle's last day.
 */
export function ceuStanding(c: CredentialFact, renewal: Renewal, hours: HourFact[], asOf: string): CeuStanding {
  const { start, end } = cycleOn(c, renewal.cycle, asOf);
  const byDomain = new Map<string, number>();
  let all = 0;
  for (const h of hours) {
    if (h.category !== 'ceu' || h.date < start || h.date > end || h.end > asOf) continue;
    all += h.hours;
    if (h.domain !== null) byDomain.set(h.domain, (byDomain.get(h.domain) ?? 0) + h.hours);
  }
  const outcome = applyParts(renewal.ceu_parts, byDomain, all);
  let parts = 0;
  for (const p of renewal.ceu_parts ?? []) parts += partNeed(p, byDomain);
  const remaining = Math.max(renewal.ceu_hours - outcome.total, parts, 0);
  // 39.996 of 40 CEU hours is a deficit: shown as such, with 0.004 remaining (not 40 of 40, 0).
  return { cycle_start: start, cycle_end: end, have: shownAgainst(outcome.total, renewal.ceu_hours), need: renewal.ceu_hours,
    remaining: shownShort(remaining), parts: outcome.parts, short: outcome.notes };
}

/** The start of the CEU cycle a credential is in on `asOf` (see cycleOn). */
export function currentCycleStart(c: Pick<CredentialFact, 'cycle_start' | 'expires_on'>, cycle: Duration, asOf: string): string {
  return cycleOn(c, cycle, asOf).start;
}

/**
 * The first renewal-fee date on or after `asOf`: the cycle start + k × `every` (k ≥ 1).
 * Anchored on the cycle start, so a renewal (a new cycle) restarts the schedule.
 */
export function nextFeeDate(cycleStart: string, every: Duration, asOf: string): string {
  const approxDays = ((every.years ?? 0) * 12 + (every.months ?? 0)) * 30.44 + (every.days ?? 0);
  let k = Math.max(1, Math.floor(daysBetween(cycleStart, asOf) / approxDays) - 1);
  while (shift(cycleStart, every, k) < asOf) k++;
  return shift(cycleStart, every, k);
}
