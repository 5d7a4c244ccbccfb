// Removing one record of a person (`credtrack remove`): the rows of a kind that match what
// the user knows of a record, what still refers to a row, and the delete with its dependants.
import type { Db } from './db.js';
import { TABLE_COLUMNS, type RecordTable } from './records.js';

export type RemovableTable = RecordTable | 'approvals';

/** The stored columns of each table a record can be removed from (the audit's before-image). */
export const REMOVABLE_COLUMNS: Record<RemovableTable, readonly string[]> = {
  ...TABLE_COLUMNS,
  approvals: ['progression', 'date', 'approved_by'],
};

/** The date a record is listed by (and found nearest to). */
export const DATE_COLUMN: Record<RemovableTable, string> = {
  hours: 'date', positions: 'start_date', exams: 'date', credentials: 'issued_on', evaluations: 'date', screenings: 'date', approvals: 'date',
};

/**
 * Rows that refer to a row of a table and go with it. Every other reference (a foreign key
 * of a table added later) makes the removal refuse: see `otherReferences`.
 */
const DEPENDANTS: Partial<Record<RemovableTable, { table: string; column: string }>> = {
  credentials: { table: 'credential_renewals', column: 'credential' },
};

export interface StoredRecord {
  id: number;
  /** The import batch that added the row (null when a command added it). */
  batch_id: number | null;
  /** The row's columns (REMOVABLE_COLUMNS), as stored. */
  values: Record<string, unknown>;
}

/** What to look for: column → value (exact), and `id` for the row id. */
export type Criteria = Record<string, string | number>;

function select(table: RemovableTable): string {
  const batch = table === 'approvals' ? 'NULL AS batch_id' : 'batch_id';
  return `SELECT id, ${batch}, ${REMOVABLE_COLUMNS[table].join(', ')} FROM ${table}`;
}

function where(table: RemovableTable, criteria: Criteria): { sql: string; args: unknown[] } {
  const cols = Object.keys(criteria);
  for (const c of cols) {
    if (c !== 'id' && !REMOVABLE_COLUMNS[table].includes(c)) throw new Error(`not a column of ${table}: ${c}`);
  }
  return { sql: ['person = ?', ...cols.map((c) => `${c} = ?`)].join(' AND '), args: cols.map((c) => criteria[c]) };
}

const toRecord = (table: RemovableTable) => (r: Record<string, unknown>): StoredRecord => ({
  id: r.id as number, batch_id: (r.batch_id ?? null) as number | null,
  values: Object.fromEntries(REMOVABLE_COLUMNS[table].map((c) => [c, r[c] ?? null])),
});

/** How many of the person's rows match (all of them with no criteria). */
export function countMatching(db: Db, table: RemovableTable, person: number, criteria: Criteria = {}): number {
  const w = where(table, criteria);
  return (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${w.sql}`).get(person, ...w.args) as { n: number }).n;
}

/** The person's rows that match, by date then id (at most `limit`). */
export function matchingRecords(db: Db, table: RemovableTable, person: number, criteria: Criteria, limit = 1000): StoredRecord[] {
  const w = where(table, criteria);
  const rows = db.prepare(`${select(table)} WHERE ${w.sql} ORDER BY ${DATE_COLUMN[table]}, id LIMIT ?`).all(person, ...w.args, limit);
  return (rows as Record<string, unknown>[]).map(toRecord(table));
}

/** Up to `limit` of the person's rows: nearest to `date` when given, else the latest first. */
export function nearestRecords(db: Db, table: RemovableTable, person: number, date: string | undefined, limit: number): StoredRecord[] {
  const col = DATE_COLUMN[table];
  const order = date === undefined ? `${col} DESC, id DESC` : `abs(julianday(${col}) - julianday(?)), ${col} DESC, id DESC`;
  const args = date === undefined ? [person, limit] : [person, date, limit];
  return (db.prepare(`${select(table)} WHERE person = ? ORDER BY ${order} LIMIT ?`).all(...args) as Record<string, unknown>[]).map(toRecord(table));
}

/** A row by its id, with the person it belongs to. */
export function recordById(db: Db, table: RemovableTable, id: number): { person: number; person_id: string; record: StoredRecord } | undefined {
  const r = db.prepare(`SELECT t.person AS _person, p.person_id AS _person_id, t.* FROM ${table} t JOIN people p ON p.id = t.person WHERE t.id = ?`)
    .get(id) as Record<string, unknown> | undefined;
  return r && { person: r._person as number, person_id: r._person_id as string, record: toRecord(table)(r) };
}

/** The rows that go with a row when it is removed (a credential's renewals), as stored. */
export function dependantRows(db: Db, table: RemovableTable, id: number): Record<string, unknown>[] {
  const dep = DEPENDANTS[table];
  if (!dep) return [];
  return db.prepare(`SELECT * FROM ${dep.table} WHERE ${dep.column} = ? ORDER BY id`).all(id) as Record<string, unknown>[];
}

/**
 * Rows of other tables whose foreign keys still refer to the row, apart from its dependants
 * (none in this schema: the check keeps a later table's references from being orphaned).
 */
export function otherReferences(db: Db, table: RemovableTable, id: number): { table: string; rows: number }[] {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  const out: { table: string; rows: number }[] = [];
  for (const t of tables) {
    const fks = db.prepare('SELECT "from" AS col FROM pragma_foreign_key_list(?) WHERE "table" = ?').all(t, table) as { col: string }[];
    for (const { col } of fks) {
      if (DEPENDANTS[table]?.table === t && DEPENDANTS[table]?.column === col) continue;
      const n = (db.prepare(`SELECT count(*) AS n FROM "${t}" WHERE "${col}" = ?`).get(id) as { n: number }).n;
      if (n) out.push({ table: t, rows: n });
    }
  }
  return out;
}

/** The import batches that wrote the row: the one that added it, then those that changed it. */
export function batchesThatWrote(db: Db, table: RemovableTable, row: StoredRecord): number[] {
  const changed = db.prepare('SELECT batch_id FROM batch_changes WHERE table_name = ? AND row_id = ? ORDER BY batch_id').pluck().all(table, row.id) as number[];
  return [...new Set([...(row.batch_id === null ? [] : [row.batch_id]), ...changed])];
}

/**
 * Deletes the row with its dependants, and the before-images import batches kept of it: an
 * undo of those batches leaves the row removed (and cannot restore an image onto another row
 * that later takes its id). Returns the number of dependants deleted.
 */
export function deleteRecord(db: Db, table: RemovableTable, id: number): number {
  const dep = DEPENDANTS[table];
  const dependants = dep ? db.prepare(`DELETE FROM ${dep.table} WHERE ${dep.column} = ?`).run(id).changes : 0;
  if (table !== 'approvals') db.prepare('DELETE FROM batch_changes WHERE table_name = ? AND row_id = ?').run(table, id);
  db.prepare(`DELETE FROM ${table} WHERE id = ?`).run(id);
  return dependants;
}
