// credtrack doctor: is the database file sound and private, its schema one this build knows,
// and its active rule pack still valid? Each finding comes with a way to fix it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkPackText } from './rules.js';
import { type Db, schemaVersion } from '../store/db.js';
import { SCHEMA_VERSION } from '../store/migrations.js';
import { unknownSupervisors } from '../store/people.js';
import {
  foreignKeyViolations, hasTable, integrityProblems, objectsAtRootPages, openExisting, openSnapshot, readSchema, storedPackText,
} from '../store/maintenance.js';

export interface DoctorCheck { name: string; ok: boolean; detail: string; hint?: string }
export interface DoctorReport {
  healthy: boolean;
  /** False when the file could not be read as a database at all: damaged (the CLI exits 3), or out of this user's reach (a finding). */
  readable: boolean;
  /** The file is not sound: unreadable, or its integrity check failed (the CLI exits 3, as any command on it does). */
  damaged: boolean;
  checks: DoctorCheck[];
}

const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Why this process may not access `file` so (an errno code), or null when it may. */
function denied(file: string, mode: number): string | null {
  try {
    fs.accessSync(file, mode);
    return null;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? 'EACCES';
  }
}

function userName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return `uid ${process.getuid?.() ?? '?'}`;
  }
}

/** The commands that let this user create files in `dir`, as a parenthesis (none when its owner and mode already should). */
function folderFix(dir: string, user: string): string {
  const st = fs.statSync(dir);
  const steps = [...(st.uid === process.getuid?.() ? [] : [`chown ${user} ${dir}`]), ...(st.mode & 0o200 ? [] : [`chmod u+w ${dir}`])];
  return steps.length ? ` (e.g. \`${steps.join(' && ')}\`)` : '';
}

/**
 * What stops this user from using the database at all: the file it may not read, -wal/-shm
 * files SQLite cannot create beside it (a folder it may not write in, a read-only mount) or
 * may not open. Each makes every command fail, reads too (exit 3), sound file or not.
 */
function accessProblems(dbPath: string): { detail: string; hint: string }[] {
  const file = path.resolve(dbPath);
  const dir = path.dirname(file);
  const user = userName();
  const out: { detail: string; hint: string }[] = [];
  if (denied(file, fs.constants.R_OK)) {
    // Most likely the wrong user: what else stands in the way follows from that.
    return [{ detail: `this user (${user}) may not read ${file}`, hint: `run credtrack as the user that owns ${file}, or give ${user} read and write access to it` }];
  }
  const companions = ['-wal', '-shm'].map((s) => file + s);
  const missing = companions.filter((f) => !fs.existsSync(f));
  const dirDenied = missing.length ? denied(dir, fs.constants.W_OK | fs.constants.X_OK) : null;
  if (dirDenied) {
    const why = dirDenied === 'EROFS' ? `the folder ${dir} is on a read-only file system`
      : `this user (${user}) may not create files in the folder ${dir}${dirDenied === 'EACCES' ? '' : ` (${dirDenied})`}`;
    out.push({
      detail: `SQLite cannot create ${missing.join(' and ')} beside the database: ${why}, so every credtrack command on it fails (exit 3)`,
      hint: `${dirDenied === 'EROFS' ? `copy ${file} to a writable file system` : `let the user that runs credtrack create files in ${dir}${folderFix(dir, user)}, or move the database to a folder it may write in`}; this is not damage: a backup would not help`,
    });
  }
  const closed = companions.filter((f) => fs.existsSync(f) && denied(f, fs.constants.R_OK | fs.constants.W_OK));
  if (closed.length) {
    out.push({
      detail: `this user (${user}) may not read and write ${closed.join(' and ')}, so every credtrack command on the database fails (exit 3)`,
      hint: `run credtrack as the user that owns the database, or give ${user} the same access to ${closed.join(' and ')} as to ${path.basename(file)}`,
    });
  }
  return out;
}

/**
 * The database file and its WAL companions must not be readable by group or others, and this
 * user must be able to read the file and have SQLite keep its -wal and -shm files beside it.
 */
