// credtrack doctor end to end: healthy databases pass; wide permissions, orphaned rows, a
// broken stored rule pack, a newer schema and damaged files are findings with a fix.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BIN, initialised, type Run, type Sandbox } from '../helpers/cli.js';
import { ok, steps, withDb } from './helpers.js';

const check = (doc: any, name: string) => doc.checks.find((c: any) => c.name === name);
const isRoot = process.getuid?.() === 0;

/** Runs credtrack as an ordinary user: as root, as `nobody` (root ignores file modes). */
function runAsUser(s: Sandbox, args: string[]): Run {
  const env = { ...process.env, CREDTRACK_DB: s.db, NO_COLOR: '1', TZ: 'UTC', USER: 'tester', HOME: s.dir };
  const r = spawnSync(BIN, args, { cwd: '/', env, encoding: 'utf8', ...(isRoot ? { uid: 65534, gid: 65534 } : {}) });
  let json: any;
  try { json = JSON.parse(r.stdout); } catch { json = undefined; }
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json };
}

/** Runs `fn` with the sandbox's folder read-only to the user of runAsUser, who owns the database file. */
function inReadOnlyFolder<T>(s: Sandbox, fn: () => T): T {
  if (isRoot) {
    fs.chownSync(s.db, 65534, 65534);
    fs.chownSync(s.dir, 65534, 65534);
  }
  fs.chmodSync(s.dir, 0o555);
  try {
    return fn();
  } finally {
    fs.chmodSync(s.dir, 0o700);
    if (isRoot) {
      fs.chownSync(s.dir, 0, 0);
      fs.chownSync(s.db, 0, 0);
    }
  }
}

function withHours(): Sandbox {
  const s = initialised('doctor');
  steps(s, [['people', 'add', 'P1'], ['log', 'P1', '--category', 'work', '--hours', '4', '--date', '2026-01-05']]);
  return s;
}

