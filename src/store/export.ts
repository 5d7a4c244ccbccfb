// Reads for `credtrack export`: every record type streamed in a stable order with HR's
// person_id (never the internal row id) and the import column names of SPEC §5, and the
// per-database secret that keys redaction pseudonyms.
import { randomBytes } from 'node:crypto';
import { COLUMNS, type ImportType } from '../schemas/rows.js';
import { type Actor, recordAudit } from './audit.js';
import { type Db, writeTx } from './db.js';

export type RecordExportType = ImportType | 'approvals';

interface Source {
  columns: readonly string[];
  from: string;
  order: string;
  /** Stored column behind an export column, where the names differ. */
  renamed?: Record<string, string>;
}

const ofPerson = (table: string, order: string, columns: readonly string[], renamed?: Record<string, string>): Source => ({
  columns, from: `${table} x JOIN people p ON p.id = x.person`, order, renamed,
});

// Orders: person_id, then each record's own key (date, code). Two databases holding the same
// records export the same file, whatever order they were imported in. The plans follow the
// indexes (people by person_id, each record table by person), so even a million rows stream
// without a full sort.
const SOURCES: Record<RecordExportType, Source> = {
  people: { columns: COLUMNS.people, from: 'people p', order: 'p.person_id' },
  positions: ofPerson('positions', 'p.person_id, x.start_date, x.id', COLUMNS.positions),
  hours: ofPerson('hours', 'p.person_id, x.date, x.id', COLUMNS.hours),
  exams: ofPerson('exams', 'p.person_id, x.exam, x.date', COLUMNS.exams),
  credentials: ofPerson('credentials', 'p.person_id, x.code, x.issued_on', COLUMNS.credentials, { credential: 'code' }),
  evaluations: ofPerson('evaluations', 'p.person_id, x.date, x.id', COLUMNS.evaluations),
  screenings: ofPerson('screenings', 'p.person_id, x.type, x.date', COLUMNS.screenings),
  approvals: ofPerson('approvals', 'p.person_id, x.progression', ['person_id', 'progression', 'date', 'approved_by']),
};

export const RECORD_EXPORT_TYPES = Object.keys(SOURCES) as RecordExportType[];

export function exportColumns(type: RecordExportType): readonly string[] {
  return SOURCES[type].columns;
}

/** The rows of `type` as objects keyed by the export columns (flags as stored: 0/1). */
export function iterateRecords(db: Db, type: RecordExportType): IterableIterator<Record<string, unknown>> {
  const src = SOURCES[type];
  const table = type === 'people' ? 'p' : 'x';
  const select = src.columns.map((c) => (c === 'person_id' ? 'p.person_id' : `${table}.${src.renamed?.[c] ?? c} AS ${c}`));
  return db.prepare(`SELECT ${select.join(', ')} FROM ${src.from} ORDER BY ${src.order}`).iterate() as IterableIterator<Record<string, unknown>>;
}

const SECRET_KEY = 'redaction_secret';

/**
 * The random secret that keys this database's pseudonyms, created (and audited, without
 * its value) on first use. INSERT OR IGNORE in a write transaction: two first exports at
 * once still agree on one secret.
 */
export function redactionSecret(db: Db, who: Actor): Buffer {
  const read = () => (db.prepare('SELECT value FROM meta WHERE key = ?').get(SECRET_KEY) as { value: string } | undefined)?.value;
  const existing = read();
  if (existing) return Buffer.from(existing, 'hex');
  return writeTx(db, () => {
    const added = db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)').run(SECRET_KEY, randomBytes(32).toString('hex')).changes;
    if (added) recordAudit(db, who, { action: 'add', record_type: 'meta', record_key: SECRET_KEY, after: { purpose: 'keys export --redact pseudonyms' } });
    return Buffer.from(read()!, 'hex');
  });
}
