// Gathers the engine's facts for many people at once: one set-based query per table,
// whatever the number of people (no query per person).
import { type CredentialFact, emptyFacts, type PersonFacts } from '../engine/facts.js';
import type { CategoryKey, HoursSummaryKey } from '../engine/hour-needs.js';
import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';

/** Whom to gather: everyone, or these internal row ids. */
export type Population = 'all' | number[];

interface Scope { where: string; args: unknown[]; all: boolean }

function scope(pop: Population, column = 'person'): Scope {
  if (pop === 'all') return { where: '', args: [], all: true };
  return { where: `WHERE ${column} IN (SELECT value FROM json_each(?))`, args: [JSON.stringify(pop)], all: pop.length > 10_000 };
}

/** A batch's rows at once (fewer calls into the driver); many people's one at a time (bounded memory). */
function rows(st: Statement<unknown[]>, s: Scope, args: unknown[] = s.args): Iterable<any[]> {
  return (s.all ? st.iterate(...args) : st.all(...args)) as Iterable<any[]>;
}

const bool = (v: number | null) => (v === null ? null : v === 1);

export interface GatherOptions {
  /** Only hours entries of these categories (default: all); commands that need few skip the rest. */
  hourCategories?: readonly string[];
  /**
   * Instead of every hours entry, one summed entry per group of entries that evaluation as of
   * `key.asOf` cannot tell apart (engine/hour-needs.ts, hoursSummaryKey): aggregated in SQL
   * over the covering index hours_summary. Entries ending after as-of, and of categories the
   * key does not count, are left out.
   */
  hoursSummary?: HoursSummaryKey;
  /** Only these records besides people and hours (default: all); the others stay empty. */
  tables?: readonly FactTable[];
}

/** The summed hours of `where`: SQL and its arguments before those of `where` itself. */
function summaryQuery(key: HoursSummaryKey, where: string): { sql: string; head: unknown[]; tail: unknown[] } {
  const head: unknown[] = [];
  /** A field where some requirement on the entry's category looks at it, else NULL (one group). */
  const only = (field: keyof Omit<CategoryKey, 'category'>, expr: string) => {
    const cats = key.categories.filter((c) => c[field]).map((c) => c.category);
    if (cats.length === 0) return 'NULL';
    if (cats.length === key.categories.length) return expr;
    head.push(JSON.stringify(cats));
    return `CASE WHEN category IN (SELECT value FROM json_each(?)) THEN ${expr} END`;
  };
  const domain = only('domain', 'domain');
  const supervised = only('supervised', 'supervised');
  const paid = only('paid', 'paid');
  // A topic counts only when excluded. SQLite's lower() folds ASCII only, so a topic with other
  // characters is kept as it is and the engine compares it itself.
  const topic = key.topics.length ? only('topic', `CASE WHEN topic IS NULL THEN NULL WHEN lower(topic) IN (SELECT value FROM json_each(?)) THEN lower(topic) WHEN topic GLOB '*[^ -~]*' THEN topic END`) : 'NULL';
  if (topic !== 'NULL') head.push(JSON.stringify(key.topics));
  const side = key.boundaries.length ? key.boundaries.map(() => '(date >= ?)').join(' + ') : '0';
  head.push(...key.boundaries);
  const sql = `SELECT person, category, ${domain} AS d, ${supervised} AS s, ${paid} AS p, ${topic} AS t, ${side} AS side,
      sum(hours), min(date), max(coalesce(end_date, date))
    FROM hours ${where ? `${where} AND` : 'WHERE'} category IN (SELECT value FROM json_each(?)) AND coalesce(end_date, date) <= ?
    GROUP BY person, category, d, s, p, t, side`;
  return { sql, head, tail: [JSON.stringify(key.categories.map((c) => c.category)), key.asOf] };
}

/** The records besides people and hours that facts can hold; a command may need fewer. */
export const FACT_TABLES = ['exams', 'credentials', 'positions', 'evaluations', 'screenings', 'approvals'] as const;
export type FactTable = (typeof FACT_TABLES)[number];

