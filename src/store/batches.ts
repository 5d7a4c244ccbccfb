// Import batches: the batch record, the before-images of rows an import changed, and the
// SQL behind `imports list|show|undo`. Rows an import added carry its batch_id.
import { InputError } from '../errors.js';
import type { ImportType } from '../schemas/rows.js';
import type { Db } from './db.js';
import { PERSON_FIELDS } from './people.js';
import { TABLE_COLUMNS } from './records.js';

export interface BatchCounts { read: number; added: number; updated: number; unchanged: number; rejected: number }

export interface BatchRecord extends BatchCounts {
  id: number; file: string; sha256: string; type: ImportType; format: string;
  at: string; actor: string; undone_at: string | null; undone_by: string | null;
}

/** The public name of a batch: B12. */
export const batchName = (id: number) => `B${id}`;

/** Accepts "B12", "b12" or "12". */
export function parseBatchName(name: string): number {
  const m = /^[Bb]?(\d{1,15})$/.exec(name.trim());
  if (!m) throw new InputError(`${JSON.stringify(name)} is not a batch id`, 'batch ids look like B12; `credtrack imports list` shows them');
  return Number(m[1]);
}

/** Stored columns a batch may change, per table (what undo restores). */
export const RESTORABLE: Record<ImportType, readonly string[]> = {
  people: PERSON_FIELDS,
  positions: TABLE_COLUMNS.positions,
  hours: TABLE_COLUMNS.hours,
  exams: TABLE_COLUMNS.exams,
  credentials: TABLE_COLUMNS.credentials,
  evaluations: TABLE_COLUMNS.evaluations,
  screenings: TABLE_COLUMNS.screenings,
};

export function createBatch(db: Db, b: { file: string; type: ImportType; format: string; at: string; actor: string }): number {
  return Number(db.prepare('INSERT INTO import_batches (file, sha256, type, format, at, actor) VALUES (?, ?, ?, ?, ?, ?)')
    .run(b.file, '', b.type, b.format, b.at, b.actor).lastInsertRowid);
}

export function finishBatch(db: Db, id: number, sha256: string, c: BatchCounts): void {
  db.prepare('UPDATE import_batches SET sha256 = ?, read = ?, added = ?, updated = ?, unchanged = ?, rejected = ? WHERE id = ?')
    .run(sha256, c.read, c.added, c.updated, c.unchanged, c.rejected, id);
}

/** A prepared writer of before-images; the first image of a row in a batch is the one kept. */
export function changeRecorder(db: Db, batchId: number) {
  const st = db.prepare('INSERT OR IGNORE INTO batch_changes (batch_id, table_name, row_id, before) VALUES (?, ?, ?, ?)');
  return (table: ImportType, rowId: number, before: Record<string, unknown>) => void st.run(batchId, table, rowId, JSON.stringify(before));
}

export function getBatch(db: Db, id: number): BatchRecord {
  const b = db.prepare('SELECT * FROM import_batches WHERE id = ?').get(id) as BatchRecord | undefined;
  if (!b) throw new InputError(`no import batch ${batchName(id)}`, '`credtrack imports list` shows the batches');
  return b;
}

export function listBatches(db: Db): BatchRecord[] {
  return db.prepare('SELECT * FROM import_batches ORDER BY id').all() as BatchRecord[];
}

/** Earlier, still-standing batches of the same file content and type. */
export function sameFileBatches(db: Db, sha256: string, type: ImportType, before: number): BatchRecord[] {
  return db.prepare('SELECT * FROM import_batches WHERE sha256 = ? AND type = ? AND id < ? AND undone_at IS NULL ORDER BY id')
    .all(sha256, type, before) as BatchRecord[];
}

export interface BatchChange { row_id: number; before: Record<string, unknown> }

export function batchChanges(db: Db, id: number, table: ImportType): BatchChange[] {
  return (db.prepare('SELECT row_id, before FROM batch_changes WHERE batch_id = ? AND table_name = ? ORDER BY row_id').all(id, table) as { row_id: number; before: string }[])
    .map((r) => ({ row_id: r.row_id, before: JSON.parse(r.before) as Record<string, unknown> }));
}

/** How the audit log keys a row of `table` (people by person_id, records by row id). */
const KEY_MATCH: Record<'people' | 'records', string> = {
  people: 'r.person_id = a.record_key',
  records: 'r.id = CAST(a.record_key AS INTEGER)',
};

