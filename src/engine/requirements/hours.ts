// `hours`: a sum of hours entries of one category, with filters, parts, span and pace.
import type { HoursRequirement, Part } from '../../schemas/rules.js';
import { addDays, addDuration, dayNumber, formatDuration, windowStart } from '../dates.js';
import type { HourFact } from '../facts.js';
import { daysToMeet, daysToMeetWithin, type Sum } from '../hours-projection.js';
import { type Evaluated, type Evaluator, HOURS_EPSILON, type PartResult, round2, shownAgainst, shownShort } from '../types.js';

type Filters = Pick<HoursRequirement, 'category' | 'supervised' | 'paid' | 'domains' | 'within' | 'exclude_topics'>;

/** A requirement's domains and excluded topics as sets, made once per requirement (rules are evaluated for every person). */
const filterSets = new WeakMap<Filters, { domains?: Set<string>; excluded?: Set<string> }>();
function setsOf(req: Filters) {
  let sets = filterSets.get(req);
  if (!sets) {
    sets = {
      domains: req.domains ? new Set<string>(req.domains) : undefined,
      excluded: req.exclude_topics ? new Set(req.exclude_topics.map((t) => t.toLowerCase())) : undefined,
    };
    filterSets.set(req, sets);
  }
  return sets;
}

/** What a requirement counts of a person's entries, in one pass (rules are evaluated for every person). */
interface Tally {
  /** The entries counted on `asOf`: complete by then, inside the requirement's window and filters. */
  counted: Sum;
  /** Those of them dated inside the pace window (from `paceStart`), and how many there are. */
  recent: Sum;
  recentEntries: number;
  /** The first day and the last day the counted entries cover. */
  first?: string;
  last?: string;
}

function add(sum: Sum, h: HourFact): void {
  sum.all += h.hours;
  if (h.domain !== null) sum.byDomain.set(h.domain, (sum.byDomain.get(h.domain) ?? 0) + h.hours);
}

/** Whether an entry counts as of `asOf` (complete, dated from `start` on when there is a window, and through the filters). */
function counts(req: Filters, sets: ReturnType<typeof setsOf>, h: HourFact, asOf: string, start: string | undefined): boolean {
  if (h.category !== req.category || h.end > asOf) return false;
  if (start !== undefined && h.date < start) return false;
  if (req.supervised !== undefined && (h.supervised ?? false) !== req.supervised) return false;
  if (req.paid !== undefined && (h.paid ?? false) !== req.paid) return false;
  const { domains, excluded } = sets;
  if (domains && (h.domain === null || !domains.has(h.domain))) return false;
  if (excluded && h.topic !== null && excluded.has(h.topic.toLowerCase())) return false;
  return true;
}

function tally(req: Filters, hours: HourFact[], asOf: string, paceStart: string): Tally {
  const start = req.within ? windowStart(asOf, req.within) : undefined;
  const sets = setsOf(req);
  const t: Tally = { counted: { all: 0, byDomain: new Map() }, recent: { all: 0, byDomain: new Map() }, recentEntries: 0 };
  for (const h of hours) {
    if (!counts(req, sets, h, asOf, start)) continue;
    add(t.counted, h);
    if (h.date >= paceStart) {
      add(t.recent, h);
      t.recentEntries++;
    }
    if (t.first === undefined || h.date < t.first) t.first = h.date;
    if (t.last === undefined || h.end > t.last) t.last = h.end;
  }
  return t;
}

export interface PartsOutcome {
  parts: PartResult[];
  /** Hours that count toward the total once the parts' maximums are applied. */
  total: number;
  met: boolean;
  /** Hours still needed by unmet parts, with the domains that can supply them. */
  shortfalls: { need: number; domains: string[] }[];
  /** Hours the parts still need in all: per part, the larger of its minimum's and its domains' shortfalls. */
  need: number;
  /** What each unmet part lacks, for the detail line (e.g. `ethics 0 of 6`, `core 19 of 20, mentoring 7 of 8`). */
  notes: string[];
}

/** Applies `parts` (minimum, each_minimum, maximum) to per-domain sums. */
export function applyParts(parts: Part[] | undefined, byDomain: Map<string, number>, all: number): PartsOutcome {
  let total = all;
  let met = true;
  let need = 0;
  const notes: string[] = [];
  const shortfalls: PartsOutcome['shortfalls'] = [];
  const results: PartResult[] = [];
  for (const part of parts ?? []) {
    const domains: Record<string, number> = {};
    let have = 0;
    for (const d of part.domains) {
      const v = byDomain.get(d) ?? 0;
      domains[d] = part.each_minimum !== undefined ? shownAgainst(v, part.each_minimum) : round2(v);
      have += v;
    }
    let ok = true;
    let minNeed = 0, eachNeed = 0;
    const short: string[] = [];
    // Shown against the part's minimum: 5.996 of 6 ethics hours is short and must not read "6 of 6".
    const shownHave = part.minimum !== undefined ? shownAgainst(have, part.minimum) : round2(have);
    const r: PartResult = { id: part.id, have: shownHave, met: true };
    if (part.minimum !== undefined) {
      r.minimum = part.minimum;
      if (have < part.minimum - HOURS_EPSILON) {
        ok = false;
        minNeed = part.minimum - have;
        shortfalls.push({ need: minNeed, domains: part.domains });
      }
    }
    if (part.each_minimum !== undefined) {
      r.each_minimum = part.each_minimum;
      r.domains = domains;
      for (const d of part.domains) {
        const v = byDomain.get(d) ?? 0;
        if (v < part.each_minimum - HOURS_EPSILON) {
          ok = false;
          eachNeed += part.each_minimum - v;
          shortfalls.push({ need: part.each_minimum - v, domains: [d] });
          short.push(`${d} ${domains[d]} of ${part.each_minimum}`);
        }
      }
    }
    // Every shortfall of an unmet part: its total when that is short, and each domain under
    // each_minimum (core 19 of 20 is fixed by any core hour, mentoring 7 of 8 only by mentoring).
    if (minNeed > 0) notes.push(`${part.id} ${shownHave} of ${part.minimum}`);
    notes.push(...short);
    need += Math.max(minNeed, eachNeed);
    if (part.maximum !== undefined) {
      const counted = Math.min(have, part.maximum);
      r.counted = round2(counted);
      r.maximum = part.maximum;
      total -= have - counted;
    }
    r.met = ok;
    met &&= ok;
    results.push(r);
  }
  return { parts: results, total, met, shortfalls, need, notes };
}

