// reminders_sent: which reminder keys were sent at which threshold, so cron tells each once.
// A threshold is a number of days; an overdue item is stored at OVERDUE (-1).
import { recordAudit, type Actor } from './audit.js';
import { type Db, writeTx } from './db.js';

export const OVERDUE = -1;

export interface SentMark { key: string; threshold: number }

const pair = (key: string, threshold: number) => `${threshold}|${key}`;

/** The (key, threshold) pairs among `keys` already marked sent, as "threshold|key" strings. */
export function sentPairs(db: Db, keys: string[]): Set<string> {
  const out = new Set<string>();
  if (!keys.length) return out;
  const rows = db.prepare('SELECT key, threshold FROM reminders_sent WHERE key IN (SELECT value FROM json_each(?))').raw().iterate(JSON.stringify(keys));
  for (const [key, threshold] of rows as Iterable<[string, number]>) out.add(pair(key, threshold));
  return out;
}

export function isSent(sent: Set<string>, m: SentMark): boolean {
  return sent.has(pair(m.key, m.threshold));
}

/**
 * Records the marks in one short BEGIN IMMEDIATE transaction, with one audit entry for the
 * run (the rows themselves keep key, threshold, time and actor). Returns how many were new.
 */
export function markSent(db: Db, who: Actor, marks: SentMark[], summary: Record<string, unknown>): number {
  if (!marks.length) return 0;
  return writeTx(db, () => {
    const insert = db.prepare('INSERT OR IGNORE INTO reminders_sent (key, threshold, sent_at, actor) VALUES (?, ?, ?, ?)');
    let added = 0;
    for (const m of marks) added += insert.run(m.key, m.threshold, who.now, who.actor).changes;
    if (added) recordAudit(db, who, { action: 'add', record_type: 'reminders_sent', record_key: who.now, after: { ...summary, marked: added } });
    return added;
  });
}
