// Writes of the per-person records (hours, exams, credentials, positions, evaluations,
// screenings, approvals): natural keys, insert-or-find, and the row images the audit keeps.
import type { CredentialRow, EvaluationRow, ExamRow, HoursRow, PositionRow, ScreeningRow } from '../schemas/rows.js';
import type { Db } from './db.js';

const b = (v: boolean | undefined) => (v === undefined ? null : v ? 1 : 0);
const n = <T>(v: T | undefined) => (v === undefined ? null : v);

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

export function hoursValues(r: HoursRow): unknown[] {
  return [n(r.entry_id), r.date, n(r.end_date), r.category, r.hours, n(r.domain), b(r.supervised), b(r.paid), n(r.topic), n(r.provider), n(r.verified_by), n(r.note)];
}
export const examValues = (r: ExamRow): unknown[] => [r.exam, r.date, r.result, n(r.score)];
export const credentialValues = (r: CredentialRow): unknown[] =>
  [r.credential, n(r.number), r.issued_on, n(r.expires_on), r.status ?? 'active', null, r.issued_on];
export const positionValues = (r: PositionRow): unknown[] => [r.position, r.start_date, n(r.end_date), n(r.field), b(r.supervised)];
export const evaluationValues = (r: EvaluationRow): unknown[] => [r.date, r.rating, n(r.evaluator), n(r.note)];
export const screeningValues = (r: ScreeningRow): unknown[] => [r.type, r.date, r.result, n(r.expires_on)];

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

/** Prepared statements for one table: find by natural key, insert, update all value columns. */
export function recordStatements(db: Db, table: RecordTable) {
  const cols = TABLE_COLUMNS[table];
  const { sql, key } = KEYS[table];
  const find = db.prepare(sql);
  const insert = db.prepare(`INSERT INTO ${table} (${cols.join(', ')}, person, batch_id) VALUES (${cols.map(() => '?').join(', ')}, ?, ?)`);
  const update = db.prepare(`UPDATE ${table} SET ${cols.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`);
  return {
    cols,
    find: (values: unknown[], person: number) => find.get(...key(values, person)) as Record<string, unknown> | undefined,
    insert: (values: unknown[], person: number, batchId: number | null) => Number(insert.run(...values, person, batchId).lastInsertRowid),
    update: (values: unknown[], id: number) => update.run(...values, id),
  };
}
export type RecordStatements = ReturnType<typeof recordStatements>;

/** The columns of a stored row, for comparison and audit. */
export function image(cols: readonly string[], values: unknown[]): Record<string, unknown> {
  return Object.fromEntries(cols.map((c, i) => [c, values[i] ?? null]));
}

/** How a row's values compare with the stored row of the same natural key. */
export interface Comparison { same: boolean; values: unknown[]; before: Record<string, unknown>; after: Record<string, unknown> }

/** Compares new values with a stored row; credentials keep their lifecycle columns. */
export function compareWithStored(cols: readonly string[], table: RecordTable, values: unknown[], existing: Record<string, unknown>): Comparison {
  const after = image(cols, values);
  const before = image(cols, cols.map((c) => existing[c]));
  if (table === 'credentials') {
    // status_on and cycle_start belong to lifecycle commands (renew, lapse, revoke).
    values = [...values];
    values[5] = existing.status_on;
    values[6] = existing.cycle_start;
    after.status_on = existing.status_on;
    after.cycle_start = existing.cycle_start;
  }
  const same = cols.every((c) => (before[c] ?? null) === (after[c] ?? null));
  return { same, values, before, after };
}

/**
 * Inserts the record, or finds it already there (unchanged), or updates a row with the
 * same natural key whose other values differ. Credentials keep their lifecycle columns.
 */
export function upsertRecord(st: RecordStatements, table: RecordTable, values: unknown[], person: number, batchId: number | null): WriteResult {
  const existing = st.find(values, person);
  if (!existing) return { outcome: 'added', id: st.insert(values, person, batchId), after: image(st.cols, values) };
  const id = existing.id as number;
  const cmp = compareWithStored(st.cols, table, values, existing);
  if (cmp.same) return { outcome: 'unchanged', id, before: cmp.before, after: cmp.after };
  st.update(cmp.values, id);
  return { outcome: 'updated', id, before: cmp.before, after: cmp.after };
}
