// The audit log: every change records when, who, which command, and the before/after images.
import type { Db } from './db.js';

export interface Actor {
  actor: string;
  /** ISO timestamp of the command (taken once at the CLI edge). */
  now: string;
  command: string;
}

export interface AuditEntry {
  action: 'add' | 'change' | 'remove';
  record_type: string;
  record_key: string;
  person_id?: string | null;
  batch_id?: number | null;
  before?: unknown;
  after?: unknown;
}

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

export function recordAudit(db: Db, who: Actor, e: AuditEntry): void {
  db.prepare(
    `INSERT INTO audit (at, actor, command, action, record_type, record_key, person_id, batch_id, before, after)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(who.now, who.actor, who.command, e.action, e.record_type, e.record_key, e.person_id ?? null, e.batch_id ?? null, json(e.before), json(e.after));
}

export interface AuditRow {
  id: number; at: string; actor: string; command: string; action: string; record_type: string;
  record_key: string; person_id: string | null; batch_id: number | null; before: unknown; after: unknown;
}

/** The columns of an audit entry, in the order `audit --json`, CSV and `export --type audit` print them. */
export const AUDIT_COLUMNS = ['id', 'at', 'actor', 'command', 'action', 'record_type', 'record_key', 'person_id', 'batch_id', 'before', 'after'] as const;

export interface AuditFilter {
  person?: string;
  /** ISO timestamp: entries at or after it. */
  since?: string;
  /** Only the last `limit` entries (still listed oldest first). */
  limit?: number;
}

/** Audit entries oldest first, streamed (the log can be as long as the records are many). */
export function* iterateAudit(db: Db, filter: AuditFilter = {}): Generator<AuditRow> {
  const where: string[] = [];
  const args: unknown[] = [];
  if (filter.person !== undefined) { where.push('person_id = ?'); args.push(filter.person); }
  if (filter.since !== undefined) { where.push('at >= ?'); args.push(filter.since); }
  const selected = `SELECT * FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
  let sql = `${selected} ORDER BY id`;
  if (filter.limit !== undefined) {
    sql = `SELECT * FROM (${selected} ORDER BY id DESC LIMIT ?) ORDER BY id`;
    args.push(Math.max(0, Math.floor(filter.limit)));
  }
  type Raw = Omit<AuditRow, 'before' | 'after'> & { before: string | null; after: string | null };
  for (const r of db.prepare(sql).iterate(...args) as Iterable<Raw>) {
    yield { ...r, before: r.before === null ? null : JSON.parse(r.before), after: r.after === null ? null : JSON.parse(r.after) };
  }
}

export function listAudit(db: Db, filter: AuditFilter): AuditRow[] {
  return [...iterateAudit(db, filter)];
}

/** True when the audit log names this person (a person removed by an undo keeps their entries). */
export function auditNamesPerson(db: Db, personId: string): boolean {
  return db.prepare('SELECT 1 FROM audit WHERE person_id = ? LIMIT 1').get(personId) !== undefined;
}