export function checkPermissions(dbPath: string, platform: string = process.platform): DoctorCheck {
  if (platform === 'win32') return { name: 'permissions', ok: true, detail: 'not checked on Windows (no POSIX modes)' };
  const files = ['', '-wal', '-shm'].map((s) => dbPath + s).filter((f) => fs.existsSync(f));
  const open = files.map((f) => ({ f, mode: fs.statSync(f).mode })).filter((x) => (x.mode & 0o077) !== 0);
  const problems = accessProblems(dbPath);
  if (open.length) {
    problems.push({
      detail: open.map((x) => `${x.f} is mode ${octal(x.mode)} (group or others can access it)`).join('; '),
      hint: `chmod 600 ${open.map((x) => x.f).join(' ')}`,
    });
  }
  if (!problems.length) {
    const readOnly = denied(dbPath, fs.constants.W_OK) ? `; this user (${userName()}) may only read it: commands that write exit 3` : '';
    return { name: 'permissions', ok: true, detail: `${files.join(', ')}: readable by the owner only${readOnly}` };
  }
  return { name: 'permissions', ok: false, detail: problems.map((p) => p.detail).join('; '), hint: problems.map((p) => p.hint).join('; ') };
}

const INTEGRITY_LIMIT = 20;
const RESTORE = 'restore the latest backup (keep the damaged file for inspection); `sqlite3 DB .recover` may salvage rows';

function checkIntegrity(db: Db): DoctorCheck {
  let problems: string[];
  try {
    problems = integrityProblems(db, INTEGRITY_LIMIT);
  } catch (err) {
    // SQLite can give up half-way through a badly damaged file.
    if (!(err as { code?: string }).code?.startsWith('SQLITE_CORRUPT')) throw err;
    return { name: 'integrity', ok: false, detail: `the check stopped: ${(err as Error).message}`, hint: RESTORE };
  }
  if (!problems.length) return { name: 'integrity', ok: true, detail: 'ok' };
  const pages = [...new Set(problems.flatMap((p) => [...p.matchAll(/\bTree (\d+)\b/g)].map((m) => Number(m[1]))))];
  const damaged = objectsAtRootPages(db, pages);
  const count = problems.length >= INTEGRITY_LIMIT ? `at least ${INTEGRITY_LIMIT} problems` : plural(problems.length, 'problem');
  return {
    name: 'integrity', ok: false,
    detail: `${count}${damaged.length ? ` in ${damaged.map((o) => `${o.type} ${o.name}`).join(', ')}` : ''}: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? '; …' : ''}`,
    hint: RESTORE,
  };
}

function checkForeignKeys(db: Db): DoctorCheck {
  const violations = foreignKeyViolations(db);
  if (!violations.length) return { name: 'foreign_keys', ok: true, detail: 'every record refers to an existing row' };
  return {
    name: 'foreign_keys', ok: false,
    detail: violations.map((v) => `${plural(v.count, `${v.table} row`)} refer${v.count === 1 ? 's' : ''} to missing ${v.parent} (first row id ${v.rowid})`).join('; '),
    hint: 'the rows were written around credtrack (foreign keys off); restore a backup, or delete the orphaned rows with sqlite3 after a `credtrack backup`',
  };
}

function checkSchema(db: Db): DoctorCheck {
  const v = schemaVersion(db);
  if (v === SCHEMA_VERSION) return { name: 'schema_version', ok: true, detail: `${v} (this build: ${SCHEMA_VERSION})` };
  if (v === 0 || !hasTable(db, 'people')) {
    return { name: 'schema_version', ok: false, detail: `schema version ${v}: not a credtrack database`, hint: 'point --db / CREDTRACK_DB at a credtrack database, or create one with `credtrack init`' };
  }
  if (v < SCHEMA_VERSION) return { name: 'schema_version', ok: true, detail: `${v}, older than this build (${SCHEMA_VERSION}): the next credtrack command that opens it migrates it` };
  return { name: 'schema_version', ok: false, detail: `${v}, newer than this build knows (${SCHEMA_VERSION})`, hint: 'upgrade credtrack; this build refuses to change the database' };
}

function checkRulePack(db: Db): DoctorCheck {
  const name = 'rule_pack';
  if (!hasTable(db, 'rule_packs')) return { name, ok: false, detail: 'no rule_packs table', hint: 'point --db at a credtrack database' };
  const stored = storedPackText(db);
  if (!stored) return { name, ok: false, detail: 'no rule pack is loaded', hint: 'load one with `credtrack rules load FILE`' };
  const { problems } = checkPackText(stored.content, 'stored.json');
  if (!problems.length) return { name, ok: true, detail: `${JSON.stringify(stored.name)} (loaded as pack ${stored.id}) is valid` };
  return {
    name, ok: false,
    detail: `${JSON.stringify(stored.name)} (pack ${stored.id}): ${plural(problems.length, 'problem')}: ${problems.slice(0, 5).map((p) => `${p.path}: ${p.message}`).join('; ')}${problems.length > 5 ? '; …' : ''}`,
    hint: 'write the pack out with `credtrack rules export > pack.yaml`, fix it (`credtrack rules validate pack.yaml`), then `credtrack rules load pack.yaml`',
  };
}

