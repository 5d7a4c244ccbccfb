// A command's working session: the open database, who is acting, and the active pack.
import type { Context } from '../cli/context.js';
import { PackIndex } from '../engine/pack-index.js';
import { type Actor } from '../store/audit.js';
import { type Db, openDb } from '../store/db.js';
import { activePack } from '../store/rule-packs.js';

export interface Session {
  db: Db;
  who: Actor;
  today: string;
  asOf: string;
  rules(): PackIndex;
}

export function openSession(ctx: Context, opts: { create?: boolean } = {}): Session {
  const db = openDb(ctx.dbPath, { ...opts, busyTimeoutMs: ctx.busyTimeoutMs });
  let index: PackIndex | undefined;
  return {
    db,
    who: { actor: ctx.actor, now: ctx.now, command: ctx.command },
    today: ctx.today,
    asOf: ctx.asOf,
    rules: () => (index ??= new PackIndex(activePack(db))),
  };
}

/**
 * Runs `fn` with a session and always closes the database. When `fn` fails, its error is the
 * one reported: closing can fail too (a statement still iterating makes the connection
 * "busy"), and that must not hide what went wrong.
 */
export async function withSession<T>(ctx: Context, fn: (s: Session) => T | Promise<T>, opts: { create?: boolean } = {}): Promise<T> {
  const s = openSession(ctx, opts);
  let result: T;
  try {
    result = await fn(s);
  } catch (err) {
    try {
      s.db.close();
    } catch { /* the process ends with fn's error; SQLite needs no close to stay sound */ }
    throw err;
  }
  s.db.close();
  return result;
}