/**
 * Changes made after batch `id` to rows it added or changed, by commands or by later
 * batches still standing: undo would silently discard them, so it refuses.
 */
export function laterChanges(db: Db, id: number, table: ImportType, limit = 5): { record_key: string; command: string; at: string; batch_id: number | null }[] {
  const match = KEY_MATCH[table === 'people' ? 'people' : 'records'];
  return db.prepare(`
    SELECT a.record_key, a.command, a.at, a.batch_id FROM audit a
    WHERE a.id > coalesce((SELECT max(id) FROM audit WHERE batch_id = @id AND command != 'imports undo'), 0)
      AND a.record_type = @table
      AND (a.batch_id IS NULL OR a.batch_id NOT IN (SELECT id FROM import_batches WHERE undone_at IS NOT NULL OR id = @id))
      AND EXISTS (SELECT 1 FROM ${table} r WHERE ${match}
                  AND (r.batch_id = @id OR r.id IN (SELECT row_id FROM batch_changes WHERE batch_id = @id AND table_name = @table)))
    ORDER BY a.id LIMIT @limit`).all({ id, table, limit }) as { record_key: string; command: string; at: string; batch_id: number | null }[];
}

/**
 * Rows batch `id` changed that something else had changed after batch `since` (a command,
 * or a batch still standing): when `since` imported the same file, batch `id` set them back
 * to the file's values. Returns how many, and who had changed them (batch ids; the command
 * for changes made by commands).
 */
export function setBackSince(db: Db, id: number, since: number, table: ImportType): { rows: number; by: { batch_id: number | null; command: string }[] } {
  const keys = table === 'people'
    ? "SELECT person_id FROM people WHERE id IN (SELECT row_id FROM batch_changes WHERE batch_id = @id AND table_name = @table)"
    : "SELECT CAST(row_id AS TEXT) FROM batch_changes WHERE batch_id = @id AND table_name = @table";
  const since_ = `
    FROM audit a
    WHERE a.record_type = @table AND a.action = 'change'
      AND a.id > coalesce((SELECT max(id) FROM audit WHERE batch_id = @since AND command != 'imports undo'), 0)
      AND (a.batch_id IS NULL OR (a.batch_id != @id AND a.batch_id NOT IN (SELECT id FROM import_batches WHERE undone_at IS NOT NULL)))
      AND a.record_key IN (${keys})`;
  const rows = (db.prepare(`SELECT count(DISTINCT a.record_key) AS n ${since_}`).get({ id, since, table }) as { n: number }).n;
  const by = rows === 0 ? [] : db.prepare(`SELECT a.batch_id, CASE WHEN a.batch_id IS NULL THEN a.command ELSE '' END AS command, min(a.id) AS first
    ${since_} GROUP BY 1, 2 ORDER BY first`).all({ id, since, table }) as { batch_id: number | null; command: string }[];
  return { rows, by: by.map(({ batch_id, command }) => ({ batch_id, command })) };
}

const RECORD_TABLES = ['positions', 'hours', 'exams', 'credentials', 'evaluations', 'screenings', 'approvals'] as const;

/** People added by batch `id` who now have records from elsewhere (undo cannot remove them). */
export function peopleStillReferenced(db: Db, id: number, limit = 5): string[] {
  const refs = RECORD_TABLES.map((t) => `SELECT person FROM ${t} WHERE person IN (SELECT id FROM people WHERE batch_id = @id)${t === 'approvals' ? '' : ' AND (batch_id IS NULL OR batch_id != @id)'}`).join(' UNION ');
  return (db.prepare(`SELECT person_id FROM people WHERE id IN (${refs}) ORDER BY person_id LIMIT @limit`).all({ id, limit }) as { person_id: string }[])
    .map((r) => r.person_id);
}

/**
 * Rows batch `id` wrote (added or changed) that `credtrack remove` took out since: the
 * removal's audit entry names the batches that wrote the row (store/removal.ts).
 */
export function removedSince(db: Db, id: number, table: ImportType): number {
  return (db.prepare(`SELECT count(*) AS n FROM audit a WHERE a.action = 'remove' AND a.record_type = ? AND a.batch_id IS NULL
    AND EXISTS (SELECT 1 FROM json_each(a.before, '$.imports') WHERE value = ?)`).get(table, batchName(id)) as { n: number }).n;
}