const SHOWN_SUPERVISORS = 5;

/**
 * People whose supervisor_id is no one on record: accepted when recorded (people may come
 * before their supervisors), but until the supervisor is added their reminders carry no
 * supervisor email. A finding about the records (exit 1), not damage.
 */
function checkSupervisors(db: Db): DoctorCheck {
  const name = 'supervisors';
  if (!hasTable(db, 'people')) return { name, ok: true, detail: 'not checked (no people table)' };
  const found = unknownSupervisors(db, SHOWN_SUPERVISORS);
  if (!found.length) return { name, ok: true, detail: 'every supervisor_id is a person on record' };
  const total = found[0]!.total;
  const shown = found.map((f) => `${f.person_id} (${JSON.stringify(f.supervisor_id)})`).join(', ');
  return {
    name, ok: false,
    detail: `${plural(total, 'person has', 'people have')} a supervisor_id that is no one on record, so their reminders carry no supervisor email: ${shown}${total > found.length ? `, and ${total - found.length} more` : ''}`,
    hint: 'add the supervisor (`credtrack people add ID`, or an import of type people), or correct the id (`credtrack people edit PERSON --supervisor ID`)',
  };
}

function unreadable(err: unknown): DoctorCheck {
  const e = err as { code?: string; message?: string };
  const what = e.code === 'SQLITE_NOTADB' ? 'is not a SQLite database (or its header is damaged)'
    : e.code?.startsWith('SQLITE_CORRUPT') ? 'is damaged' : `cannot be read`;
  return { name: 'integrity', ok: false, detail: `the file ${what}: ${e.message ?? String(err)}`, hint: 'restore the latest backup; `credtrack backup` makes them' };
}

/** SQLite's codes for a file it may not open or write here: permissions, not damage. */
const outOfReach = (code: string) => code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM' || code === 'SQLITE_AUTH';

/** Opens the database and reads its schema; throws SQLite's error. */
function openAndRead(open: () => Db): Db {
  let db: Db | undefined;
  try {
    db = open();
    readSchema(db);
    return db;
  } catch (err) {
    db?.close();
    throw err;
  }
}

export function runDoctor(dbPath: string, busyTimeoutMs?: number): DoctorReport {
  const permissions = checkPermissions(dbPath);
  const checks: DoctorCheck[] = [permissions];
  let db: Db;
  let snapshot = false;
  try {
    try {
      db = openAndRead(() => openExisting(dbPath, busyTimeoutMs, { raw: true }));
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      if (!outOfReach(code)) throw err;
      // SQLite cannot open the file in place (no -wal/-shm, and none can be made): read it as a snapshot, writing nothing.
      const snap = openSnapshot(dbPath);
      if (!('db' in snap)) {
        checks.push({
          name: 'integrity', ok: false, detail: `not checked: SQLite cannot open the database here (${(err as Error).message}), and ${snap.reason}`,
          hint: permissions.ok
            ? 'check that this user may read the file and write its folder (SQLite keeps its -wal and -shm files beside it), then run `credtrack doctor` again'
            : 'fix the permissions first, then run `credtrack doctor` again',
        });
        return { healthy: false, readable: false, damaged: false, checks };
      }
      snapshot = true;
      db = openAndRead(() => snap.db);
    }
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (!code.startsWith('SQLITE_')) throw err;
    checks.push(unreadable(err));
    return { healthy: false, readable: false, damaged: true, checks };
  }
  let damaged = false;
  try {
    const integrity = checkIntegrity(db);
    if (snapshot) integrity.detail += ' (read from a copy of the file in memory: SQLite cannot open it in place here)';
    checks.push(integrity);
    damaged = !integrity.ok;
    // Only a sound file is worth reading further; checks of a damaged one can only mislead.
    if (integrity.ok) checks.push(checkForeignKeys(db), checkSchema(db), checkRulePack(db), checkSupervisors(db));
  } finally {
    db.close();
  }
  return { healthy: checks.every((c) => c.ok), readable: true, damaged, checks };
}
