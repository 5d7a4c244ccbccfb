// credtrack doctor: is the database file sound and private, its schema one this build knows,
// and its active rule pack still valid? Each finding comes with a way to fix it.
import fs from 'node:fs';
import { checkPackText } from './rules.js';
import { type Db, schemaVersion } from '../store/db.js';
import { SCHEMA_VERSION } from '../store/migrations.js';
import { unknownSupervisors } from '../store/people.js';
import { foreignKeyViolations, hasTable, integrityProblems, objectsAtRootPages, openExisting, readSchema, storedPackText } from '../store/maintenance.js';

export interface DoctorCheck { name: string; ok: boolean; detail: string; hint?: string }
export interface DoctorReport {
  healthy: boolean;
  /** False when the file could not be read as a database at all (the CLI exits 3). */
  readable: boolean;
  /** The file is not sound: unreadable, or its integrity check failed (the CLI exits 3, as any command on it does). */
  damaged: boolean;
  checks: DoctorCheck[];
}

const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The database file and its WAL companions must not be readable by group or others. */
export function checkPermissions(dbPath: string, platform: string = process.platform): DoctorCheck {
  if (platform === 'win32') return { name: 'permissions', ok: true, detail: 'not checked on Windows (no POSIX modes)' };
  const files = ['', '-wal', '-shm'].map((s) => dbPath + s).filter((f) => fs.existsSync(f));
  const open = files.map((f) => ({ f, mode: fs.statSync(f).mode })).filter((x) => (x.mode & 0o077) !== 0);
  if (!open.length) return { name: 'permissions', ok: true, detail: `${files.join(', ')}: readable by the owner only` };
  return {
    name: 'permissions', ok: false,
    detail: open.map((x) => `${x.f} is mode ${octal(x.mode)} (group or others can access it)`).join('; '),
    hint: `chmod 600 ${open.map((x) => x.f).join(' ')}`,
  };
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

export function runDoctor(dbPath: string, busyTimeoutMs?: number): DoctorReport {
  const checks: DoctorCheck[] = [checkPermissions(dbPath)];
  let db: Db | undefined;
  try {
    db = openExisting(dbPath, busyTimeoutMs);
    readSchema(db);
  } catch (err) {
    db?.close();
    const code = (err as { code?: string }).code ?? '';
    if (!code.startsWith('SQLITE_')) throw err;
    checks.push(unreadable(err));
    return { healthy: false, readable: false, damaged: true, checks };
  }
  let damaged = false;
  try {
    const integrity = checkIntegrity(db);
    checks.push(integrity);
    damaged = !integrity.ok;
    // Only a sound file is worth reading further; checks of a damaged one can only mislead.
    if (integrity.ok) checks.push(checkForeignKeys(db), checkSchema(db), checkRulePack(db), checkSupervisors(db));
  } finally {
    db.close();
  }
  return { healthy: checks.every((c) => c.ok), readable: true, damaged, checks };
}
