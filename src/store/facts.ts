// Gathers the engine's facts for many people at once: one set-based query per table,
// whatever the number of people (no query per person).
import { emptyFacts, type PersonFacts } from '../engine/facts.js';
import type { HoursSummaryKey } from '../engine/hour-needs.js';
import type { Db } from './db.js';
import { toPersonInfo, toPersonRecord } from './people.js';

/** Whom to gather: everyone, or these internal row ids. */
export type Population = 'all' | number[];

function scope(pop: Population, column = 'person'): { where: string; args: unknown[] } {
  if (pop === 'all') return { where: '', args: [] };
  return { where: `WHERE ${column} IN (SELECT value FROM json_each(?))`, args: [JSON.stringify(pop)] };
}

const bool = (v: number | null) => (v === null ? null : v === 1);

export interface GatherOptions {
  /** Only hours entries of these categories (default: all); commands that need few skip the rest. */
  hourCategories?: readonly string[];
  /**
   * Instead of every hours entry, one summed entry per group of entries that evaluation as of
   * `key.asOf` cannot tell apart (engine/hour-needs.ts, hoursSummaryKey): aggregated in SQL
   * over the covering index hours_summary. Entries ending after as-of are left out.
   */
  hoursSummary?: HoursSummaryKey;
}

/** The summed hours of `where`: SQL and its arguments before those of `where` itself. */
function summaryQuery(key: HoursSummaryKey, where: string): { sql: string; head: unknown[]; tail: unknown[] } {
  // A topic counts only when some requirement excludes it. SQLite's lower() folds ASCII only,
  // so a topic with other characters is kept as it is and the engine compares it itself.
  const topic = key.topics.length
    ? `CASE WHEN topic IS NULL THEN NULL WHEN lower(topic) IN (SELECT value FROM json_each(?)) THEN lower(topic) WHEN topic GLOB '*[^ -~]*' THEN topic END`
    : 'NULL';
  const side = key.boundaries.length ? key.boundaries.map(() => '(date >= ?)').join(' + ') : '0';
  const sql = `SELECT person, category, domain, supervised, paid, ${topic} AS t, ${side} AS side,
      sum(hours), min(date), max(coalesce(end_date, date))
    FROM hours ${where ? `${where} AND` : 'WHERE'} coalesce(end_date, date) <= ?
    GROUP BY person, category, domain, supervised, paid, t, side`;
  return { sql, head: [...(key.topics.length ? [JSON.stringify(key.topics)] : []), ...key.boundaries], tail: [key.asOf] };
}

