// The audit trail as a read: entries filtered by person and time, oldest first, streamed.
// For one person, the import batches that added their records (not audited row by row)
// are listed among the entries, at each batch's time.
import { InputError } from '../errors.js';
import { auditNamesPerson, type AuditRow, iterateAudit } from '../store/audit.js';
import { batchesForPerson, batchName } from '../store/batches.js';
import { findPerson } from '../store/people.js';
import type { Session } from './session.js';

export interface AuditQuery {
  person?: string;
  /** ISO timestamp (the CLI turns --since's local date into the instant it starts). */
  since?: string;
  limit?: number;
}

/**
 * An audit entry, or (id null) the summary of an import batch's rows for one person:
 * record_type import_batch, record_key its name (B3), after {file, type, rows}, where rows
 * is how many rows of that type it added for the person that are still on record.
 */
export type AuditListEntry = Omit<AuditRow, 'id'> & { id: number | null };

/** The rows batch `b` added for `person`, as an entry of the person's audit list. */
function batchEntry(person: string, b: ReturnType<typeof batchesForPerson>[number]): AuditListEntry {
  return {
    id: null, at: b.batch.at, actor: b.batch.actor, command: 'import', action: 'add', record_type: 'import_batch',
    record_key: batchName(b.batch.id), person_id: person, batch_id: b.batch.id, before: null,
    after: { file: b.batch.file, type: b.type, rows: b.rows },
  };
}

/** Entries and batch summaries in time order: a batch comes after the entries made up to its time. */
function* merged(entries: Iterable<AuditRow>, batches: AuditListEntry[]): Generator<AuditListEntry> {
  let next = 0;
  for (const e of entries) {
    while (next < batches.length && batches[next]!.at < e.at) yield batches[next++]!;
    yield e;
  }
  while (next < batches.length) yield batches[next++]!;
}

/**
 * The entries matching `q`. A person who is neither in the people table nor named by any
 * audit entry is a usage error (a typo), not an empty history. For a person, the import
 * batches that added their records are listed too (rows an import adds are not audited
 * one by one: docs/import.md), so that a later change to such a row has its origin.
 */
export function auditEntries(s: Session, q: AuditQuery): Iterable<AuditListEntry> {
  if (q.person !== undefined && !findPerson(s.db, q.person) && !auditNamesPerson(s.db, q.person)) {
    throw new InputError(`unknown person ${JSON.stringify(q.person)}: no such person and no audit entries name them`, 'check the id with `credtrack people list`');
  }
  if (q.person === undefined) return iterateAudit(s.db, q);
  const person = q.person;
  const batches = batchesForPerson(s.db, person, q.since).map((b) => batchEntry(person, b));
  if (!batches.length) return iterateAudit(s.db, q);
  if (q.limit === undefined) return merged(iterateAudit(s.db, q), batches);
  // The last `limit` of entries and batches together (at most `limit` of each are kept).
  const all = [...merged(iterateAudit(s.db, q), batches.slice(-q.limit))];
  return all.slice(Math.max(0, all.length - q.limit));
}

/** The table's one-line summary of a batch's rows for a person. */
export function summarizeBatchRows(e: AuditListEntry): string {
  const a = e.after as { file: string; type: string; rows: number };
  return `import ${e.record_key} (${a.file}): ${a.rows} ${a.type} row${a.rows === 1 ? '' : 's'} added for ${e.person_id}`;
}

const SHOWN = 60;

function show(v: unknown): string {
  if (v === null || v === undefined) return '∅';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > SHOWN ? `${s.slice(0, SHOWN - 1)}…` : s;
}

/** The yes/no columns (store/migrations.ts `flag`): stored as 1/0, audited as 1/0 or true/false. */
const FLAG_COLUMNS = new Set(['lived_experience', 'supervised', 'paid']);

/** A flag as the rest of the product writes it (yes/no); any other value as it is. */
function flagWord(v: unknown): unknown {
  return v === 1 || v === true ? 'yes' : v === 0 || v === false ? 'no' : v;
}

function fields(v: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = v !== null && typeof v === 'object' && !Array.isArray(v) ? { ...(v as Record<string, unknown>) } : v === null || v === undefined ? {} : { value: v };
  for (const k of Object.keys(out)) if (FLAG_COLUMNS.has(k)) out[k] = flagWord(out[k]);
  return out;
}

/**
 * A compact before → after summary of one entry: the changed fields of a change, the
 * non-empty fields of an addition or removal; yes/no flags as yes or no.
 */
export function summarizeChange(e: Pick<AuditRow, 'action' | 'before' | 'after'>): string {
  const before = fields(e.before), after = fields(e.after);
  if (e.action === 'change') {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    const changed = keys.filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null));
    // Context such as a credential's code appears on both sides unchanged; show it once.
    const same = keys.filter((k) => !changed.includes(k) && k in before && k in after).map((k) => `${k}=${show(after[k])}`);
    return [...same, ...changed.map((k) => `${k}: ${show(before[k])} → ${show(after[k])}`)].join('; ');
  }
  const image = e.action === 'remove' ? before : after;
  return Object.entries(image).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => `${k}=${show(v)}`).join(', ');
}
