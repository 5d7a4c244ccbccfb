// Store faults (a read-only file, a newer schema, a damaged or foreign file) end in exit 3
// with a message and nothing changed; inputs that once slipped past (an opening quote inside
// a CSV cell, a JSON key "__proto__") are exit 2; and SQL in names, sites, options and the
// actor is data: stored and shown exactly, never run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, initialised, type Sandbox } from '../helpers/cli.js';
import { dump, integrity, rows, scalar } from './helpers.js';

const tableNames = (db: string) => rows(db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").map((r) => r.name as string);
const isRoot = process.getuid?.() === 0;

/** Runs credtrack as an ordinary user: as root, as `nobody` (root ignores file modes). */
function runAsUser(s: Sandbox, args: string[]) {
  const env = { ...process.env, CREDTRACK_DB: s.db, NO_COLOR: '1', TZ: 'UTC', USER: 'tester', HOME: s.dir };
  const r = spawnSync(BIN, args, { cwd: s.dir, env, encoding: 'utf8', ...(isRoot ? { uid: 65534, gid: 65534 } : {}) });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function withPerson(name: string): Sandbox {
  const s = initialised(name);
  expect(s.run(['people', 'add', 'P1', '--first-name', 'Ana']).code).toBe(0);
  return s;
}

describe('store faults: exit 3, a message, nothing changed', () => {
  it('a read-only database file: reading works, every write exits 3', () => {
    const s = withPerson('readonly');
    const before = dump(s.db);
    // The dump's read-only connection leaves -wal/-shm behind; the owner's next run removes them.
    expect(s.run(['people', 'list']).code).toBe(0);
    expect(fs.existsSync(`${s.db}-shm`)).toBe(false);
    fs.chmodSync(s.db, 0o444);
    fs.chmodSync(s.dir, 0o777); // the directory stays writable: only the file is read-only
    try {
      const read = runAsUser(s, ['people', 'list', '--json']);
      expect(read.code, read.stderr).toBe(0);
      expect(JSON.parse(read.stdout).people.map((p: any) => p.person_id)).toEqual(['P1']);
      for (const args of [['people', 'add', 'P2'], ['log', 'P1', '--category', 'work', '--hours', '8', '--date', '2025-01-06'],
        ['import', s.csv('p.csv', ['person_id'], [{ person_id: 'P3' }]), '--type', 'people']]) {
        const r = runAsUser(s, args);
        expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(3);
        // The message names the file, and the hint says what to look at.
        expect(r.stderr.split('\n').slice(0, 2)).toEqual([`credtrack: cannot write the database (${s.db}): attempt to write a readonly database`,
          'hint: check that you may write the file and its folder (SQLite keeps its -wal and -shm files beside it)']);
        expect(r.stderr).not.toMatch(/^\s+at /m);
      }
    } finally {
      fs.chmodSync(s.db, 0o600);
      fs.chmodSync(s.dir, 0o700);
    }
    expect(dump(s.db)).toEqual(before);
  });

  it('a read-only database file: cron\'s reminders --mark-sent exits 3 having printed and marked nothing (it printed the list, then failed to mark it)', () => {
    const s = withPerson('readonly-cron');
    expect(s.run(['credential', 'grant', 'P1', '--credential', 'DRIVER_LICENSE', '--issued', '2020-01-01', '--expires', '2026-12-31']).code).toBe(0);
    const cron = (format: string) => ['reminders', '--as-of', '2026-11-25', '--unsent', '--mark-sent', '--format', format];
    const before = dump(s.db);
    expect(s.run(['people', 'list']).code).toBe(0); // removes the -wal/-shm the dump left
    fs.chmodSync(s.db, 0o444);
    fs.chmodSync(s.dir, 0o777); // the directory stays writable: only the file is read-only
    try {
      for (const format of ['csv', 'json', 'ics', 'text']) {
        const r = runAsUser(s, cron(format));
        expect(r.code, `${format}: ${r.stderr}`).toBe(3);
        expect(r.stdout, format).toBe('');
        expect(r.stderr.split('\n').slice(0, 2)).toEqual([`credtrack: cannot write the database (${s.db}): attempt to write a readonly database`,
          'hint: check that you may write the file and its folder (SQLite keeps its -wal and -shm files beside it)']);
      }
      // Without --mark-sent nothing needs writing: the list prints (docs/reliability.md).
      const read = runAsUser(s, ['reminders', '--as-of', '2026-11-25', '--unsent', '--format', 'csv']);
      expect(read.code, read.stderr).toBe(0);
      expect(read.stdout).toContain('P1|credential_expiring|DRIVER_LICENSE|2026-12-31');
    } finally {
      fs.chmodSync(s.db, 0o600);
      fs.chmodSync(s.dir, 0o700);
    }
    expect(dump(s.db)).toEqual(before);
    // Nothing was marked: once the file can be written, the next run tells the item.
    const next = s.run(cron('csv'));
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toContain('P1|credential_expiring|DRIVER_LICENSE|2026-12-31');
  });

  it('an immutable database file (chattr +i; refused even to root): reminders --mark-sent exits 3 having printed nothing', (ctx) => {
    const s = withPerson('immutable-cron');
    expect(s.run(['credential', 'grant', 'P1', '--credential', 'DRIVER_LICENSE', '--issued', '2020-01-01', '--expires', '2026-12-31']).code).toBe(0);
    expect(s.run(['people', 'list']).code).toBe(0); // no -wal/-shm left behind
    const chattr = (flag: string) => spawnSync('chattr', [flag, s.db], { encoding: 'utf8' });
    const set = chattr('+i');
    if (set.status !== 0) ctx.skip(`chattr +i is not available here (${set.error?.message ?? set.stderr.trim()}); the read-only file test covers the same path`);
    try {
      const r = s.run(['reminders', '--as-of', '2026-11-25', '--unsent', '--mark-sent', '--format', 'csv']);
      expect(r.code, r.stderr).toBe(3);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^credtrack: cannot write the database \(.*\): attempt to write a readonly database\n/);
    } finally {
      chattr('-i');
    }
    expect(s.run(['reminders', '--as-of', '2026-11-25', '--unsent', '--mark-sent', '--format', 'csv']).stdout).toContain('DRIVER_LICENSE|2026-12-31');
  });

  it('a database from a newer credtrack (user_version above this build): exit 3, untouched', () => {
    const s = withPerson('newer');
    const db = new Database(s.db);
    db.pragma('user_version = 999');
    db.close();
    const before = dump(s.db);
    for (const args of [['people', 'list'], ['people', 'add', 'P2'], ['import', s.csv('p.csv', ['person_id'], [{ person_id: 'P3' }]), '--type', 'people']]) {
      const r = s.run(args);
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toMatch(/^credtrack: the database has schema version 999, newer than this credtrack knows/);
    }
    expect(dump(s.db)).toEqual(before);
    expect(scalar(s.db, 'PRAGMA user_version')).toBe(999);
  });

  it('a damaged or foreign file (random bytes, text, a truncated database): exit 3 and the file untouched', () => {
    const s = withPerson('corrupt');
    fs.writeFileSync(path.join(s.dir, 'noise.db'), Buffer.from(Array.from({ length: 65536 }, (_, i) => (i * 7919 + 13) % 256)));
    fs.writeFileSync(path.join(s.dir, 'text.db'), 'person_id,first_name\nP1,Ana\n');
    const whole = fs.readFileSync(s.db);
    fs.writeFileSync(path.join(s.dir, 'half.db'), whole.subarray(0, Math.floor(whole.length / 2)));
    for (const name of ['noise.db', 'text.db', 'half.db']) {
      const file = path.join(s.dir, name);
      const bytes = fs.readFileSync(file);
      for (const args of [['people', 'list'], ['people', 'add', 'P2'], ['check', '--all']]) {
        const r = s.run(['--db', file, ...args]);
        expect(r.code, `${name} ${args.join(' ')}: ${r.stderr}`).toBe(3);
        expect(r.stderr).toMatch(/^credtrack: the database file is damaged or not a credtrack database/);
        expect(r.stderr).not.toMatch(/^\s+at /m);
      }
      expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    }
  });
});

describe('input that once slipped past the checks', () => {
  let s: Sandbox;
  beforeAll(() => { s = withPerson('slipped'); });

  it('a quote opening inside a CSV cell is exit 2 with the file and line (it was "unexpected error", exit 3)', () => {
    const before = dump(s.db);
    s.file('q.csv', 'person_id,date,category,hours\nP1,2025-01-06,work,8\nP1,2025-01-0"7,work,8\n');
    const r = s.run(['import', 'q.csv', '--type', 'hours']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^credtrack: q\.csv:3: the CSV cannot be read: Invalid Opening Quote/);
    expect(dump(s.db)).toEqual(before);
  });

  it('a JSON key "__proto__" is an unknown column (it was silently dropped)', () => {
    const before = dump(s.db);
    s.file('p.ndjson', '{"person_id":"P1","date":"2025-01-06","category":"work","hours":8,"__proto__":"sneaky"}\n');
    const r = s.run(['import', 'p.ndjson', '--type', 'hours']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/p\.ndjson:1: __proto__: unknown column/);
    expect(dump(s.db)).toEqual(before);
  });
});

describe('SQL is data: stored exactly, never run', () => {
  const NAMES = ["Robert'); DROP TABLE people;--", '"; DELETE FROM hours; --', "O'Brien", "x' OR '1'='1", '1; UPDATE people SET site = NULL'];
  const SITE = "x' OR '1'='1";
  let s: Sandbox;
  let tables: string[];

  beforeAll(() => {
    s = initialised('sql');
    const people = NAMES.map((n, i) => ({ person_id: `S${i}`, first_name: n, last_name: NAMES[(i + 1) % NAMES.length]!, site: i === 0 ? SITE : `Site ${i}` }));
    const csvCell = (v: string) => `"${v.replace(/"/g, '""')}"`;
    s.file('people.csv', `person_id,first_name,last_name,site\n${people.map((p) => [p.person_id, p.first_name, p.last_name, p.site].map(csvCell).join(',')).join('\n')}\n`);
    expect(s.run(['import', 'people.csv', '--type', 'people', '--actor', "'); DROP TABLE audit;--"]).code).toBe(0);
    s.file('hours.ndjson', `${NAMES.map((n, i) => JSON.stringify({ person_id: `S${i}`, date: '2025-03-03', category: 'training', hours: 2, domain: 'ethics', topic: n, note: n })).join('\n')}\n`);
    expect(s.run(['import', 'hours.ndjson', '--type', 'hours']).code).toBe(0);
    tables = tableNames(s.db);
  });

  it('names, topics, notes and the actor round-trip exactly', () => {
    const shown = s.run(['people', 'list', '--json']).json.people;
    expect(shown.map((p: any) => p.first_name)).toEqual(NAMES);
    expect(shown.map((p: any) => p.last_name)).toEqual([...NAMES.slice(1), NAMES[0]]);
    for (const [i, name] of NAMES.entries()) {
      const p = s.run(['people', 'show', `S${i}`, '--json']);
      expect(p.code, p.stderr).toBe(0);
      expect(JSON.stringify(p.json)).toContain(JSON.stringify(name).slice(1, -1));
    }
    expect(scalar(s.db, 'SELECT count(*) FROM hours')).toBe(NAMES.length);
    expect(rows(s.db, 'SELECT topic FROM hours ORDER BY id').map((r) => r.topic)).toEqual(NAMES);
    expect(scalar(s.db, 'SELECT count(*) FROM audit WHERE actor = ?', "'); DROP TABLE audit;--")).toBeGreaterThan(0);
  });

  it('filters with quotes match literally: --site "x\' OR \'1\'=\'1" finds the one person at that site', () => {
    const hit = s.run(['people', 'list', '--site', SITE, '--json']);
    expect(hit.code, hit.stderr).toBe(0);
    expect(hit.json.people.map((p: any) => p.person_id)).toEqual(['S0']);
    // Nobody is at those sites: people list and reminders say so, quoting the value as given (not run as SQL).
    for (const [args, said] of [
      [['people', 'list', '--site', "' OR '1'='1"], `--site: no one on record is at site "' OR '1'='1"`],
      [['people', 'list', '--site', "x' --"], `--site: no one on record is at site "x' --"`],
      [['people', 'list', '--supervisor', "' OR 1=1 --"], `--supervisor: no one on record is supervised by "' OR 1=1 --"`],
      [['people', 'list', '--position', "' OR 1=1 --"], `--position: "' OR 1=1 --" is not a position of the rule pack, and no one on record has held it`],
    ] as const) {
      const r = s.run([...args, '--json']);
      expect([r.code, r.stdout, r.stderr.split('\n')[0]]).toEqual([2, '', `credtrack: ${said}`]);
    }
    const reminders = s.run(['reminders', '--site', "' OR '1'='1", '--json', '--as-of', '2026-11-22']);
    expect([reminders.code, reminders.stdout, reminders.stderr.split('\n')[0]]).toEqual([2, '', `credtrack: --site: no one on record is at site "' OR '1'='1"`]);
    const atSite = s.run(['reminders', '--site', SITE, '--json', '--as-of', '2026-11-22', '--within', '36600']);
    expect(atSite.code, atSite.stderr).toBe(0);
  });

  it('ids with SQL are refused or unknown, never run', () => {
    for (const args of [['people', 'show', "S0' OR '1'='1"], ['check', "S0'; DROP TABLE hours;--"], ['imports', 'show', 'B1; DROP TABLE hours'],
      ['imports', 'undo', "1 OR 1=1"], ['log', "S0' --", '--category', 'work', '--hours', '1', '--date', '2025-01-01']]) {
      const r = s.run(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(/^credtrack: /);
    }
  });

  it('afterwards every table is still there, the counts are right and the file is sound', () => {
    expect(tableNames(s.db)).toEqual(tables);
    expect(scalar(s.db, 'SELECT count(*) FROM people')).toBe(NAMES.length);
    expect(scalar(s.db, 'SELECT count(*) FROM hours')).toBe(NAMES.length);
    expect(scalar(s.db, 'SELECT count(*) FROM people WHERE site IS NULL')).toBe(0);
    expect(integrity(s.db)).toEqual(['ok']);
  });
});
