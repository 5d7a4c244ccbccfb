// A person's hours on one day: at most 24 (SPEC §3). The day's total is the sum of the
// person's single-day entries of that day. An entry covering a period is held to 24 × its
// days on its own (schemas/rows.ts dayLimitProblem): the record does not say on which of
// its days its hours fell, so it proves no single day over the limit.
import type { Db } from './db.js';

export const DAY_LIMIT = 24;
/** Sums of decimal hours (8.1 + 8.1 + 7.8) may miss 24 by a rounding error: not over. */
const SLACK = 1e-6;

/** Hours as the day-limit messages show them: at most 2 decimals (22.5, not 22.500000001). */
export const hoursText = (n: number) => String(Math.round(n * 100) / 100);

export const overLimit = (total: number) => total > DAY_LIMIT + SLACK;

/** Whether an entry from `date` to `end` is a single-day one (counted in its day's total). */
export const singleDay = (date: string, end: string | null | undefined) => end === null || end === undefined || end === date;

/** A person (row id) and a day (YYYY-MM-DD). */
export interface PersonDay { person: number; day: string }
export interface DayTotal extends PersonDay { total: number }

const SINGLE = '(h.end_date IS NULL OR h.end_date = h.date)';

/** The distinct person-days as one JSON array of strings, day (10 characters) then person, for PROBE. */
function probeKeys(days: PersonDay[]): string {
  const keys = new Set<string>();
  for (const d of days) keys.add(d.day + d.person);
  return JSON.stringify([...keys]);
}
const PROBE = 'probe(person, day) AS (SELECT CAST(substr(value, 11) AS INTEGER), substr(value, 1, 10) FROM json_each(?))';

/**
 * The days over the limit among `days`, in one query for them all (an import's chunk of
 * rows): a day with one entry cannot be (that entry is at most 24 hours), so only days
 * with more than one entry, found in the (person, date) index alone, have their hours read.
 */
export function fullDaysQuery(db: Db): (days: PersonDay[]) => DayTotal[] {
  const st = db.prepare(`
    WITH ${PROBE},
    crowded(person, day) AS (
      SELECT person, day FROM probe p
      WHERE EXISTS (SELECT 1 FROM hours h INDEXED BY hours_person WHERE h.person = p.person AND h.date = p.day LIMIT 1 OFFSET 1)
    )
    SELECT c.person, c.day, sum(h.hours) AS total
    FROM crowded c JOIN hours h ON h.person = c.person AND h.date = c.day AND ${SINGLE}
    GROUP BY c.person, c.day HAVING total > ${DAY_LIMIT + SLACK}
    ORDER BY c.person, c.day`);
  return (days) => (days.length ? st.all(probeKeys(days)) as DayTotal[] : []);
}

/** The totals of `days` (0 for a day with no single-day entry), in one query for them all. */
export function dayTotalsQuery(db: Db): (days: PersonDay[]) => DayTotal[] {
  const st = db.prepare(`
    WITH ${PROBE}
    SELECT p.person, p.day, coalesce((SELECT sum(h.hours) FROM hours h WHERE h.person = p.person AND h.date = p.day AND ${SINGLE}), 0) AS total
    FROM probe p`);
  return (days) => (days.length ? st.all(probeKeys(days)) as DayTotal[] : []);
}

/** A person's hours on a day (their single-day entries). */
export function dayTotalQuery(db: Db): (d: PersonDay) => number {
  const st = db.prepare(`SELECT coalesce(sum(h.hours), 0) FROM hours h WHERE h.person = ? AND h.date = ? AND ${SINGLE}`).pluck();
  return (d) => st.get(d.person, d.day) as number;
}

export interface DayEntry { id: number; entry_id: string | null; category: string; hours: number }

/** The single-day entries of a person's day, in the order they were recorded. */
export function entriesOnDay(db: Db, d: PersonDay): DayEntry[] {
  return db.prepare(`SELECT h.id, h.entry_id, h.category, h.hours FROM hours h WHERE h.person = ? AND h.date = ? AND ${SINGLE} ORDER BY h.id`)
    .all(d.person, d.day) as DayEntry[];
}
