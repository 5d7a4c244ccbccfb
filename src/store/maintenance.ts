// Maintenance access to the database file: open without migrating (backup and doctor work
// on any version), online backup, integrity and foreign-key checks, the stored pack's text.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { InputError } from '../errors.js';
import { BUSY_TIMEOUT_MS, type Db, refuseDirectory, translateDbError } from './db.js';

/**
 * Opens an existing database as it is: no migration, no journal-mode change, nothing written.
 * Foreign keys stay off so a check can read rows that break them. `raw`: SQLite's own error
 * (with its code) is thrown, not the CLI's translation — doctor tells permissions from damage.
 */
export function openExisting(path: string, busyTimeoutMs = BUSY_TIMEOUT_MS, { raw = false }: { raw?: boolean } = {}): Db {
  refuseDirectory(path);
  if (!fs.existsSync(path)) {
    throw new InputError(`no database at ${path}`, 'create one with `credtrack init`, or point --db / CREDTRACK_DB at an existing one');
  }
  try {
    const db = new Database(path, { fileMustExist: true, timeout: busyTimeoutMs });
    db.pragma(`busy_timeout = ${Math.round(busyTimeoutMs)}`);
    return db;
  } catch (err) {
    throw raw ? err : translateDbError(err, path);
  }
}

/**
 * The database file read into memory and opened read-only there, for a database SQLite
 * cannot open in place: a WAL database needs its -wal and -shm files, and when they are
 * missing and cannot be created (a folder this user may not write in, a read-only mount)
 * even a read-only connection fails. (SQLite's `immutable` open would do, but better-sqlite3
 * is built without URI file names.) The file alone is the whole database only when no -wal
 * holds changes; and only a read that saw the file unchanged throughout is a snapshot.
 * Returns why not otherwise. Nothing is written, beside the file or anywhere.
 */
export function openSnapshot(path: string): { db: Db } | { reason: string } {
  const wal = `${path}-wal`;
  const walBytes = () => {
    try {
      return fs.statSync(wal).size;
    } catch {
      return 0;
    }
  };
  if (walBytes() > 0) return { reason: `${wal} holds changes that are not in the file yet` };
  let bytes: Buffer;
  let before: fs.Stats;
  try {
    before = fs.statSync(path);
    bytes = fs.readFileSync(path);
  } catch (err) {
    return { reason: `cannot read ${path}: ${(err as Error).message}` };
  }
  const after = fs.statSync(path);
  if (after.mtimeMs !== before.mtimeMs || after.size !== before.size || bytes.length !== before.size || walBytes() > 0) {
    return { reason: 'the file changed while it was read (another process is writing it)' };
  }
  // The copy is read in rollback-journal mode: header bytes 18-19 say WAL (2), which needs -wal/-shm files.
  if (bytes.length >= 20 && bytes[18] === 2 && bytes[19] === 2) bytes[18] = bytes[19] = 1;
  return { db: new Database(bytes, { readonly: true }) };
}

/**
 * Copies the database into `dest` (an existing empty file or a new one) with SQLite's online
 * backup. All pages are copied in one step, so the copy is one consistent snapshot: in WAL
 * mode writers go on meanwhile, and a write cannot make the backup restart over and over.
 * Then the copy is checked as doctor checks a database (`PRAGMA integrity_check`): the backup
 * API copies pages as they are, damage included, and ordinary reads do not notice a damaged
 * index. `problems` is empty when the copy is sound.
 */
export async function backupTo(db: Db, dest: string): Promise<{ pages: number; problems: string[] }> {
  const progress = await db.backup(dest, { progress: () => 0x7fffffff });
  // The copy inherits WAL mode from the header; make it one self-contained file instead
  // (restoring it as a live database turns WAL back on at the first open).
  const copy = new Database(dest, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
  // Read-only: the check runs several times faster than on a read-write connection.
  const check = new Database(dest, { fileMustExist: true, readonly: true });
  let problems: string[];
  try {
    problems = integrityProblems(check, 3);
  } catch (err) {
    // SQLite can give up half-way through a badly damaged file.
    if (!(err as { code?: string }).code?.startsWith('SQLITE_CORRUPT')) throw err;
    problems = [`the check stopped: ${(err as Error).message}`];
  } finally {
    check.close();
  }
  return { pages: progress.totalPages, problems };
}

/** `PRAGMA integrity_check`: an empty list when the file is sound, else SQLite's messages, one per line. */
export function integrityProblems(db: Db, limit = 20): string[] {
  const rows = db.prepare(`PRAGMA integrity_check(${Math.max(1, Math.floor(limit))})`).raw().all() as [string][];
  const lines = rows.flatMap((r) => r[0].split('\n')).filter((l) => l && !/^\*\*\* in database \w+ \*\*\*$/.test(l));
  return lines.length === 1 && lines[0] === 'ok' ? [] : lines;
}

/** The tables and indexes whose b-trees start at these root pages (integrity messages name them "Tree N"). */
export function objectsAtRootPages(db: Db, pages: number[]): { type: string; name: string }[] {
  if (!pages.length) return [];
  return db.prepare('SELECT type, name FROM sqlite_schema WHERE rootpage IN (SELECT value FROM json_each(?)) ORDER BY name')
    .all(JSON.stringify(pages)) as { type: string; name: string }[];
}

export interface ForeignKeyViolation { table: string; rowid: number | null; parent: string; count: number }

/** `PRAGMA foreign_key_check`, grouped by table and missing parent (first row id of each). */
export function foreignKeyViolations(db: Db): ForeignKeyViolation[] {
  const groups = new Map<string, ForeignKeyViolation>();
  for (const r of db.prepare('PRAGMA foreign_key_check').iterate() as Iterable<{ table: string; rowid: number | null; parent: string }>) {
    const key = `${r.table}\u0000${r.parent}`;
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { table: r.table, rowid: r.rowid, parent: r.parent, count: 1 });
  }
  return [...groups.values()];
}

/** The active (latest) rule pack as stored, unparsed; undefined when none is stored. */
export function storedPackText(db: Db): { id: number; name: string; content: string } | undefined {
  return db.prepare('SELECT id, name, content FROM rule_packs ORDER BY id DESC LIMIT 1').get() as { id: number; name: string; content: string } | undefined;
}

/** Reads the schema: throws SQLITE_NOTADB / SQLITE_CORRUPT when the file is not a readable database. */
export function readSchema(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number }).n;
}

/** Whether a table exists (a file that is SQLite but not credtrack lacks ours). */
export function hasTable(db: Db, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(name) !== undefined;
}
