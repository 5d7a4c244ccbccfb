// credtrack export: every record type as rows with the import columns (so an export
// re-imports), optionally redacted with stable pseudonyms keyed by a per-database secret.
import { createHmac } from 'node:crypto';
import { AUDIT_COLUMNS, iterateAudit } from '../store/audit.js';
import { exportColumns, iterateRecords, type RecordExportType, redactionSecret } from '../store/export.js';
import type { Session } from './session.js';

export type ExportType = RecordExportType | 'audit';
export type ExportRow = Record<string, unknown>;
export interface ExportPlan { type: ExportType; columns: readonly string[]; rows: Iterable<ExportRow> }

/** Stored 0/1 flags, exported as booleans (yes/no in CSV). */
const FLAGS = new Set(['lived_experience', 'supervised', 'paid']);

/** Fields that hold a person's name: replaced by `name-…` pseudonyms. */
const NAME_FIELDS = new Set(['first_name', 'last_name', 'evaluator', 'verified_by', 'approved_by', 'actor', 'undone_by']);
/** Fields that identify a person through another register: replaced by `num-…`. */
const NUMBER_FIELDS = new Set(['number']);
/** Free text may name anyone: dropped (null) when redacting. */
const FREE_TEXT_FIELDS = new Set(['note', 'reason']);
const EMAIL = /^[^\s@]+@[^\s@]+$/;

export type Redactor = (field: string, value: unknown) => unknown;

/**
 * Pseudonyms: the first 12 hex digits of HMAC-SHA256(secret, kind NUL normalised value).
 * The same value gives the same pseudonym in every record type, in the audit log and in
 * every export from this database (and its backups); without the secret they cannot be
 * reversed by guessing names. Emails stay valid addresses on a reserved domain.
 */
export function makeRedactor(secret: Buffer): Redactor {
  const cache = new Map<string, string>();
  const token = (kind: string, value: string) => {
    const key = `${kind}\u0000${value.trim().replace(/\s+/g, ' ').toLowerCase()}`;
    let t = cache.get(key);
    if (t === undefined) {
      t = createHmac('sha256', secret).update(key).digest('hex').slice(0, 12);
      if (cache.size < 100_000) cache.set(key, t);
    }
    return t;
  };
  const redact: Redactor = (field, value) => {
    if (value === null || value === undefined) return value;
    if (FREE_TEXT_FIELDS.has(field)) return null;
    if (typeof value === 'string') {
      if (field === 'email' || EMAIL.test(value)) return `${token('email', value)}@redacted.invalid`;
      if (NAME_FIELDS.has(field)) return `name-${token('name', value)}`;
      if (NUMBER_FIELDS.has(field)) return `num-${token('number', value)}`;
      return value;
    }
    // Before/after images in the audit log: the same rules, key by key, at any depth.
    if (Array.isArray(value)) return value.map((v) => redact(field, v));
    if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(k, v)]));
    return value;
  };
  return redact;
}

function* rowsOf(source: Iterable<ExportRow>, columns: readonly string[], redact: Redactor | undefined): Generator<ExportRow> {
  const flags = columns.filter((c) => FLAGS.has(c));
  for (const row of source) {
    for (const f of flags) if (row[f] !== null) row[f] = row[f] === 1;
    if (redact) for (const c of columns) row[c] = redact(c, row[c]);
    yield row;
  }
}

export function planExport(s: Session, type: ExportType, opts: { redact: boolean }): ExportPlan {
  const redact = opts.redact ? makeRedactor(redactionSecret(s.db, s.who)) : undefined;
  if (type === 'audit') return { type, columns: AUDIT_COLUMNS, rows: rowsOf(iterateAudit(s.db) as Iterable<ExportRow>, AUDIT_COLUMNS, redact) };
  const columns = exportColumns(type);
  return { type, columns, rows: rowsOf(iterateRecords(s.db, type), columns, redact) };
}
