// Progressions: the people in scope gathered once, the payroll calendar resolved (pack or
// overrides), then the pure engine. Also the population and payroll helpers that the
// reminders and report services share.
import type { PersonFacts } from '../engine/facts.js';
import type { PackIndex } from '../engine/pack-index.js';
import type { PayrollCalendar } from '../engine/pay-periods.js';
import { compareProgressions, type ProgressionStatus, progressionsFor } from '../engine/progressions.js';
import { addDays } from '../engine/dates.js';
import { factTables, type HoursNeed, progressionHourCategories } from '../engine/hour-needs.js';
import { InputError } from '../errors.js';
import { addRecords, type FactTable, gatherFacts, gatherHoursSince, holdersOn, type Population, rowIds, supervisorEmails } from '../store/facts.js';
import { findPerson, listPeople } from '../store/people.js';
import type { Session } from './session.js';

export interface PeopleFilter { site?: string; supervisor?: string; people?: string[] }

/** Which hours entries to read for a person (null: none); absent: all of everyone's. */
export type HoursScope = (f: PersonFacts) => HoursNeed | null;

/** The records to read of everyone, and the others a person needs; absent: all of everyone's. */
export interface TablesScope { base: readonly FactTable[]; extra(f: PersonFacts): Iterable<string> }

/** Row ids in scope, or 'all': active people matching the filters, plus anyone named whatever their status. */
export function scopeOf(s: Session, f: PeopleFilter): Population {
  const named = f.people ?? [];
  if (named.length) {
    const ids = rowIds(s.db, named);
    const unknown = named.filter((p) => !ids.has(p));
    if (unknown.length) throw new InputError(`--person: unknown person${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => JSON.stringify(u)).join(', ')}`, `check the id${unknown.length > 1 ? 's' : ''} with \`credtrack people list\``);
    return [...new Set(named.map((p) => ids.get(p)!))];
  }
  if (f.site === undefined && f.supervisor === undefined) return 'all';
  checkFilters(s, f);
  return listPeople(s.db, { site: f.site, supervisor: f.supervisor, status: 'active', asOf: s.asOf }).map((p) => p.rowid);
}

/**
 * A site or supervisor no one on record has is a typo, not an empty team: refused (exit 2),
 * as an unknown --person is, instead of printing nothing as if nothing were due.
 */
export function checkFilters(s: Session, f: PeopleFilter): void {
  const has = (sql: string, value: string) => s.db.prepare(sql).get(value) !== undefined;
  if (f.site !== undefined && !has('SELECT 1 FROM people WHERE site = ? LIMIT 1', f.site)) {
    const sites = s.db.prepare('SELECT DISTINCT site FROM people WHERE site IS NOT NULL ORDER BY site LIMIT 11').pluck().all() as string[];
    throw new InputError(`--site: no one on record is at site ${JSON.stringify(f.site)}`, sites.length ? `sites: ${sites.slice(0, 10).join(', ')}${sites.length > 10 ? ', …' : ''}` : undefined);
  }
  if (f.supervisor !== undefined && !has('SELECT 1 FROM people WHERE supervisor_id = ? LIMIT 1', f.supervisor)) {
    throw new InputError(`--supervisor: no one on record is supervised by ${JSON.stringify(f.supervisor)}`, "give the supervisor's person id, as in `credtrack people list --supervisor ID`");
  }
}

/** Drops the people the filters leave out: the inactive (unless named), other sites and supervisors. */
export function keepInScope(facts: Map<number, PersonFacts>, f: PeopleFilter): void {
  const named = f.people?.length ? true : false;
  for (const [id, x] of facts) {
    const p = x.person;
    if ((!named && p.status !== 'active') || (f.site !== undefined && p.site !== f.site) || (f.supervisor !== undefined && p.supervisor_id !== f.supervisor)) facts.delete(id);
  }
}

/** Adds the records each person needs (`tables(facts)`), each table read once for all who need it. */
export function addNeededRecords(s: Session, facts: Map<number, PersonFacts>, tables: (f: PersonFacts) => Iterable<string>): void {
  const extra = new Map<string, number[]>();
  for (const [id, x] of facts) {
    for (const t of tables(x)) {
      let ids = extra.get(t);
      if (!ids) extra.set(t, (ids = []));
      ids.push(id);
    }
  }
  for (const [t, ids] of extra) addRecords(s.db, facts, ids, [t as FactTable]);
}

