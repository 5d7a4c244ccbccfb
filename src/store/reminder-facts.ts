// What reminders read besides gatherFacts' records: people (a range of row ids, or some) with
// their supervisors' emails in one query, and of screenings only the latest passed one of each
// type when it expires inside the window (a tenth of the rows). Statements are prepared per
// batch: that costs a fraction of a millisecond beside the batch's rows.
import { emptyFacts, type PersonFacts } from '../engine/facts.js';
import { personInfo } from './facts.js';
import type { Db } from './db.js';

/** Some people: these row ids, or the active people of a range of row ids (to excluded). */
export type Batch = readonly number[] | { from: number; to: number };

/** The range of row ids of people, or null when there is nobody. */
export function peopleIdRange(db: Db): { first: number; last: number } | null {
  const [first, last] = db.prepare('SELECT min(id), max(id) FROM people').raw().get() as [number | null, number | null];
  return first === null ? null : { first, last: last! };
}

/**
 * Facts (no records yet) of a batch of people, keyed by row id, and the email of each one's
 * supervisor (null when the supervisor is not on record), keyed by supervisor person_id.
 */
export function reminderPeople(db: Db, batch: Batch): { facts: Map<number, PersonFacts>; supervisorEmails: Map<string, string | null> } {
  const sql = `SELECT p.id, p.person_id, p.first_name, p.last_name, p.email, p.birth_date, p.education, p.hire_date, p.site, p.supervisor_id,
      p.lived_experience, p.status, s.email
    FROM people p LEFT JOIN people s ON s.person_id = p.supervisor_id
    WHERE ${'from' in batch ? `p.id >= ? AND p.id < ? AND p.status = 'active'` : 'p.id IN (SELECT value FROM json_each(?))'}`;
  const args = 'from' in batch ? [batch.from, batch.to] : [JSON.stringify(batch)];
  const facts = new Map<number, PersonFacts>();
  const supervisorEmails = new Map<string, string | null>();
  for (const r of db.prepare(sql).raw().all(...args) as any[][]) {
    const person = personInfo(r, 1);
    facts.set(r[0], emptyFacts(person));
    if (person.supervisor_id !== null) supervisorEmails.set(person.supervisor_id, r[12]);
  }
  return { facts, supervisorEmails };
}

/**
 * Of each person's passed screenings dated by `asOf`, the latest of each type, and only when it
 * expires by `until`: the one screening a reminder can be about (a type is screened once a day).
 */
export function addLatestScreenings(db: Db, facts: Map<number, PersonFacts>, ids: readonly number[], asOf: string, until: string): void {
  const sql = `SELECT person, type, date, expires_on FROM (
      SELECT person, type, max(date) AS date, expires_on FROM screenings
      WHERE person IN (SELECT value FROM json_each(?)) AND result = 'pass' AND date <= ? GROUP BY person, type)
    WHERE expires_on <= ?`;
  for (const r of db.prepare(sql).raw().all(JSON.stringify(ids), asOf, until) as any[][]) {
    facts.get(r[0])?.screenings.push({ type: r[1], date: r[2], result: 'pass', expires_on: r[3] });
  }
}