/** What a requirement counts, in words ("supervised work hours"): made once per requirement. */
const descriptions = new WeakMap<HoursRequirement, string>();
function describe(req: HoursRequirement): string {
  let text = descriptions.get(req);
  if (text === undefined) descriptions.set(req, (text = describeOnce(req)));
  return text;
}

function describeOnce(req: HoursRequirement): string {
  const words: string[] = [];
  if (req.supervised === true) words.push('supervised');
  if (req.supervised === false) words.push('unsupervised');
  if (req.paid === true) words.push('paid');
  if (req.paid === false) words.push('volunteer');
  words.push(req.category === 'ceu' ? 'CEU' : req.category, 'hours');
  if (req.within) words.push(`in the last ${formatDuration(req.within)}`);
  return words.join(' ');
}

/** The last date a YYYY-MM-DD can name. */
const LAST_DAY = dayNumber('9999-12-31');

export const evaluateHours: Evaluator<HoursRequirement> = (req, facts, ctx): Evaluated => {
  const t = tally(req, facts.hours, ctx.asOf, ctx.paceStart);
  const { byDomain, all } = t.counted;
  const outcome = applyParts(req.parts, byDomain, all);
  // Judged on the exact sums (within HOURS_EPSILON), shown so the figures agree with the verdict:
  // 1499.996 of 1500 is "1499.996 of 1500", 0.004 remaining, not met.
  const have = shownAgainst(outcome.total, req.minimum);
  const totalShort = Math.max(0, req.minimum - outcome.total);
  // Hours still to earn: the total's shortfall, or what unmet parts still need if that is more.
  const remaining = shownShort(Math.max(totalShort, outcome.need));

  let spanMet = true;
  let spanEta: string | null = ctx.asOf;
  let spanNote = '';
  if (req.span) {
    const { first, last } = t;
    const reach = first ? addDuration(first, req.span) : undefined;
    spanMet = reach !== undefined && last !== undefined && reach <= addDays(last, 1);
    if (!spanMet) {
      spanNote = `; must spread over ${formatDuration(req.span)}`;
      spanEta = reach ? addDays(reach, -1) : null;
    }
  }

  const met = totalShort <= HOURS_EPSILON && outcome.met && spanMet;
  const partNote = outcome.notes.length ? `; short: ${outcome.notes.join(', ')}` : '';
  const result: Evaluated['result'] = {
    id: req.id, type: 'hours', met, have, need: req.minimum, remaining,
    detail: `${have} of ${req.minimum} ${describe(req)}${partNote}${spanNote}`,
  };
  if (req.domains) {
    const domains: Record<string, number> = {};
    for (const d of req.domains) domains[d] = round2(byDomain.get(d) ?? 0);
    result.domains = domains;
  }
  if (req.parts) result.parts = outcome.parts;
  if (met) return { result, eta: ctx.asOf };

  // A span is reached only by entries still to come: none in the pace window, no projection.
  if (!spanMet && t.recentEntries === 0) return { result, eta: null };
  // Projection: the pace of the last 90 days going on, per need (the total, capped parts adding
  // at most up to their maximum, and each unmet part); with a window, entries leave it meanwhile.
  let days = daysToMeet(req, t.counted, outcome, t.recent);
  if (days !== null && days > 0 && req.within && t.first !== undefined) {
    const within = req.within;
    const start = windowStart(ctx.asOf, within);
    days = daysToMeetWithin({
      req: { minimum: req.minimum, parts: req.parts, within }, asOf: ctx.asOf, have: t.counted, recent: t.recent, ignoringExits: days,
      first: t.first, counted: () => { const sets = setsOf(req); return facts.hours.filter((h) => counts(req, sets, h, ctx.asOf, start)); },
      standing: (have) => applyParts(req.parts, have.byDomain, have.all),
    });
  }
  if (days === null || spanEta === null) return { result, eta: null };
  // At a pace so slow (a 0.00001-hour entry) the date would fall past the calendar, there is none.
  if (dayNumber(ctx.asOf) + days > LAST_DAY) return { result, eta: null };
  const eta = addDays(ctx.asOf, days);
  return { result, eta: eta > spanEta ? eta : spanEta };
};