/** Adds the hours each person needs, one query per kind of need. */
export function addNeededHours(s: Session, facts: Map<number, PersonFacts>, hours: HoursScope): void {
  const groups = new Map<string, { categories?: readonly string[]; since: Map<number, string> }>();
  for (const [id, x] of facts) {
    const need = hours(x);
    if (!need) continue;
    const key = need.categories ? JSON.stringify(need.categories) : '*';
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { categories: need.categories, since: new Map() }));
    g.since.set(id, need.since);
  }
  for (const g of groups.values()) gatherHoursSince(s.db, facts, g.since, g.categories);
}

/**
 * Facts of the people of `pop` that pass the filters; with `hours`, only the hours each needs;
 * with `tables`, only the records each needs.
 */
function gatherBatch(s: Session, pop: Population, f: PeopleFilter, hours?: HoursScope, tables?: TablesScope): Map<number, PersonFacts> {
  const facts = gatherFacts(s.db, pop, { ...(hours ? { hourCategories: [] } : {}), ...(tables ? { tables: tables.base } : {}) });
  keepInScope(facts, f);
  if (tables) addNeededRecords(s, facts, (x) => tables.extra(x));
  if (hours) addNeededHours(s, facts, hours);
  return facts;
}

/**
 * Facts of the people in scope, in person_id order, in a few set-based queries. With `hours`,
 * the hours are read afterwards, only what each person needs (the slice of a CEU cycle is a
 * small part of a large hours table).
 */
export function gatherPopulation(s: Session, f: PeopleFilter = {}, hours?: HoursScope, tables?: TablesScope): PersonFacts[] {
  return [...gatherBatch(s, scopeOf(s, f), f, hours, tables).values()];
}

/** People per batch of a whole-population pass. */
const BATCH = 5_000;

/** Looks up supervisors' emails: from gathered facts when given, else all supervisors' at once on first use. */
export function emailLookup(s: Session, people: PersonFacts[] = []): (id: string) => string | null {
  const known = new Map<string, string | null>();
  for (const f of people) known.set(f.person.id, f.person.email);
  let supervisors: Map<string, string | null> | undefined;
  return (id) => {
    if (!known.has(id)) {
      supervisors ??= supervisorEmails(s.db);
      known.set(id, supervisors.has(id) ? supervisors.get(id)! : findPerson(s.db, id)?.email ?? null);
    }
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

/**
 * Facts of the active people holding a `from` position on as-of, a batch at a time: their
 * positions, only the records and hours the progressions' requirements read.
 */
function* fromPositionHolders(s: Session, index: PackIndex): Generator<PersonFacts> {
  const rows = holdersOn(s.db, [...new Set(index.progressions.map((p) => p.from))], s.asOf);
  const tables = new Set<string>(['positions']);
  for (const p of index.progressions) factTables(p.requirements, tables);
  const opts = { hourCategories: progressionHourCategories(index), tables: [...tables] as FactTable[] };
  for (let i = 0; i < rows.length; i += BATCH) yield* gatherFacts(s.db, rows.slice(i, i + BATCH), opts).values();
}

export interface ProgressionsRequest extends PayrollOverride { within?: number }
export interface ProgressionsResult { as_of: string; progressions: ProgressionStatus[] }

/** Every applicable progression; with `within`, pending ones only when eligible within that many days. */
export function listProgressions(s: Session, req: ProgressionsRequest = {}, people?: PersonFacts[]): ProgressionsResult {
  const index = s.rules();
  const payroll = resolvePayroll(index, req);
  const limit = req.within === undefined ? undefined : addDays(s.asOf, req.within);
  const out: ProgressionStatus[] = [];
  for (const f of people ?? fromPositionHolders(s, index)) {
    for (const p of progressionsFor(index, f, s.asOf, payroll)) {
      if (limit !== undefined && p.status === 'pending' && (p.eligible_on === null || p.eligible_on > limit)) continue;
      out.push(p);
    }
  }
  return { as_of: s.asOf, progressions: out.sort(compareProgressions) };
}
