// `experience`: months of position periods in given fields or positions, overlaps counted once.
import type { ExperienceRequirement } from '../../schemas/rules.js';
import { addDays, dateAfterMonths, maxDate, monthsServed } from '../dates.js';
import type { PositionFact } from '../facts.js';
import { type Evaluator, round2 } from '../types.js';

export interface Interval {
  start: string;
  endExclusive: string;
  /** Still running on the as-of date. */
  open: boolean;
  /** The day accrual stops (exclusive) for a running period with a known end; null when open-ended. */
  until: string | null;
}

/** Matching periods as of `asOf`, merged: a day counts once however many positions cover it. */
export function experienceIntervals(req: Pick<ExperienceRequirement, 'fields' | 'positions' | 'supervised'>,
  positions: PositionFact[], asOf: string): Interval[] {
  const fields = req.fields ? new Set<string>(req.fields) : undefined;
  const codes = req.positions ? new Set(req.positions) : undefined;
  const raw: Interval[] = [];
  for (const p of positions) {
    const inField = fields !== undefined && p.field !== null && fields.has(p.field);
    const inPosition = codes !== undefined && codes.has(p.position);
    if ((fields || codes) && !inField && !inPosition) continue;
    if (req.supervised !== undefined && (p.supervised ?? false) !== req.supervised) continue;
    // A period starting on the as-of date has served nothing yet, but is running: it projects.
    if (p.start > asOf) continue;
    // The as-of day itself is still in progress: time served runs up to (not including) it.
    const end = p.end === null ? asOf : addDays(p.end, 1);
    raw.push({ start: p.start, endExclusive: end < asOf ? end : asOf, open: p.end === null || p.end >= asOf, until: p.end === null ? null : end });
  }
  raw.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const merged: Interval[] = [];
  for (const iv of raw) {
    const last = merged[merged.length - 1];
    if (last && iv.start <= last.endExclusive) {
      if (iv.endExclusive > last.endExclusive) last.endExclusive = iv.endExclusive;
      if (iv.open) {
        if (!last.open) last.until = iv.until;
        else if (last.until !== null) last.until = iv.until === null ? null : maxDate(iv.until, last.until);
        last.open = true;
      }
    } else {
      merged.push({ start: iv.start, endExclusive: iv.endExclusive, open: iv.open, until: iv.until });
    }
  }
  return merged;
}

export const evaluateExperience: Evaluator<ExperienceRequirement> = (req, facts, ctx) => {
  const intervals = experienceIntervals(req, facts.positions, ctx.asOf);
  let have = 0;
  for (const iv of intervals) have += monthsServed(iv.start, iv.endExclusive);
  const met = have >= req.months - 1e-9;
  const where = [
    req.fields ? `in ${req.fields.join('/')}` : '',
    req.positions ? `as ${req.positions.join('/')}` : '',
  ].filter(Boolean).join(' or ');
  const result = {
    id: req.id, type: 'experience' as const, met,
    have: round2(have), need: req.months, remaining: round2(Math.max(0, req.months - have)),
    detail: `${round2(have)} of ${req.months} months${req.supervised ? ' supervised' : ''} experience${where ? ` ${where}` : ''}`,
  };
  if (met) return { result, eta: ctx.asOf };
  // Time keeps accruing only in a period still open on the as-of date.
  const current = intervals.find((iv) => iv.open && iv.endExclusive === ctx.asOf);
  if (!current) return { result, eta: null };
  const before = have - monthsServed(current.start, current.endExclusive);
  let eta = dateAfterMonths(current.start, req.months - before);
  // A period with a known end stops accruing after it.
  if (current.until !== null && eta > current.until) return { result, eta: null };
  if (eta < ctx.asOf) eta = ctx.asOf;
  return { result, eta };
};