/** Facts keyed by internal row id, in person_id order. */
export function gatherFacts(db: Db, pop: Population, opts: GatherOptions = {}): Map<number, PersonFacts> {
  const facts = new Map<number, PersonFacts>();
  const people = scope(pop, 'id');
  for (const r of db.prepare(`SELECT * FROM people ${people.where} ORDER BY person_id`).all(...people.args) as Parameters<typeof toPersonRecord>[0][]) {
    facts.set(r.id, emptyFacts(toPersonInfo(toPersonRecord(r))));
  }
  if (facts.size === 0) return facts;
  const s = scope(pop);

  const cats = opts.hourCategories;
  if (opts.hoursSummary) {
    const q = summaryQuery(opts.hoursSummary, s.where);
    for (const [person, category, domain, supervised, paid, topic, , h, date, end] of db.prepare(q.sql).raw().iterate(...q.head, ...s.args, ...q.tail) as Iterable<any[]>) {
      facts.get(person)?.hours.push({ date, end, category, hours: h, domain, supervised: bool(supervised), paid: bool(paid), topic });
    }
  } else if (!cats || cats.length) {
    const hoursWhere = cats ? `${s.where ? `${s.where} AND` : 'WHERE'} category IN (SELECT value FROM json_each(?))` : s.where;
    const hours = db.prepare(`SELECT person, date, end_date, category, hours, domain, supervised, paid, topic FROM hours ${hoursWhere}`).raw();
    for (const [person, date, end, category, h, domain, supervised, paid, topic] of hours.iterate(...s.args, ...(cats ? [JSON.stringify(cats)] : [])) as Iterable<any[]>) {
      facts.get(person)?.hours.push({ date, end: end ?? date, category, hours: h, domain, supervised: bool(supervised), paid: bool(paid), topic });
    }
  }
  for (const r of db.prepare(`SELECT person, exam, date, result, score FROM exams ${s.where}`).all(...s.args) as any[]) {
    facts.get(r.person)?.exams.push({ exam: r.exam, date: r.date, result: r.result, score: r.score });
  }
  for (const r of db.prepare(`SELECT person, code, number, issued_on, expires_on, status, status_on, cycle_start FROM credentials ${s.where} ORDER BY issued_on`).all(...s.args) as any[]) {
    const { person, ...c } = r;
    facts.get(person)?.credentials.push(c);
  }
  for (const r of db.prepare(`SELECT person, position, start_date, end_date, field, supervised FROM positions ${s.where} ORDER BY start_date`).all(...s.args) as any[]) {
    facts.get(r.person)?.positions.push({ position: r.position, start: r.start_date, end: r.end_date, field: r.field, supervised: bool(r.supervised) });
  }
  for (const r of db.prepare(`SELECT person, date, rating FROM evaluations ${s.where} ORDER BY date`).all(...s.args) as any[]) {
    facts.get(r.person)?.evaluations.push({ date: r.date, rating: r.rating });
  }
  for (const r of db.prepare(`SELECT person, type, date, result, expires_on FROM screenings ${s.where} ORDER BY date`).all(...s.args) as any[]) {
    facts.get(r.person)?.screenings.push({ type: r.type, date: r.date, result: r.result, expires_on: r.expires_on });
  }
  for (const r of db.prepare(`SELECT person, progression, date FROM approvals ${s.where}`).all(...s.args) as any[]) {
    facts.get(r.person)?.approvals.push({ progression: r.progression, date: r.date });
  }
  return facts;
}

/**
 * Adds hours entries to already-gathered facts, per person from a date on (`since`: row id →
 * first date; people not in it get none), optionally only some categories. For commands that
 * need only a recent slice of the hours (e.g. CEU hours of the current cycle).
 */
export function gatherHoursSince(db: Db, facts: Map<number, PersonFacts>, since: Map<number, string>, categories?: readonly string[]): void {
  if (since.size === 0) return;
  const cats = categories ? 'AND h.category IN (SELECT value FROM json_each(?))' : '';
  const sql = `SELECT h.person, h.date, h.end_date, h.category, h.hours, h.domain, h.supervised, h.paid, h.topic
    FROM json_each(?) j JOIN hours h ON h.person = j.key AND h.date >= j.value ${cats}`;
  const args: unknown[] = [JSON.stringify(Object.fromEntries(since)), ...(categories ? [JSON.stringify(categories)] : [])];
  for (const [person, date, end, category, h, domain, supervised, paid, topic] of db.prepare(sql).raw().iterate(...args) as Iterable<any[]>) {
    facts.get(person)?.hours.push({ date, end: end ?? date, category, hours: h, domain, supervised: bool(supervised), paid: bool(paid), topic });
  }
}

/**
 * Row ids in person_id order: of `pop`, or of everyone; with `activeOnly`, only active people
 * (plus any whose person_id is in `alsoNamed`, whatever their status).
 */
export function populationIds(db: Db, pop: Population, opts: { activeOnly?: boolean; alsoNamed?: readonly string[] } = {}): number[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (pop !== 'all') { where.push('id IN (SELECT value FROM json_each(?))'); args.push(JSON.stringify(pop)); }
  if (opts.activeOnly) {
    where.push(`(status = 'active' OR person_id IN (SELECT value FROM json_each(?)))`);
    args.push(JSON.stringify(opts.alsoNamed ?? []));
  }
  const sql = `SELECT id FROM people ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY person_id`;
  return (db.prepare(sql).raw().all(...args) as [number][]).map((r) => r[0]);
}
