// Opens, guards and migrates the database file: WAL, busy timeout, foreign keys, mode 0600,
// forward-only migrations by PRAGMA user_version. Every other store module gets a `Db`.
import fs from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { InputError, StoreError } from '../errors.js';
import { BUSY_TIMEOUT_MS, translateDbError } from './db-policy.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';

export { BUSY_TIMEOUT_MS, translateDbError } from './db-policy.js';

export type Db = Database.Database;

export interface OpenOptions {
  /** Create the file when it is missing (only `init` does). */
  create?: boolean;
  readonly?: boolean;
  /** How long to wait for another process's write lock (default BUSY_TIMEOUT_MS). */
  busyTimeoutMs?: number;
}

/**
 * Refuses a database path that names a directory (exit 2): SQLite would only say "unable to
 * open database file", and `init --force` would try to delete it.
 */
export function refuseDirectory(path: string): void {
  let isDir = false;
  try {
    isDir = fs.statSync(path).isDirectory();
  } catch { /* missing or unreadable: the caller's own checks say so */ }
  if (isDir) {
    throw new InputError(`${path} is a directory; give the path of a database file`,
      `e.g. --db ${join(path, 'credtrack.db')} (or set CREDTRACK_DB to a file)`);
  }
}

/**
 * Refuses, before anything is written, a file that is not a credtrack database: an empty file
 * or an empty SQLite database (only `init` makes one a credtrack database), or another
 * program's SQLite database (migrating would add credtrack's tables to it). Every credtrack
 * database has a schema version: its first migration sets one.
 */
function refuseForeign(db: Db, path: string): void {
  if ((db.pragma('user_version', { simple: true }) as number) !== 0) return;
  const tables = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'").pluck().get() as number;
  db.close();
  if (tables === 0) throw new InputError(`${path} is empty: not a credtrack database yet`, `make it one with \`credtrack init --db ${path}\``);
  throw new InputError(`${path} is a SQLite database of another program, not a credtrack database`, 'point --db / CREDTRACK_DB at a credtrack database; nothing was changed');
}

export function openDb(path: string, opts: OpenOptions = {}): Db {
  refuseDirectory(path);
  const exists = fs.existsSync(path);
  if (!exists && !opts.create) {
    throw new InputError(`no database at ${path}`, 'create one with `credtrack init`, or point --db / CREDTRACK_DB at an existing one');
  }
  if (!exists) {
    try {
      fs.closeSync(fs.openSync(path, 'wx', 0o600));
    } catch (err) {
      throw new StoreError(`cannot create ${path}: ${(err as Error).message}`);
    }
  }
  const timeout = opts.busyTimeoutMs ?? BUSY_TIMEOUT_MS;
  let db: Db;
  try {
    db = new Database(path, { fileMustExist: true, timeout });
    if (exists && !opts.create) refuseForeign(db, path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${timeout}`);
    db.pragma('cache_size = -65536');
    migrate(db);
  } catch (err) {
    throw translateDbError(err, path);
  }
  return db;
}

/** Brings the schema up to SCHEMA_VERSION in one transaction; refuses a newer database. */
export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new StoreError(
      `the database has schema version ${current}, newer than this credtrack knows (${SCHEMA_VERSION})`,
      'upgrade credtrack; nothing was changed',
    );
  }
  if (current === SCHEMA_VERSION) return;
  db.transaction(() => {
    for (let v = current; v < SCHEMA_VERSION; v++) {
      db.exec(MIGRATIONS[v]!);
    }
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Runs `fn` in a write transaction taken at once (BEGIN IMMEDIATE), so it never deadlocks on upgrade. */
export function writeTx<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate();
}

/**
 * Runs `fn`, which may await (worker threads, writing the output), holding the write lock
 * from the start: BEGIN IMMEDIATE (waiting the busy timeout for another writer), COMMIT when
 * `fn` resolves, ROLLBACK when it throws. Until then no other process can commit, so what
 * `fn` reads — here or on other connections, which see the last commit — stays true until
 * what it writes is committed. writeTx inside `fn` becomes a savepoint of this transaction.
 *
 * A database this process may not write (a read-only file or mount, an immutable file, a
 * read-only -wal) fails here, before `fn` runs: SQLite quietly makes BEGIN IMMEDIATE a read
 * transaction there, so a statement that needs the write transaction, and changes nothing,
 * makes it say so (SQLITE_READONLY) now rather than at the commit, after `fn` has printed.
 */
export async function holdingWriteLock<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec('DELETE FROM meta WHERE 0'); // every credtrack database has `meta` (the first migration)
    const out = await fn();
    db.exec('COMMIT');
    return out;
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
}

/** Errors by which SQLite says the file is not a database it can read (damaged, or not SQLite at all). */
const unreadable = (err: unknown) => ['SQLITE_NOTADB', 'SQLITE_CORRUPT'].includes((err as { code?: string }).code ?? '');

/**
 * `init --force`: empties the database at `path` in place — every table, index, view and
 * trigger dropped, the freed pages overwritten with zeros — gives it the current schema and
 * runs `fill` (the first rule pack), in one transaction taken with BEGIN IMMEDIATE. So it
 * waits for another process's write like every writer (the busy timeout, then exit 3), and a
 * process that has the file open keeps writing into the same file, after this: never into a
 * deleted one that reported success and vanished. Then the file is compacted if no one else
 * is writing. Returns false, having changed nothing, when SQLite cannot read the file as a
 * database at all (then no process can be writing it, and the caller replaces the file).
 */
export function reinitDb(path: string, opts: { busyTimeoutMs?: number }, fill: (db: Db) => void): boolean {
  const timeout = opts.busyTimeoutMs ?? BUSY_TIMEOUT_MS;
  let db: Db;
  try {
    db = new Database(path, { fileMustExist: true, timeout });
  } catch (err) {
    throw translateDbError(err, path);
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = OFF'); // the whole schema goes at once: nothing to check row by row
    db.pragma('secure_delete = ON'); // the records are gone from the file, not left in free pages
    db.pragma(`busy_timeout = ${timeout}`);
    writeTx(db, () => {
      const order = "CASE type WHEN 'view' THEN 0 WHEN 'trigger' THEN 1 ELSE 2 END";
      const objects = db.prepare(`SELECT type, name FROM sqlite_master WHERE type IN ('view', 'trigger', 'table') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY ${order}`)
        .all() as { type: string; name: string }[];
      for (const o of objects) db.exec(`DROP ${o.type.toUpperCase()} IF EXISTS "${o.name.replaceAll('"', '""')}"`);
      db.pragma('user_version = 0');
      migrate(db);
      fill(db);
    });
  } catch (err) {
    db.close();
    if (unreadable(err)) return false;
    throw translateDbError(err, path);
  }
  try {
    // Give the space back, unless another process is already writing (it waited for us): then the zeroed pages stay free.
    db.pragma('busy_timeout = 0');
    db.exec('VACUUM');
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch { /* compacting is a courtesy */ } finally {
    db.close();
  }
  return true;
}
