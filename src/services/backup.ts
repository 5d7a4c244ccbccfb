// Online backup: a consistent copy of the database while others read and write it, created
// mode 0600, checked for damage, and moved into place only when complete and sound (a failed
// run leaves DEST untouched).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { InputError, StoreError } from '../errors.js';
import { translateDbError } from '../store/db.js';
import { backupTo, openExisting } from '../store/maintenance.js';
import { type OutputTarget, outputTarget } from '../io/private-file.js';
import { checkOutputPath } from './output-path.js';

export interface BackupRequest { dbPath: string; dest: string; force: boolean; busyTimeoutMs?: number }
export interface BackupResult { dest: string; bytes: number; pages: number }

/** The file to create: a symbolic link's target (the link stays); never a device or FIFO (a backup is a database file). */
function checkDest(req: BackupRequest): string {
  const checked = checkOutputPath(req.dbPath, req.dest, req.dest);
  let named: OutputTarget;
  try {
    named = outputTarget(checked);
  } catch (err) {
    throw new StoreError(`cannot create ${req.dest}: ${(err as Error).message}`);
  }
  if (named.kind !== 'file') throw new InputError(`${req.dest} is a ${named.type}; a backup is a regular file`, 'give the path of a file');
  const dest = named.path;
  if (fs.existsSync(dest) && !req.force) throw new InputError(`${req.dest} already exists`, 'use --force to overwrite it, or choose another file');
  return dest;
}

/** Moves the finished copy to `dest`: never over an existing file unless forced. */
function moveIntoPlace(tmp: string, dest: string, force: boolean, shown: string): void {
  if (force) return fs.renameSync(tmp, dest);
  try {
    fs.linkSync(tmp, dest); // fails if dest appeared meanwhile: no clobbering
    fs.unlinkSync(tmp);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new InputError(`${shown} already exists`, 'use --force to overwrite it, or choose another file');
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
    // File systems without hard links: check, then rename.
    if (fs.existsSync(dest)) throw new InputError(`${shown} already exists`, 'use --force to overwrite it, or choose another file');
    fs.renameSync(tmp, dest);
  }
}

function syncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
  } catch { /* not every platform can fsync a directory */ }
}

export async function backupDatabase(req: BackupRequest): Promise<BackupResult> {
  const dest = checkDest(req);
  const db = openExisting(req.dbPath, req.busyTimeoutMs);
  const tmp = path.join(path.dirname(dest), `.${path.basename(dest)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  // Every file SQLite creates for the copy (the copy, its journal) is private from the start.
  const umask = process.umask(0o077);
  try {
    try {
      fs.closeSync(fs.openSync(tmp, 'wx', 0o600));
    } catch (err) {
      throw new StoreError(`cannot create ${req.dest}: ${(err as Error).message}`);
    }
    let pages: number, problems: string[];
    try {
      ({ pages, problems } = await backupTo(db, tmp));
    } catch (err) {
      throw translateDbError(err, req.dbPath);
    }
    if (problems.length) {
      // A damaged copy never replaces a good backup: the last sound one may be all there is.
      throw new StoreError(
        `the database is damaged: its copy fails SQLite's integrity check (${problems.join('; ')}); ${req.dest} was ${fs.existsSync(dest) ? 'left as it was' : 'not written'}`,
        `run \`credtrack doctor\` on ${req.dbPath} for what is damaged and the fix; keep the earlier backups, they may be the last sound copies`,
      );
    }
    fs.chmodSync(tmp, 0o600);
    moveIntoPlace(tmp, dest, req.force, req.dest);
    syncDir(path.dirname(dest));
    return { dest: req.dest, bytes: fs.statSync(dest).size, pages };
  } finally {
    process.umask(umask);
    db.close();
    for (const f of [tmp, `${tmp}-journal`, `${tmp}-wal`, `${tmp}-shm`]) fs.rmSync(f, { force: true });
  }
}