/** Prepared statements by SQL text, per connection: batches run the same queries many times. */
const statements = new WeakMap<Db, Map<string, Statement<unknown[]>>>();
function raw(db: Db, sql: string): Statement<unknown[]> {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let st = cache.get(sql);
  if (!st) cache.set(sql, (st = db.prepare<unknown[]>(sql).raw()));
  return st;
}

/** Facts keyed by internal row id, in person_id order (rows read as arrays, one object per fact). */
export function gatherFacts(db: Db, pop: Population, opts: GatherOptions = {}): Map<number, PersonFacts> {
  const facts = new Map<number, PersonFacts>();
  const people = scope(pop, 'id');
  const sql = `SELECT id, person_id, first_name, last_name, email, birth_date, education, hire_date, site, supervisor_id, lived_experience, status
    FROM people ${people.where} ORDER BY person_id`;
  for (const [id, pid, first, last, email, birth, education, hire, site, supervisor, lived, status] of rows(raw(db, sql), people)) {
    // The fields of PersonInfo, in its order (store/people.ts toPersonInfo).
    facts.set(id, emptyFacts({ id: pid, first_name: first, last_name: last, email, birth_date: birth, education, hire_date: hire, site,
      supervisor_id: supervisor, lived_experience: bool(lived), status }));
  }
  if (facts.size === 0) return facts;
  const s = scope(pop);

  const cats = opts.hourCategories;
  if (opts.hoursSummary) {
    const q = summaryQuery(opts.hoursSummary, s.where);
    for (const [person, category, domain, supervised, paid, topic, , h, date, end] of rows(raw(db, q.sql), s, [...q.head, ...s.args, ...q.tail])) {
      facts.get(person)?.hours.push({ date, end, category, hours: h, domain, supervised: bool(supervised), paid: bool(paid), topic });
    }
  } else if (!cats || cats.length) {
    const hoursWhere = cats ? `${s.where ? `${s.where} AND` : 'WHERE'} category IN (SELECT value FROM json_each(?))` : s.where;
    const hours = raw(db, `SELECT person, date, end_date, category, hours, domain, supervised, paid, topic FROM hours ${hoursWhere}`);
    for (const [person, date, end, category, h, domain, supervised, paid, topic] of rows(hours, s, [...s.args, ...(cats ? [JSON.stringify(cats)] : [])])) {
      facts.get(person)?.hours.push({ date, end: end ?? date, category, hours: h, domain, supervised: bool(supervised), paid: bool(paid), topic });
    }
  }
  addTables(db, facts, s, new Set<FactTable>(opts.tables ?? FACT_TABLES));
  return facts;
}

/** Appends the rows of `tables` for the people of `s` to their facts. */
function addTables(db: Db, facts: Map<number, PersonFacts>, s: Scope, tables: ReadonlySet<FactTable>): void {
  // Ties (two credentials issued the same day) in the order the records were made, whichever
  // people are gathered: the engine takes the first of equals.
  const of = (table: FactTable, sql: string) => (tables.has(table) ? rows(raw(db, sql), s) : []);
  for (const [person, exam, date, result, score] of of('exams', `SELECT person, exam, date, result, score FROM exams ${s.where} ORDER BY id`)) {
    facts.get(person)?.exams.push({ exam, date, result, score });
  }
  // Renewals come along as JSON (most credentials have none: NULL), oldest first.
  for (const [person, code, number, issued_on, expires_on, status, status_on, cycle_start, renewals] of of('credentials',
    `SELECT person, code, number, issued_on, expires_on, status, status_on, cycle_start,
       CASE WHEN EXISTS (SELECT 1 FROM credential_renewals r WHERE r.credential = c.id) THEN
         (SELECT json_group_array(json_array(renewed_on, previous_cycle_start, previous_expires_on))
            FROM (SELECT * FROM credential_renewals r WHERE r.credential = c.id ORDER BY renewed_on, id)) END
     FROM credentials c ${s.where} ORDER BY issued_on, id`)) {
    const fact: CredentialFact = { code, number, issued_on, expires_on, status, status_on, cycle_start };
    if (renewals) fact.history = (JSON.parse(renewals) as [string, string, string | null][]).map(([until, start, expires]) => ({ until, cycle_start: start, expires_on: expires }));
    facts.get(person)?.credentials.push(fact);
  }
  for (const [person, position, start, end, field, supervised] of of('positions',
    `SELECT person, position, start_date, end_date, field, supervised FROM positions ${s.where} ORDER BY start_date, id`)) {
    facts.get(person)?.positions.push({ position, start, end, field, supervised: bool(supervised) });
  }
  for (const [person, date, rating] of of('evaluations', `SELECT person, date, rating FROM evaluations ${s.where} ORDER BY date, id`)) {
    facts.get(person)?.evaluations.push({ date, rating });
  }
  for (const [person, type, date, result, expires_on] of of('screenings', `SELECT person, type, date, result, expires_on FROM screenings ${s.where} ORDER BY date, id`)) {
    facts.get(person)?.screenings.push({ type, date, result, expires_on });
  }
  for (const [person, progression, date] of of('approvals', `SELECT person, progression, date FROM approvals ${s.where} ORDER BY id`)) {
    facts.get(person)?.approvals.push({ progression, date });
  }
}