/** Credentials added by batch `id` that were renewed since (their renewals refer to them). */
export function renewedCredentials(db: Db, id: number): number {
  return (db.prepare('SELECT count(*) AS n FROM credential_renewals WHERE credential IN (SELECT id FROM credentials WHERE batch_id = ?)').get(id) as { n: number }).n;
}

/** Puts back the before-image of a changed row; returns the row as it was and whose it is. */
export function restoreRow(db: Db, table: ImportType, rowId: number, before: Record<string, unknown>): { current: Record<string, unknown>; person_id: string | null } {
  const cols = RESTORABLE[table].filter((c) => c in before);
  const owner = table === 'people' ? 't.person_id' : '(SELECT person_id FROM people WHERE id = t.person)';
  const row = db.prepare(`SELECT ${[...cols.map((c) => `t.${c}`), `${owner} AS owner`].join(', ')} FROM ${table} t WHERE t.id = ?`).get(rowId) as Record<string, unknown> | undefined;
  if (!row) return { current: {}, person_id: null };
  const { owner: person_id, ...current } = row;
  if (cols.length) db.prepare(`UPDATE ${table} SET ${cols.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`).run(...cols.map((c) => before[c] ?? null), rowId);
  return { current, person_id: person_id as string | null };
}

/** People a batch added, for per-person audit entries on undo. */
/** The people a batch added, with their fields as they stand (the audit keeps them when undo removes them). */
export function peopleAddedBy(db: Db, id: number): { id: number; person_id: string; fields: Record<string, unknown> }[] {
  const rows = db.prepare(`SELECT id, person_id, ${PERSON_FIELDS.join(', ')} FROM people WHERE batch_id = ? ORDER BY person_id`).all(id) as Record<string, unknown>[];
  return rows.map(({ id: rowid, person_id, ...fields }) => ({ id: rowid as number, person_id: person_id as string, fields }));
}

/** Deletes the rows a batch added; returns how many. */
export function deleteAddedRows(db: Db, id: number, table: ImportType): number {
  return db.prepare(`DELETE FROM ${table} WHERE batch_id = ?`).run(id).changes;
}

export function markUndone(db: Db, id: number, at: string, actor: string): void {
  db.prepare('UPDATE import_batches SET undone_at = ?, undone_by = ? WHERE id = ?').run(at, actor, id);
}

/** What a batch added and changed that is still there, per table (for `imports show`). */
export function batchFootprint(db: Db, id: number, table: ImportType): { present: number; changed: number } {
  const present = (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE batch_id = ?`).get(id) as { n: number }).n;
  const changed = (db.prepare('SELECT count(*) AS n FROM batch_changes WHERE batch_id = ? AND table_name = ?').get(id, table) as { n: number }).n;
  return { present, changed };
}

/** Tables an import adds a person's records to (people rows added by an import are audited one by one). */
const PERSON_RECORD_TABLES = ['positions', 'hours', 'exams', 'credentials', 'evaluations', 'screenings'] as const;

export interface PersonBatchRows { batch: BatchRecord; type: ImportType; rows: number }

/**
 * The import batches whose added rows of `personId` are still on record, with how many,
 * oldest batch first. Each table is read through its index on the person (a person's rows
 * only), never a whole table or one scan per batch.
 */
export function batchesForPerson(db: Db, personId: string, since?: string): PersonBatchRows[] {
  const counts = PERSON_RECORD_TABLES.map((t) => `SELECT batch_id, '${t}' AS type, count(*) AS n FROM ${t}
    WHERE person = (SELECT id FROM people WHERE person_id = @person) AND batch_id IS NOT NULL GROUP BY batch_id`);
  const rows = db.prepare(`
    WITH c AS (${counts.join(' UNION ALL ')})
    SELECT b.*, c.type AS rows_type, c.n AS rows_n FROM c JOIN import_batches b ON b.id = c.batch_id
    ${since === undefined ? '' : 'WHERE b.at >= @since'}
    ORDER BY b.at, b.id`).all({ person: personId, ...(since === undefined ? {} : { since }) }) as (BatchRecord & { rows_type: ImportType; rows_n: number })[];
  return rows.map(({ rows_type, rows_n, ...batch }) => ({ batch, type: rows_type, rows: rows_n }));
}
