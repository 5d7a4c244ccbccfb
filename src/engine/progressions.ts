// Progressions (SPEC §5): for a person in a progression's `from` position, when the time
// requirements are met (eligible_on), the pay period it takes effect (effective_on), and
// whether it is pending, due or blocked.
import type { Progression, Requirement } from '../schemas/rules.js';
import { addDays, dateAfterMonths, monthsServed } from './dates.js';
import { evaluateRequirement, makeContext } from './evaluate.js';
import { displayName, type PersonFacts, type PositionFact } from './facts.js';
import type { PackIndex } from './pack-index.js';
import { type PayrollCalendar, payPeriodStartOnOrAfter } from './pay-periods.js';
import { experienceIntervals } from './requirements/experience.js';

export type ProgressionState = 'pending' | 'due' | 'blocked';

export interface ProgressionStatus {
  person: string;
  name: string;
  progression: string;
  from: string;
  to: string;
  /** Start of the unbroken run of `from` periods the person is in. */
  start: string;
  /** The day every time requirement is met (null: not at the current facts, e.g. no qualifying period). */
  eligible_on: string | null;
  /** The first pay-period start on or after eligible_on (or eligible_on itself, see effectiveDate). */
  effective_on: string | null;
  status: ProgressionState;
  /** Unmet requirement ids: what blocks a blocked one, what is still missing today for a pending one. */
  blocked_by: string[];
}

/** Far enough ahead that an open-ended period is taken to run on. */
const HORIZON = '9999-12-31';

const heldOn = (p: PositionFact, date: string) => p.start <= date && (p.end === null || p.end >= date);

/** Start of the unbroken run of `code` periods (adjoining or overlapping) held on `asOf`, or null. */
export function currentRunStart(positions: PositionFact[], code: string, asOf: string): string | null {
  const periods = positions.filter((p) => p.position === code && p.start <= asOf).sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  let start: string | null = null;
  let end: string | null = null; // null: open-ended
  let open = false;
  for (const p of periods) {
    const joins = start !== null && (open || p.start <= addDays(end!, 1));
    if (!joins) { start = p.start; end = p.end; open = p.end === null; continue; }
    if (p.end === null) open = true;
    else if (!open && p.end > end!) end = p.end;
  }
  return start !== null && (open || end! >= asOf) ? start : null;
}

/** Time requirements accrue by themselves: experience, or a group of nothing else. */
export function isTimeRequirement(req: Requirement): boolean {
  if (req.type === 'experience') return true;
  if (req.type === 'all_of' || req.type === 'any_of') return req.requirements.every(isTimeRequirement);
  return false;
}

/**
 * The day a time requirement is (or will be) met: months of matching periods that started by
 * `asOf`, open-ended ones taken to continue. Null when it will not be met at these facts.
 */
export function timeMetOn(req: Requirement, positions: PositionFact[], asOf: string): string | null {
  if (req.type === 'experience') {
    const known = positions.filter((p) => p.start <= asOf);
    let before = 0;
    for (const iv of experienceIntervals(req, known, HORIZON)) {
      const served = monthsServed(iv.start, iv.endExclusive);
      if (before + served >= req.months - 1e-9) return dateAfterMonths(iv.start, req.months - before);
      before += served;
    }
    return null;
  }
  if (req.type === 'all_of' || req.type === 'any_of') {
    const dates = req.requirements.map((r) => timeMetOn(r, positions, asOf));
    if (req.type === 'all_of') return dates.includes(null) ? null : dates.reduce<string>((a, b) => (b! > a ? b! : a), '');
    const known = dates.filter((d): d is string => d !== null);
    return known.length ? known.reduce((a, b) => (b < a ? b : a)) : null;
  }
  return null;
}

/** When a progression eligible on `eligible` takes effect: the next pay-period start, or the day itself. */
export function effectiveDate(p: Progression, eligible: string, payroll: PayrollCalendar | null): string {
  return p.effective === 'next_pay_period' && payroll ? payPeriodStartOnOrAfter(eligible, payroll) : eligible;
}

/** One progression for one person, or null when they are not in its `from` position (or already in `to`). */
export function evaluateProgression(index: PackIndex, p: Progression, facts: PersonFacts, asOf: string, payroll: PayrollCalendar | null): ProgressionStatus | null {
  const start = currentRunStart(facts.positions, p.from, asOf);
  if (start === null) return null;
  // Already in (or recorded ahead into) the `to` position.
  if (facts.positions.some((x) => x.position === p.to && (x.end === null || x.end >= asOf))) return null;

  const ctx = makeContext(index.pack, asOf, { progression: p, periodStart: start });
  const blocked: string[] = [];
  let eligible: string | null = start;
  for (const req of p.requirements) {
    if (isTimeRequirement(req)) {
      const on = timeMetOn(req, facts.positions, asOf);
      if (on === null) { eligible = null; blocked.push(req.id); }
      else if (eligible !== null && on > eligible) eligible = on;
    } else if (!evaluateRequirement(req, facts, ctx).result.met) {
      blocked.push(req.id);
    }
  }
  const status: ProgressionState = eligible === null ? 'blocked' : eligible > asOf ? 'pending' : blocked.length ? 'blocked' : 'due';
  return {
    person: facts.person.id, name: displayName(facts.person), progression: p.id, from: p.from, to: p.to, start,
    eligible_on: eligible, effective_on: eligible === null ? null : effectiveDate(p, eligible, payroll), status, blocked_by: blocked,
  };
}

/** Every progression of the pack that applies to a person on `asOf`. */
export function progressionsFor(index: PackIndex, facts: PersonFacts, asOf: string, payroll: PayrollCalendar | null): ProgressionStatus[] {
  const out: ProgressionStatus[] = [];
  for (const p of index.progressions) {
    if (!facts.positions.some((x) => x.position === p.from && heldOn(x, asOf))) continue;
    const r = evaluateProgression(index, p, facts, asOf, payroll);
    if (r) out.push(r);
  }
  return out;
}

const ORDER: Record<ProgressionState, number> = { due: 0, blocked: 1, pending: 2 };

/** Due first, then blocked, then pending; earliest eligible first; then by person. */
export function compareProgressions(a: ProgressionStatus, b: ProgressionStatus): number {
  return ORDER[a.status] - ORDER[b.status]
    || (a.eligible_on ?? '~').localeCompare(b.eligible_on ?? '~')
    || a.person.localeCompare(b.person) || a.progression.localeCompare(b.progression);
}
