// Writes of the per-person records (hours, exams, credentials, positions, evaluations,
// screenings, approvals): natural keys, insert-or-find, and the row images the audit keeps.
// A record's values hold `undefined` for what it does not give: on a new row that is NULL
// (or the column's starting value); on a row already stored it keeps the stored value —
// an omitted option or an empty import cell never clears anything.
import type { CredentialRow, EvaluationRow, ExamRow, HoursRow, PositionRow, ScreeningRow } from '../schemas/rows.js';
import type { Db } from './db.js';

/** A yes/no as stored (1/0), or undefined when not given. */
const b = (v: boolean | undefined) => (v === undefined ? undefined : v ? 1 : 0);

export type Outcome = 'added' | 'updated' | 'unchanged';
export interface WriteResult { outcome: Outcome; id: number; before?: Record<string, unknown>; after: Record<string, unknown> }

/** The stored columns of each table, in the order the inserts bind them. */
export const TABLE_COLUMNS = {
  hours: ['entry_id', 'date', 'end_date', 'category', 'hours', 'domain', 'supervised', 'paid', 'topic', 'provider', 'verified_by', 'note'],
  exams: ['exam', 'date', 'result', 'score'],
  credentials: ['code', 'number', 'issued_on', 'expires_on', 'status', 'status_on', 'cycle_start'],
  positions: ['position', 'start_date', 'end_date', 'field', 'supervised'],
  evaluations: ['date', 'rating', 'evaluator', 'note'],
  screenings: ['type', 'date', 'result', 'expires_on'],
} as const;
export type RecordTable = keyof typeof TABLE_COLUMNS;

// The values of a record in TABLE_COLUMNS order; undefined = not given (better-sqlite3 binds it as NULL).
export function hoursValues(r: HoursRow): unknown[] {
  return [r.entry_id, r.date, r.end_date, r.category, r.hours, r.domain, b(r.supervised), b(r.paid), r.topic, r.provider, r.verified_by, r.note];
}
export const examValues = (r: ExamRow): unknown[] => [r.exam, r.date, r.result, r.score];
/** status_on and cycle_start are never given by a record: lifecycle commands (renew, lapse, revoke) own them. */
export const credentialValues = (r: CredentialRow): unknown[] =>
  [r.credential, r.number, r.issued_on, r.expires_on, r.status, undefined, undefined];
export const positionValues = (r: PositionRow): unknown[] => [r.position, r.start_date, r.end_date, r.field, b(r.supervised)];
export const evaluationValues = (r: EvaluationRow): unknown[] => [r.date, r.rating, r.evaluator, r.note];
export const screeningValues = (r: ScreeningRow): unknown[] => [r.type, r.date, r.result, r.expires_on];

/** What a new row holds where its record gave nothing and NULL will not do. */
const NEW_ROW: Partial<Record<RecordTable, (v: unknown[]) => unknown[]>> = {
  // A credential starts active, its first CEU cycle on the issue date.
  credentials: (v) => [v[0], v[1], v[2], v[3], v[4] ?? 'active', v[5] ?? null, v[6] ?? v[2]],
};

/** SQL that finds the row with the same natural key, and the key values it binds. */
const KEYS: Record<RecordTable, { sql: string; key: (v: unknown[], person: number) => unknown[] }> = {
  hours: {
    sql: `SELECT * FROM hours WHERE entry_id = @e OR (@e IS NULL AND entry_id IS NULL AND person = @p AND date = @d
          AND ifnull(end_date, '') = ifnull(@end, '') AND category = @c AND hours = @h AND ifnull(domain, '') = ifnull(@dom, ''))`,
    key: (v, p) => [{ e: v[0], p, d: v[1], end: v[2], c: v[3], h: v[4], dom: v[5] }],
  },
  exams: { sql: 'SELECT * FROM exams WHERE person = ? AND exam = ? AND date = ?', key: (v, p) => [p, v[0], v[1]] },
  credentials: { sql: 'SELECT * FROM credentials WHERE person = ? AND code = ? AND issued_on = ?', key: (v, p) => [p, v[0], v[2]] },
  positions: { sql: 'SELECT * FROM positions WHERE person = ? AND position = ? AND start_date = ?', key: (v, p) => [p, v[0], v[1]] },
  evaluations: { sql: "SELECT * FROM evaluations WHERE person = ? AND date = ? AND ifnull(evaluator, '') = ifnull(?, '')", key: (v, p) => [p, v[0], v[2]] },
  screenings: { sql: 'SELECT * FROM screenings WHERE person = ? AND type = ? AND date = ?', key: (v, p) => [p, v[0], v[1]] },
};

