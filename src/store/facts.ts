// Gathers the engine's facts for many people at once: one set-based query per table,
// whatever the number of people (no query per person).
import { type CredentialFact, emptyFacts, type HourFact, type PersonFacts, type PersonInfo } from '../engine/facts.js';
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

// Rows are read as arrays and their cells taken by index: destructuring a row goes through the
// iterator protocol, which makes the loops several times larger for the compiler to optimise.

/**
 * A person's fields from a row holding id, person_id, first_name, last_name, email, birth_date,
 * education, hire_date, site, supervisor_id, lived_experience, status from cell `at` on.
 */
export function personInfo(r: any[], at: number): PersonInfo {
  // The fields of PersonInfo, in its order (store/people.ts toPersonInfo).
  return { id: r[at], first_name: r[at + 1], last_name: r[at + 2], email: r[at + 3], birth_date: r[at + 4], education: r[at + 5], hire_date: r[at + 6],
    site: r[at + 7], supervisor_id: r[at + 8], lived_experience: bool(r[at + 9]), status: r[at + 10] };
}

/** An hours entry from a row of person, date, end_date, category, hours, domain, supervised, paid, topic. */
const hourFact = (r: any[]): HourFact => ({ date: r[1], end: r[2] ?? r[1], category: r[3], hours: r[4], domain: r[5], supervised: bool(r[6]), paid: bool(r[7]), topic: r[8] });

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
  // Inside a `within` window each date stays apart: entries leave the window on their own day.
  const dated = key.categories.filter((c) => c.dated !== null);
  const day = dated.length ? `, CASE ${dated.map(() => 'WHEN category = ? AND date >= ? THEN date').join(' ')} END AS dt` : '';
  for (const c of dated) head.push(c.category, c.dated);
  const sql = `SELECT person, category, ${domain} AS d, ${supervised} AS s, ${paid} AS p, ${topic} AS t, ${side} AS side,
      sum(hours), min(date), max(coalesce(end_date, date))${day}
    FROM hours ${where ? `${where} AND` : 'WHERE'} category IN (SELECT value FROM json_each(?)) AND coalesce(end_date, date) <= ?
    GROUP BY person, category, d, s, p, t, side${day ? ', dt' : ''}`;
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
  for (const r of rows(raw(db, sql), people)) facts.set(r[0], emptyFacts(personInfo(r, 1)));
  if (facts.size === 0) return facts;
  const s = scope(pop);

  const cats = opts.hourCategories;
  if (opts.hoursSummary) {
    const q = summaryQuery(opts.hoursSummary, s.where);
    for (const r of rows(raw(db, q.sql), s, [...q.head, ...s.args, ...q.tail])) {
      facts.get(r[0])?.hours.push({ date: r[8], end: r[9], category: r[1], hours: r[7], domain: r[2], supervised: bool(r[3]), paid: bool(r[4]), topic: r[5] });
    }
  } else if (!cats || cats.length) {
    const hoursWhere = cats ? `${s.where ? `${s.where} AND` : 'WHERE'} category IN (SELECT value FROM json_each(?))` : s.where;
    const hours = raw(db, `SELECT person, date, end_date, category, hours, domain, supervised, paid, topic FROM hours ${hoursWhere}`);
    for (const r of rows(hours, s, [...s.args, ...(cats ? [JSON.stringify(cats)] : [])])) facts.get(r[0])?.hours.push(hourFact(r));
  }
  addTables(db, facts, s, new Set<FactTable>(opts.tables ?? FACT_TABLES));
  return facts;
}

/** Appends the rows of `tables` for the people of `s` to their facts. */
function addTables(db: Db, facts: Map<number, PersonFacts>, s: Scope, tables: ReadonlySet<FactTable>): void {
  // Ties (two credentials issued the same day) in the order the records were made, whichever
  // people are gathered: the engine takes the first of equals.
  const of = (table: FactTable, sql: string) => (tables.has(table) ? rows(raw(db, sql), s) : []);
  for (const r of of('exams', `SELECT person, exam, date, result, score FROM exams ${s.where} ORDER BY id`)) {
    facts.get(r[0])?.exams.push({ exam: r[1], date: r[2], result: r[3], score: r[4] });
  }
  // Renewals come along as JSON (most credentials have none: NULL), oldest first.
  for (const r of of('credentials',
    `SELECT person, code, number, issued_on, expires_on, status, status_on, cycle_start,
       CASE WHEN EXISTS (SELECT 1 FROM credential_renewals r WHERE r.credential = c.id) THEN
         (SELECT json_group_array(json_array(renewed_on, previous_cycle_start, previous_expires_on))
            FROM (SELECT * FROM credential_renewals r WHERE r.credential = c.id ORDER BY renewed_on, id)) END
     FROM credentials c ${s.where} ORDER BY issued_on, id`)) {
    const fact: CredentialFact = { code: r[1], number: r[2], issued_on: r[3], expires_on: r[4], status: r[5], status_on: r[6], cycle_start: r[7] };
    if (r[8]) fact.history = (JSON.parse(r[8]) as [string, string, string | null][]).map(([until, start, expires]) => ({ until, cycle_start: start, expires_on: expires }));
    facts.get(r[0])?.credentials.push(fact);
  }
  for (const r of of('positions', `SELECT person, position, start_date, end_date, field, supervised FROM positions ${s.where} ORDER BY start_date, id`)) {
    facts.get(r[0])?.positions.push({ position: r[1], start: r[2], end: r[3], field: r[4], supervised: bool(r[5]) });
  }
  for (const r of of('evaluations', `SELECT person, date, rating FROM evaluations ${s.where} ORDER BY date, id`)) {
    facts.get(r[0])?.evaluations.push({ date: r[1], rating: r[2] });
  }
  for (const r of of('screenings', `SELECT person, type, date, result, expires_on FROM screenings ${s.where} ORDER BY date, id`)) {
    facts.get(r[0])?.screenings.push({ type: r[1], date: r[2], result: r[3], expires_on: r[4] });
  }
  for (const r of of('approvals', `SELECT person, progression, date FROM approvals ${s.where} ORDER BY id`)) {
    facts.get(r[0])?.approvals.push({ progression: r[1], date: r[2] });
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
  for (const r of rows(raw(db, sql), { where: '', args, all: since.size > 50_000 })) facts.get(r[0])?.hours.push(hourFact(r));
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