/**
 * Adds the records of `tables` for some already-gathered people (`ids`), for commands that
 * need a table for a few people only (reminders read evaluations only of trainees).
 */
export function addRecords(db: Db, facts: Map<number, PersonFacts>, ids: number[], tables: readonly FactTable[]): void {
  if (ids.length && tables.length) addTables(db, facts, scope(ids), new Set(tables));
}

/**
 * Adds hours entries to already-gathered facts, per person from a date on (`since`: row id →
 * first date; people not in it get none), optionally only some categories. For commands that
 * need only a recent slice of the hours (e.g. CEU hours of the current cycle).
 */
export function gatherHoursSince(db: Db, facts: Map<number, PersonFacts>, since: Map<number, string>, categories?: readonly string[]): void {
  if (since.size === 0) return;
  const cats = categories ? 'AND h.category IN (SELECT value FROM json_each(?))' : '';
  // +h.date: not a range on hours_person, so the person's entries of those categories come from
  // the covering index hours_summary alone (no row look-ups).
  const sql = `SELECT h.person, h.date, h.end_date, h.category, h.hours, h.domain, h.supervised, h.paid, h.topic
    FROM json_each(?) j JOIN hours h ON h.person = j.key AND +h.date >= j.value ${cats}`;
  const args: unknown[] = [JSON.stringify(Object.fromEntries(since)), ...(categories ? [JSON.stringify(categories)] : [])];
  for (const [person, date, end, category, h, domain, supervised, paid, topic] of rows(raw(db, sql), { where: '', args, all: since.size > 50_000 })) {
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
  return db.prepare(sql).pluck().all(...args) as number[]; // plain values: no array per row
}

/** Active people holding one of `positions` on `asOf` (row ids, person_id order). */
export function holdersOn(db: Db, positions: readonly string[], asOf: string): number[] {
  const sql = `SELECT id FROM people WHERE status = 'active' AND id IN (SELECT person FROM positions
      WHERE position IN (SELECT value FROM json_each(?)) AND start_date <= ? AND (end_date IS NULL OR end_date >= ?))
    ORDER BY person_id`;
  return db.prepare(sql).pluck().all(JSON.stringify(positions), asOf, asOf) as number[];
}

/** The emails of everyone who supervises someone, by person_id (for routing reminders). */
export function supervisorEmails(db: Db): Map<string, string | null> {
  const sql = 'SELECT person_id, email FROM people WHERE person_id IN (SELECT supervisor_id FROM people WHERE supervisor_id IS NOT NULL)';
  return new Map(raw(db, sql).all() as [string, string | null][]);
}

/** Row ids of these person_ids (those that exist), without reading everyone's. */
export function rowIds(db: Db, personIds: readonly string[]): Map<string, number> {
  const sql = 'SELECT person_id, id FROM people WHERE person_id IN (SELECT value FROM json_each(?))';
  return new Map(raw(db, sql).all(JSON.stringify(personIds)) as [string, number][]);
}
