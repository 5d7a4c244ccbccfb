// The database's lock and error policy without the driver: how long to wait for another
// process's lock, and driver errors → typed errors. Apart from db.ts so the CLI edge can use
// it without loading better-sqlite3 (`credtrack --version` stays fast).
import { StoreError } from '../errors.js';

/**
 * How long a command waits for another process's write lock before giving up (exit 3). An
 * import holds the lock for its whole transaction: a million rows take tens of seconds on a
 * small machine, and cron's `reminders --mark-sent` must outwait it (SPEC §6).
 * $CREDTRACK_BUSY_TIMEOUT (seconds) changes it.
 */
export const BUSY_TIMEOUT_MS = 60_000;

/** The hint of a lock error: what to wait for, and how to wait longer. */
export const LOCKED_HINT =
  'another credtrack (an import?) is writing; run again when it has finished, or wait longer with CREDTRACK_BUSY_TIMEOUT=SECONDS (default 60)';

/** Turns driver errors into the typed errors the CLI maps to exit codes; other errors pass through. */
export function translateDbError(err: unknown, path?: string): unknown {
  if (!(err instanceof Error)) return err;
  const code = (err as { code?: string }).code ?? '';
  const where = path ? ` (${path})` : '';
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY') || code === 'SQLITE_LOCKED') {
    return new StoreError(`the database is locked by another process${where}`, LOCKED_HINT);
  }
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
    return new StoreError(`the database file is damaged or not a credtrack database${where}`, 'run `credtrack doctor`, or restore a backup');
  }
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_IOERR'
    || code.startsWith('SQLITE_IOERR') || code === 'SQLITE_FULL' || code === 'SQLITE_PERM') {
    const readonly = code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM' || code === 'SQLITE_CANTOPEN';
    return new StoreError(`cannot write the database${where}: ${err.message}`,
      readonly ? 'check that you may write the file and its folder (SQLite keeps its -wal and -shm files beside it)' : undefined);
  }
  return err;
}
