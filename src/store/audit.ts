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

export function listAudit(db: Db, filter: { person?: string; since?: string; limit?: number }): AuditRow[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (filter.person) { where.push('person_id = ?'); args.push(filter.person); }
  if (filter.since) { where.push('at >= ?'); args.push(filter.since); }
  const sql = `SELECT * FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id${filter.limit ? ` DESC LIMIT ${Math.floor(filter.limit)}` : ''}`;
  const rows = db.prepare(sql).all(...args) as (Omit<AuditRow, 'before' | 'after'> & { before: string | null; after: string | null })[];
  if (filter.limit) rows.reverse();
  return rows.map((r) => ({ ...r, before: r.before === null ? null : JSON.parse(r.before), after: r.after === null ? null : JSON.parse(r.after) }));
}
