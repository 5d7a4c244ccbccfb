// Progressions: the people in scope gathered once, the payroll calendar resolved (pack or
// overrides), then the pure engine. Also the population and payroll helpers that the
// reminders and report services share.
import type { PersonFacts } from '../engine/facts.js';
import type { PackIndex } from '../engine/pack-index.js';
import type { PayrollCalendar } from '../engine/pay-periods.js';
import { compareProgressions, type ProgressionStatus, progressionsFor } from '../engine/progressions.js';
import { addDays } from '../engine/dates.js';
import { InputError } from '../errors.js';
import { gatherFacts, type Population } from '../store/facts.js';
import { findPerson, listPeople, personIdMap } from '../store/people.js';
import type { Session } from './session.js';

export interface PeopleFilter { site?: string; supervisor?: string; people?: string[] }

/**
 * Facts of the people in scope, in person_id order: active people matching the filters, plus
 * anyone named with `people` whatever their status. One set-based gather either way.
 */
export function gatherPopulation(s: Session, f: PeopleFilter = {}): PersonFacts[] {
  const named = f.people ?? [];
  let pop: Population = 'all';
  if (named.length || f.site !== undefined || f.supervisor !== undefined) {
    let rows: number[];
    if (named.length) {
      const ids = personIdMap(s.db);
      const unknown = named.filter((p) => !ids.has(p));
      if (unknown.length) throw new InputError(`--person: unknown person${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => JSON.stringify(u)).join(', ')}`);
      rows = [...new Set(named.map((p) => ids.get(p)!))];
    } else {
      rows = listPeople(s.db, { site: f.site, supervisor: f.supervisor, status: 'active', asOf: s.asOf }).map((p) => p.rowid);
    }
    pop = rows;
  }
  const out: PersonFacts[] = [];
  for (const facts of gatherFacts(s.db, pop).values()) {
    const p = facts.person;
    if (!named.length && p.status !== 'active') continue;
    if (f.site !== undefined && p.site !== f.site) continue;
    if (f.supervisor !== undefined && p.supervisor_id !== f.supervisor) continue;
    out.push(facts);
  }
  return out;
}

/** Looks up people's emails: from the gathered facts first, else one query per id (cached). */
export function emailLookup(s: Session, people: PersonFacts[]): (id: string) => string | null {
  const known = new Map<string, string | null>();
  for (const f of people) known.set(f.person.id, f.person.email);
  return (id) => {
    if (!known.has(id)) known.set(id, findPerson(s.db, id)?.email ?? null);
    return known.get(id)!;
  };
}

export interface PayrollOverride { anchor?: string; periodDays?: number }

/** The pay-period calendar: the pack's, with either field overridden; null when there is none. */
export function resolvePayroll(index: PackIndex, o: PayrollOverride = {}): PayrollCalendar | null {
  const pack = index.pack.payroll;
  const anchor = o.anchor ?? pack?.anchor;
  const period = o.periodDays ?? pack?.period_days;
  if (anchor === undefined && period === undefined) return null;
  if (anchor === undefined || period === undefined) {
    throw new InputError(`the rule pack has no payroll calendar: give both --payroll-anchor and --period-days`, 'or add payroll: {period_days: 14, anchor: "2026-01-02"} to the pack');
  }
  return { anchor, period_days: period };
}

export interface ProgressionsRequest extends PayrollOverride { within?: number }
export interface ProgressionsResult { as_of: string; progressions: ProgressionStatus[] }

/** Every applicable progression; with `within`, pending ones only when eligible within that many days. */
export function listProgressions(s: Session, req: ProgressionsRequest = {}, people?: PersonFacts[]): ProgressionsResult {
  const index = s.rules();
  const payroll = resolvePayroll(index, req);
  const limit = req.within === undefined ? undefined : addDays(s.asOf, req.within);
  const out: ProgressionStatus[] = [];
  for (const f of people ?? gatherPopulation(s)) {
    for (const p of progressionsFor(index, f, s.asOf, payroll)) {
      if (limit !== undefined && p.status === 'pending' && (p.eligible_on === null || p.eligible_on > limit)) continue;
      out.push(p);
    }
  }
  return { as_of: s.asOf, progressions: out.sort(compareProgressions) };
}