/**
 * Prepared statements for one table: find by natural key, insert (a new row: `newRow` fills
 * what the record did not give), update all value columns (with merged values).
 */
export function recordStatements(db: Db, table: RecordTable) {
  const cols = TABLE_COLUMNS[table];
  const { sql, key } = KEYS[table];
  const find = db.prepare(sql);
  const insert = db.prepare(`INSERT INTO ${table} (${cols.join(', ')}, person, batch_id) VALUES (${cols.map(() => '?').join(', ')}, ?, ?)`);
  const update = db.prepare(`UPDATE ${table} SET ${cols.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`);
  const newRow = NEW_ROW[table] ?? ((v: unknown[]) => v);
  return {
    cols,
    newRow,
    find: (values: unknown[], person: number) => find.get(...key(values, person)) as Record<string, unknown> | undefined,
    insert: (values: unknown[], person: number, batchId: number | null) => Number(insert.run(...newRow(values), person, batchId).lastInsertRowid),
    update: (values: unknown[], id: number) => update.run(...values, id),
  };
}
export type RecordStatements = ReturnType<typeof recordStatements>;

/** A stored position period: start and end (inclusive; null while open). */
export interface StoredPeriod { id: number; start_date: string; end_date: string | null }

/**
 * Finds a stored period of the same person and position that shares a day with `from`..`to`
 * (to null: open), other than the period starting on `self` (the one being written). One
 * indexed lookup (positions' UNIQUE (person, position, start_date)).
 */
export function overlapFinder(db: Db): (person: number, position: string, self: string, from: string, to: string | null) => StoredPeriod | undefined {
  const st = db.prepare(`SELECT id, start_date, end_date FROM positions WHERE person = ? AND position = ? AND start_date <> ?
    AND start_date <= ? AND ifnull(end_date, '9999-12-31') >= ? ORDER BY start_date LIMIT 1`);
  return (person, position, self, from, to) => st.get(person, position, self, to ?? '9999-12-31', from) as StoredPeriod | undefined;
}

/** A period as messages name it: `from 2026-05-01 (open)`, `from 2025-01-01 to 2025-06-30`. */
export function periodText(start: string, end: string | null): string {
  return end === null ? `from ${start} (open)` : `from ${start} to ${end}`;
}

/** The columns of a stored row, for comparison and audit. */
export function image(cols: readonly string[], values: unknown[]): Record<string, unknown> {
  return Object.fromEntries(cols.map((c, i) => [c, values[i] ?? null]));
}

/**
 * How a record compares with the stored row of the same natural key, once merged with it:
 * `values` are the record's values with every value it does not give taken from the stored
 * row (what an update writes); `kept` names the columns so taken that hold a value.
 */
export interface Comparison {
  same: boolean; values: unknown[]; kept: string[]; before: Record<string, unknown>; after: Record<string, unknown>;
}

/** Merges a record into the stored row (a value given replaces, one not given keeps) and compares. */
export function compareWithStored(cols: readonly string[], values: unknown[], existing: Record<string, unknown>): Comparison {
  const merged = new Array<unknown>(cols.length);
  const kept: string[] = [];
  let same = true;
  for (let i = 0; i < cols.length; i++) {
    const stored = existing[cols[i]!] ?? null;
    const v = values[i] === undefined ? stored : values[i];
    if (values[i] === undefined && stored !== null) kept.push(cols[i]!);
    if (v !== stored) same = false;
    merged[i] = v;
  }
  return { same, values: merged, kept, before: image(cols, cols.map((c) => existing[c])), after: image(cols, merged) };
}

/**
 * Inserts the record, or finds it already there (unchanged: nothing it gives differs), or
 * updates the row with the same natural key with the merged values. `check` may refuse the
 * record as it would be written, new or merged (throw), before anything is written.
 */
export function upsertRecord(st: RecordStatements, values: unknown[], person: number, batchId: number | null, check?: (cmp: Comparison) => void): WriteResult {
  const existing = st.find(values, person);
  if (!existing) {
    check?.(compareWithStored(st.cols, values, {}));
    const row = st.newRow(values);
    return { outcome: 'added', id: st.insert(row, person, batchId), after: image(st.cols, row) };
  }
  const id = existing.id as number;
  const cmp = compareWithStored(st.cols, values, existing);
  if (cmp.same) return { outcome: 'unchanged', id, before: cmp.before, after: cmp.after };
  check?.(cmp);
  st.update(cmp.values, id);
  return { outcome: 'updated', id, before: cmp.before, after: cmp.after };
}
