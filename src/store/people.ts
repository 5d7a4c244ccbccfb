// People: HR's person records, looked up by HR's own person_id.
import type { PersonInfo } from '../engine/facts.js';
import { InputError } from '../errors.js';
import type { Db } from './db.js';

export interface PersonRecord extends Omit<PersonInfo, 'id'> {
  /** Internal row id (foreign key of every record). */
  rowid: number;
  person_id: string;
}

export const PERSON_FIELDS = ['first_name', 'last_name', 'email', 'birth_date', 'education', 'hire_date', 'site', 'supervisor_id', 'lived_experience', 'status'] as const;
export type PersonField = (typeof PERSON_FIELDS)[number];
export type PersonValues = Partial<Record<PersonField, string | boolean | null>>;

type RawPerson = Omit<PersonRecord, 'lived_experience' | 'rowid'> & { id: number; lived_experience: number | null };

export function toPersonRecord(r: RawPerson): PersonRecord {
  return {
    rowid: r.id, person_id: r.person_id, first_name: r.first_name, last_name: r.last_name, email: r.email,
    birth_date: r.birth_date, education: r.education, hire_date: r.hire_date, site: r.site, supervisor_id: r.supervisor_id,
    lived_experience: r.lived_experience === null ? null : r.lived_experience === 1, status: r.status,
  };
}

export function toPersonInfo(p: PersonRecord): PersonInfo {
  const { rowid: _rowid, person_id, ...rest } = p;
  return { id: person_id, ...rest };
}

export function findPerson(db: Db, personId: string): PersonRecord | undefined {
  const r = db.prepare('SELECT * FROM people WHERE person_id = ?').get(personId) as RawPerson | undefined;
  return r && toPersonRecord(r);
}

/** The person, or an input error naming the unknown id. */
export function requirePerson(db: Db, personId: string): PersonRecord {
  const p = findPerson(db, personId);
  if (!p) throw new InputError(`unknown person ${JSON.stringify(personId)}`, 'add them first with `credtrack people add` or an import of type people');
  return p;
}

/** Map of person_id → row id for all people (for imports and lookups in bulk). */
export function personIdMap(db: Db): Map<string, number> {
  const map = new Map<string, number>();
  for (const [id, rowid] of db.prepare('SELECT person_id, id FROM people').raw().iterate() as Iterable<[string, number]>) map.set(id, rowid);
  return map;
}

const dbValue = (v: string | boolean | null | undefined) => (typeof v === 'boolean' ? (v ? 1 : 0) : v ?? null);

export function insertPerson(db: Db, personId: string, values: PersonValues, batchId: number | null = null): number {
  const cols = PERSON_FIELDS.filter((f) => values[f] !== undefined);
  const sql = `INSERT INTO people (person_id, batch_id${cols.map((c) => `, ${c}`).join('')}) VALUES (?, ?${cols.map(() => ', ?').join('')})`;
  return Number(db.prepare(sql).run(personId, batchId, ...cols.map((c) => dbValue(values[c]))).lastInsertRowid);
}

/** Sets the given fields (null clears one); returns the record before the change. */
export function updatePerson(db: Db, rowid: number, values: PersonValues): void {
  const cols = PERSON_FIELDS.filter((f) => values[f] !== undefined);
  if (!cols.length) return;
  db.prepare(`UPDATE people SET ${cols.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`).run(...cols.map((c) => dbValue(values[c])), rowid);
}

export interface PeopleFilter { site?: string; status?: string; supervisor?: string; position?: string; asOf: string }

export function listPeople(db: Db, f: PeopleFilter): PersonRecord[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (f.site) { where.push('site = ?'); args.push(f.site); }
  if (f.status) { where.push('status = ?'); args.push(f.status); }
  if (f.supervisor) { where.push('supervisor_id = ?'); args.push(f.supervisor); }
  if (f.position) {
    where.push(`id IN (SELECT person FROM positions WHERE position = ? AND start_date <= ? AND (end_date IS NULL OR end_date >= ?))`);
    args.push(f.position, f.asOf, f.asOf);
  }
  const sql = `SELECT * FROM people ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY person_id`;
  return (db.prepare(sql).all(...args) as RawPerson[]).map(toPersonRecord);
}

/** People whose supervisor_id is no person on record (a typo, or a supervisor not yet added), by person_id. */
export function unknownSupervisors(db: Db, limit = -1): { person_id: string; supervisor_id: string; total: number }[] {
  return db.prepare(`
    SELECT p.person_id, p.supervisor_id, count(*) OVER () AS total FROM people p
    WHERE p.supervisor_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM people s WHERE s.person_id = p.supervisor_id)
    ORDER BY p.person_id LIMIT ?`).all(limit) as { person_id: string; supervisor_id: string; total: number }[];
}