describe('credtrack doctor', () => {
  it('passes a fresh database (exit 0) and lists every check', () => {
    const s = withHours();
    const doc = ok(s.run(['doctor', '--json'])).json;
    expect(doc.healthy).toBe(true);
    expect(doc.checks.map((c: any) => c.name)).toEqual(['permissions', 'integrity', 'foreign_keys', 'schema_version', 'rule_pack', 'supervisors']);
    for (const c of doc.checks) {
      expect(Object.keys(c)).toEqual(['name', 'ok', 'detail']);
      expect(c.ok).toBe(true);
    }
    expect(check(doc, 'schema_version').detail).toMatch(/^(\d+) \(this build: \1\)$/);
    const text = ok(s.run(['doctor']));
    expect(text.stdout).toMatch(/^✓ permissions: .*\n✓ integrity: ok\n✓ foreign_keys: .*\n✓ schema_version: .*\n✓ rule_pack: "default" .*is valid\n✓ supervisors: every supervisor_id is a person on record\n.*: healthy\n$/);
    expect(text.stderr).toBe('');
  });

  it('finds a database file that group or others can read (exit 1, with the chmod to run)', () => {
    const s = withHours();
    fs.chmodSync(s.db, 0o644);
    const doc = ok(s.run(['doctor', '--json']), 1).json;
    expect(doc.healthy).toBe(false);
    expect(check(doc, 'permissions')).toEqual({ name: 'permissions', ok: false, detail: `${s.db} is mode 0644 (group or others can access it)`, hint: `chmod 600 ${s.db}` });
    expect(doc.checks.filter((c: any) => !c.ok)).toHaveLength(1);
    const text = ok(s.run(['doctor']), 1);
    expect(text.stdout).toContain(`✗ permissions: ${s.db} is mode 0644`);
    expect(text.stdout).toContain(`    fix: chmod 600 ${s.db}`);
    expect(text.stderr).toMatch(/^credtrack: .*: 1 problem found\n$/);
    fs.chmodSync(s.db, 0o600);
    ok(s.run(['doctor']));
  });

  it('finds hours of a person who does not exist, written around credtrack (exit 1)', () => {
    const s = withHours();
    withDb(s.db, (db) => {
      db.pragma('foreign_keys = OFF');
      db.prepare("INSERT INTO hours (person, date, category, hours) VALUES (999, '2026-01-06', 'work', 3)").run();
    });
    const doc = ok(s.run(['doctor', '--json']), 1).json;
    const fk = check(doc, 'foreign_keys');
    expect(fk.ok).toBe(false);
    expect(fk.detail).toMatch(/^1 hours row refers to missing people \(first row id \d+\)$/);
    expect(fk.hint).toContain('restore a backup');
    expect(check(doc, 'integrity').ok).toBe(true);
  });

  it('re-validates the stored rule pack: structure, then meaning (exit 1 with each problem and its path)', () => {
    const s = withHours();
    const edit = (change: (pack: any) => void) => withDb(s.db, (db) => {
      const row = db.prepare('SELECT id, content FROM rule_packs ORDER BY id DESC LIMIT 1').get() as { id: number; content: string };
      const pack = JSON.parse(row.content);
      change(pack);
      db.prepare('UPDATE rule_packs SET content = ? WHERE id = ?').run(JSON.stringify(pack), row.id);
    });
    const original = withDb(s.db, (db) => (db.prepare('SELECT content FROM rule_packs ORDER BY id DESC LIMIT 1').get() as { content: string }).content);
    edit((pack) => {
      pack.credentials[0].requirements[0].minimum = 'college';
      pack.typo = true;
    });
    let rp = check(ok(s.run(['doctor', '--json']), 1).json, 'rule_pack');
    expect(rp.ok).toBe(false);
    // in file order: what is said of an object (its unknown keys) before its fields
    expect(rp.detail).toContain('2 problems: (top level): unknown key "typo"; credentials[0].requirements[0].minimum: "college" is not one of none, high_school, ged, associate, bachelor, master, doctorate');
    expect(rp.hint).toContain('credtrack rules load');

    withDb(s.db, (db) => db.prepare('UPDATE rule_packs SET content = ?').run(original));
    edit((pack) => pack.positions[0].requirements.push({ id: 'ghost', type: 'credential', credential: 'NOPE' }));
    rp = check(ok(s.run(['doctor', '--json']), 1).json, 'rule_pack');
    expect(rp.detail).toMatch(/1 problem: positions\[0\]\.requirements\[\d+\]\.credential: unknown credential "NOPE"/);
  });

  it('finds people whose supervisor_id is no one on record: a finding (exit 1), not damage, gone once the supervisor is added (QA3 M5)', () => {
    const s = withHours();
    steps(s, [['people', 'add', 'P31', '--supervisor', 'SOO1'], ['people', 'add', 'P32', '--supervisor', 'SOO1'], ['people', 'add', 'P33', '--supervisor', 'P1']]);
    const doc = ok(s.run(['doctor', '--json']), 1).json;
    expect(doc.healthy).toBe(false);
    expect(check(doc, 'supervisors')).toEqual({
      name: 'supervisors', ok: false,
      detail: '2 people have a supervisor_id that is no one on record, so their reminders carry no supervisor email: P31 ("SOO1"), P32 ("SOO1")',
      hint: 'add the supervisor (`credtrack people add ID`, or an import of type people), or correct the id (`credtrack people edit PERSON --supervisor ID`)',
    });
    expect(doc.checks.filter((c: any) => !c.ok)).toHaveLength(1);
    const text = ok(s.run(['doctor']), 1);
    expect(text.stdout).toContain('✗ supervisors: 2 people have a supervisor_id that is no one on record');
    expect(text.stderr).toMatch(/^credtrack: .*: 1 problem found\n$/);
    steps(s, [['people', 'edit', 'P32', '--supervisor', 'P1'], ['people', 'add', 'SOO1']]);
    ok(s.run(['doctor']));
  });

  it('finds a schema newer than this build without touching it (exit 1)', () => {
    const s = withHours();
    withDb(s.db, (db) => db.pragma('user_version = 999'));
    const doc = ok(s.run(['doctor', '--json']), 1).json;
    expect(check(doc, 'schema_version')).toMatchObject({ ok: false, detail: expect.stringMatching(/^999, newer than this build knows \(\d+\)$/), hint: expect.stringContaining('upgrade credtrack') });
    expect(withDb(s.db, (db) => db.pragma('user_version', { simple: true }))).toBe(999);
    // Other commands refuse such a database outright.
    expect(ok(s.run(['people', 'list']), 3).stderr).toContain('newer than this credtrack knows');
  });

  it('finds damaged pages (exit 3, as any command on the damaged file, naming the damaged index)', () => {
    const s = withHours();
    const { root, pageSize } = withDb(s.db, (db) => {
      const insert = db.prepare("INSERT INTO hours (person, entry_id, date, category, hours) VALUES (1, ?, '2026-01-01', 'work', 1)");
      db.transaction(() => { for (let i = 0; i < 5000; i++) insert.run(`E${i}`); })();
      db.pragma('wal_checkpoint(TRUNCATE)');
      return {
        root: (db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'hours_person'").get() as { rootpage: number }).rootpage,
        pageSize: db.pragma('page_size', { simple: true }) as number,
      };
    });
    const fd = fs.openSync(s.db, 'r+');
    fs.writeSync(fd, Buffer.alloc(pageSize - 200, 0x41), 0, pageSize - 200, (root - 1) * pageSize + 100);
    fs.closeSync(fd);
    expect(ok(s.run(['doctor']), 3).stderr).toMatch(/: 1 problem found; the database is damaged\n$/);
    const doc = ok(s.run(['doctor', '--json']), 3).json;
    const integrity = check(doc, 'integrity');
    expect(integrity.ok).toBe(false);
    expect(integrity.detail).toMatch(/problems in index hours_person: Tree \d+ page/);
    expect(integrity.hint).toContain('restore the latest backup');
    // The other checks would read damaged data; they are left out.
    expect(doc.checks.map((c: any) => c.name)).toEqual(['permissions', 'integrity']);
  });

  it('a sound database in a folder this user may not write in: a permissions finding naming the folder (exit 1), never "restore" (it said the file could not be read, exit 3)', () => {
    const s = withHours();
    const files = fs.readdirSync(s.dir).sort();
    expect(files).toEqual(['test.db']); // no -wal/-shm: SQLite would have to create them
    const bytes = fs.readFileSync(s.db);
    inReadOnlyFolder(s, () => {
      const text = ok(runAsUser(s, ['doctor']), 1);
      expect(text.stdout).toMatch(new RegExp(`^✗ permissions: SQLite cannot create ${s.db}-wal and ${s.db}-shm beside the database: this user \\(.+\\) may not create files in the folder ${s.dir}, so every credtrack command on it fails \\(exit 3\\)\n`));
      expect(text.stdout).toContain(`    fix: let the user that runs credtrack create files in ${s.dir} (e.g. \`chmod u+w ${s.dir}\`), or move the database to a folder it may write in; this is not damage: a backup would not help\n`);
      // The database itself is checked, read without writing anything: it is sound.
      expect(text.stdout).toContain('✓ integrity: ok (read from a copy of the file in memory: SQLite cannot open it in place here)\n');
      expect(text.stdout).not.toMatch(/restore/);
      expect(text.stderr).toBe(`credtrack: ${s.db}: 1 problem found\n`);
      const doc = ok(runAsUser(s, ['doctor', '--json']), 1).json;
      expect(doc.checks.map((c: any) => [c.name, c.ok])).toEqual([['permissions', false], ['integrity', true], ['foreign_keys', true], ['schema_version', true], ['rule_pack', true], ['supervisors', true]]);
      // What doctor warns of: every other command fails here.
      expect(ok(runAsUser(s, ['people', 'list']), 3).stderr).toContain('hint: check that you may write the file and its folder');
    });
    expect(fs.readdirSync(s.dir).sort()).toEqual(files);
    expect(fs.readFileSync(s.db).equals(bytes)).toBe(true);
    ok(s.run(['doctor'])); // in a folder it may write in, the same file is healthy
  });

  it('a damaged database in a folder this user may not write in: still found damaged (exit 3), besides the permissions finding', () => {
    const s = withHours();
    const { root, pageSize } = withDb(s.db, (db) => ({
      root: (db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'sqlite_autoindex_people_1'").get() as { rootpage: number }).rootpage,
      pageSize: db.pragma('page_size', { simple: true }) as number,
    }));
    const fd = fs.openSync(s.db, 'r+');
    fs.writeSync(fd, Buffer.alloc(pageSize, 0x41), 0, pageSize, (root - 1) * pageSize); // the index's only page
    fs.closeSync(fd);
    inReadOnlyFolder(s, () => {
      const doc = ok(runAsUser(s, ['doctor', '--json']), 3).json;
      expect(doc.checks.map((c: any) => [c.name, c.ok])).toEqual([['permissions', false], ['integrity', false]]);
      expect(check(doc, 'permissions').detail).toContain(`may not create files in the folder ${s.dir}`);
      expect(check(doc, 'integrity').hint).toContain('restore the latest backup');
    });
  });

  it('reports a file that is not a database at all: exit 3 with a clear message', () => {
    const s = initialised('doctor-garbage');
    fs.writeFileSync(s.db, Buffer.alloc(64 * 1024, 0x5a));
    const r = ok(s.run(['doctor']), 3);
    expect(r.stdout).toContain('✗ integrity: the file is not a SQLite database (or its header is damaged)');
    expect(r.stdout).toContain('fix: restore the latest backup');
    expect(r.stderr).toMatch(/cannot be read as a database\n$/);
    const doc = ok(s.run(['doctor', '--json']), 3).json;
    expect(doc.healthy).toBe(false);
  });

  it('refuses a missing database (exit 2) and does not create one', () => {
    const s = initialised('doctor-missing');
    const missing = `${s.dir}/nothing.db`;
    expect(ok(s.run(['doctor', '--db', missing]), 2).stderr).toMatch(/^credtrack: no database at/);
    expect(fs.existsSync(missing)).toBe(false);
  });
});
