// Files the user names for credtrack to write — import's rejects file, report --output — and
// the database path itself, end to end through bin/credtrack: never over the database or the
// file being imported, never a directory, never into a missing directory (exit 2, nothing
// written, no stack trace); an unwritable directory is exit 3 before anything is imported;
// report and rejects files are 0600 whatever the umask.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { BIN, initialised, type Run, type Sandbox, sandbox } from '../helpers/cli.js';
import { mode, ok, runOpenUmask } from './helpers.js';

/** One good row and one of an unknown person: --skip-invalid imports one and rejects one. */
const BAD_HOURS = 'person_id,date,category,hours\nP1,2025-01-05,work,8\nP9,2025-01-06,work,8\n';

function workforce(name: string): Sandbox {
  const s = initialised(name);
  s.file('people.csv', 'person_id,first_name,last_name\nP1,Ana,Diaz\nP2,Ben,Okafor\n');
  ok(s.run(['import', 'people.csv', '--type', 'people']));
  s.file('bad.csv', BAD_HOURS);
  return s;
}

/** What a user can see of the data; equal before and after a refused command. */
function state(s: Sandbox) {
  const doctor = s.run(['doctor', '--json']);
  expect(doctor.code, doctor.stderr).toBe(0);
  return {
    people: ok(s.run(['people', 'list', '--json'])).json,
    batches: ok(s.run(['imports', 'list', '--json'])).json.batches,
    hours: ok(s.run(['export', '--type', 'hours', '--format', 'json'])).json,
    healthy: doctor.json.healthy,
  };
}

/** Exit 2 with one `credtrack:` line (and a hint), no stack trace, stdout empty. */
function refused(r: Run, message: string): void {
  expect(r.code, `stdout: ${r.stdout}\nstderr: ${r.stderr}`).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.split('\n')[0]).toBe(`credtrack: ${message}`);
  expect(r.stderr).toMatch(/^hint: /m);
  expect(r.stderr).not.toMatch(/^\s+at |Error:|unexpected error/m);
}

/** Temporary files credtrack might have left in `dir`. */
const leftovers = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'));

describe('import --rejects: where the rejects file may go', () => {
  let s: Sandbox;
  let before: ReturnType<typeof state>;
  beforeEach(() => {
    s = workforce('rejects-path');
    before = state(s);
    expect(before.batches).toHaveLength(1);
  });

  /** Nothing was imported, the input is byte-for-byte as it was, the database sound. */
  function untouched(): void {
    expect(state(s)).toEqual(before);
    expect(fs.readFileSync(path.join(s.dir, 'bad.csv'), 'utf8')).toBe(BAD_HOURS);
    expect(leftovers(s.dir)).toEqual([]);
  }

  it('refuses the database itself and its -wal and -shm files (exit 2, the database intact)', () => {
    const dbSize = fs.statSync(s.db).size;
    for (const [target, what] of [[s.db, ''], ['test.db', ''], [`${s.db}-wal`, ' (its wal file)'], ['test.db-shm', ' (its shm file)']] as const) {
      refused(s.run(['import', 'bad.csv', '--type', 'hours', '--skip-invalid', '--rejects', target]), `--rejects ${target} is the database itself${what}`);
      untouched();
    }
    expect(fs.statSync(s.db).size).toBe(dbSize);
  });

  it('refuses the database through a symbolic link too', () => {
    fs.symlinkSync(s.db, path.join(s.dir, 'db-link.csv'));
    refused(s.run(['import', 'bad.csv', '--type', 'hours', '--skip-invalid', '--rejects', 'db-link.csv']), '--rejects db-link.csv is the database itself');
    untouched();
  });

  it('refuses the file being imported, by name, relative name, symbolic link or hard link', () => {
    fs.symlinkSync(path.join(s.dir, 'bad.csv'), path.join(s.dir, 'soft.csv'));
    fs.linkSync(path.join(s.dir, 'bad.csv'), path.join(s.dir, 'hard.csv'));
    for (const [input, target] of [['bad.csv', 'bad.csv'], ['bad.csv', './bad.csv'], ['bad.csv', path.join(s.dir, 'bad.csv')], ['bad.csv', 'soft.csv'], ['hard.csv', 'bad.csv']]) {
      refused(s.run(['import', input!, '--type', 'hours', '--skip-invalid', '--rejects', target!]), `--rejects ${target} is the file being imported`);
      untouched();
    }
  });

  it('refuses a directory, a missing directory and a file used as a directory', () => {
    fs.mkdirSync(path.join(s.dir, 'out'));
    refused(s.run(['import', 'bad.csv', '--type', 'hours', '--skip-invalid', '--rejects', 'out']), '--rejects out is a directory');
    untouched();
    const missing = path.join(s.dir, 'nodir', 'r.csv');
    refused(s.run(['import', 'bad.csv', '--type', 'hours', '--skip-invalid', '--rejects', missing]),
      `--rejects ${missing}: the directory ${path.join(s.dir, 'nodir')} does not exist`);
    expect(fs.existsSync(path.join(s.dir, 'nodir'))).toBe(false);
    untouched();
    refused(s.run(['import', 'bad.csv', '--type', 'hours', '--skip-invalid', '--rejects', 'people.csv/r.csv']),
      `--rejects people.csv/r.csv: ${path.join(s.dir, 'people.csv')} is not a directory`);
    untouched();
  });

  it('checks the default rejects file (FILE.rejects.csv) the same way', () => {
    fs.mkdirSync(path.join(s.dir, 'bad.csv.rejects.csv'));
    refused(s.run(['import', 'bad.csv', '--type', 'hours', '--skip-invalid']), 'the rejects file bad.csv.rejects.csv is a directory');
    untouched();
  });

  it('checks --rejects before reading standard input', () => {
    refused(s.run(['import', '-', '--type', 'hours', '--format', 'csv', '--skip-invalid', '--rejects', s.db], { input: BAD_HOURS }),
      `--rejects ${s.db} is the database itself`);
    untouched();
  });

  it('a good --rejects path: the rejected row written there, mode 0600 whatever the umask, over an existing 0644 file too', () => {
    fs.mkdirSync(path.join(s.dir, 'out'));
    const target = path.join(s.dir, 'out', 'r.csv');
    fs.writeFileSync(target, 'old\n', { mode: 0o644 });
    fs.chmodSync(target, 0o644);
    const r = ok(runOpenUmask(s, ['import', 'bad.csv', '--type', 'hours', '--skip-invalid', '--rejects', target]));
    expect(r.stderr).toContain(`1 rejected row written to ${target}`);
    expect(mode(fs.statSync(target).mode)).toBe('600');
    expect(fs.readFileSync(target, 'utf8')).toBe('person_id,date,category,hours,line,error\n'
      + 'P9,2025-01-06,work,8,3,"person_id: ""P9"" is not a known person (import them first with --type people)"\n');
    expect(fs.readdirSync(path.join(s.dir, 'out'))).toEqual(['r.csv']);
    const fallback = ok(runOpenUmask(s, ['import', 'bad.csv', '--type', 'hours', '--skip-invalid']));
    expect(fallback.stderr).toContain('written to bad.csv.rejects.csv');
    expect(mode(fs.statSync(path.join(s.dir, 'bad.csv.rejects.csv')).mode)).toBe('600');
    expect(ok(s.run(['imports', 'list', '--json'])).json.batches).toHaveLength(3);
    expect(fs.readFileSync(path.join(s.dir, 'bad.csv'), 'utf8')).toBe(BAD_HOURS);
  });
});

describe('report --output', () => {
  let s: Sandbox;
  let before: ReturnType<typeof state>;
  beforeEach(() => {
    s = workforce('report-output');
    before = state(s);
  });

  it('refuses the database itself and its -wal and -shm files (exit 2, the database intact)', () => {
    for (const [target, what] of [[s.db, ''], ['test.db', ''], [`${s.db}-wal`, ' (its wal file)'], ['test.db-shm', ' (its shm file)']] as const) {
      for (const format of ['text', 'html', 'json']) {
        refused(s.run(['report', '--format', format, '--output', target]), `--output ${target} is the database itself${what}`);
      }
      expect(state(s)).toEqual(before);
    }
    expect(leftovers(s.dir)).toEqual([]);
  });

  it('refuses a directory and a missing directory', () => {
    refused(s.run(['report', '--output', s.dir]), `--output ${s.dir} is a directory`);
    const missing = path.join(s.dir, 'nodir', 'report.html');
    refused(s.run(['report', '--format', 'html', '--output', missing]), `--output ${missing}: the directory ${path.join(s.dir, 'nodir')} does not exist`);
    expect(fs.existsSync(path.join(s.dir, 'nodir'))).toBe(false);
    expect(state(s)).toEqual(before);
  });

  it('writes a 0600 file whatever the umask, also over an existing 0644 file, with what stdout would show', () => {
    const out = path.join(s.dir, 'rep.html');
    const r = ok(runOpenUmask(s, ['report', '--format', 'html', '--output', out, '--as-of', '2026-01-15']));
    expect(r.stdout).toBe('');
    expect(mode(fs.statSync(out).mode)).toBe('600');
    expect(fs.readFileSync(out, 'utf8')).toBe(ok(s.run(['report', '--format', 'html', '--as-of', '2026-01-15'])).stdout);
    fs.chmodSync(out, 0o644);
    ok(runOpenUmask(s, ['report', '--format', 'json', '--output', out, '--as-of', '2026-01-15']));
    expect(mode(fs.statSync(out).mode)).toBe('600');
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toEqual(ok(s.run(['report', '--json', '--as-of', '2026-01-15'])).json);
    ok(runOpenUmask(s, ['report', '--output', 'rep.txt', '--as-of', '2026-01-15']));
    expect(mode(fs.statSync(path.join(s.dir, 'rep.txt')).mode)).toBe('600');
    expect(leftovers(s.dir)).toEqual([]);
  });
});

describe('a directory credtrack may not write in', () => {
  const isRoot = process.getuid?.() === 0;
  const NOBODY = 65534;

  /** Runs credtrack as an ordinary user (as root: as `nobody`, since root ignores file modes). */
  function runAsUser(s: Sandbox, args: string[]): Run {
    const env = { ...process.env, CREDTRACK_DB: s.db, NO_COLOR: '1', TZ: 'UTC', USER: 'tester', HOME: s.dir };
    const r = spawnSync(BIN, args, { cwd: s.dir, env, encoding: 'utf8', ...(isRoot ? { uid: NOBODY, gid: NOBODY } : {}) });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: undefined };
  }

  it('the rejects file or the report there: exit 3 naming the file, before anything is imported', () => {
    const s = workforce('unwritable-dir');
    const before = state(s);
    const ro = path.join(s.dir, 'ro');
    fs.mkdirSync(ro, { mode: 0o555 });
    fs.chmodSync(ro, 0o555);
    const own = (uid: number, gid: number) => {
      if (!isRoot) return;
      for (const f of [s.db, `${s.db}-wal`, `${s.db}-shm`]) if (fs.existsSync(f)) fs.chownSync(f, uid, gid);
    };
    fs.chmodSync(s.dir, 0o777); // the database's own directory stays writable (for -wal/-shm)
    own(NOBODY, NOBODY);
    try {
      const imp = runAsUser(s, ['import', 'bad.csv', '--type', 'hours', '--skip-invalid', '--rejects', 'ro/r.csv']);
      expect(imp.code, imp.stderr).toBe(3);
      expect(imp.stderr).toMatch(/^credtrack: cannot write the rejects file ro\/r\.csv: EACCES: permission denied/);
      expect(imp.stderr).not.toMatch(/^\s+at /m);
      const rep = runAsUser(s, ['report', '--output', 'ro/report.txt']);
      expect(rep.code, rep.stderr).toBe(3);
      expect(rep.stderr).toMatch(/^credtrack: cannot write ro\/report\.txt: EACCES: permission denied/);
      expect(rep.stderr).not.toMatch(/^\s+at /m);
    } finally {
      own(0, 0);
      fs.chmodSync(s.dir, 0o700);
    }
    expect(fs.readdirSync(ro)).toEqual([]);
    expect(state(s)).toEqual(before);
    expect(fs.readFileSync(path.join(s.dir, 'bad.csv'), 'utf8')).toBe(BAD_HOURS);
  });
});

describe('--db naming a directory', () => {
  const message = (dir: string) => `${dir} is a directory; give the path of a database file`;

  it('init and init --force refuse it (exit 2) and leave the directory and its files alone', () => {
    const s = sandbox('db-dir-init');
    const dir = path.join(s.dir, 'd2.db');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'keep.txt'), 'kept\n');
    for (const args of [['init', '--force', '--db', dir], ['init', '--db', dir], ['init', '--force', '--db', 'd2.db']]) {
      const shown = args[args.length - 1]!;
      refused(s.run(args), message(shown));
    }
    expect(fs.readdirSync(dir)).toEqual(['keep.txt']);
    expect(fs.readFileSync(path.join(dir, 'keep.txt'), 'utf8')).toBe('kept\n');
    expect(fs.existsSync(s.db)).toBe(false);
  });

  it('every other command refuses it with the same message (exit 2), by --db or CREDTRACK_DB', () => {
    const s = workforce('db-dir');
    const before = state(s);
    const dir = path.join(s.dir, 'folder.db');
    fs.mkdirSync(dir);
    for (const args of [['people', 'list'], ['check', '--all'], ['report'], ['doctor'], ['backup', 'copy.db'], ['export', '--type', 'people'],
      ['import', 'bad.csv', '--type', 'hours'], ['log', 'P1', '--category', 'work', '--hours', '1', '--date', '2026-01-01']]) {
      refused(s.run([...args, '--db', dir]), message(dir));
      refused(s.run(args, { env: { CREDTRACK_DB: 'folder.db' } }), message('folder.db'));
    }
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(fs.existsSync(path.join(s.dir, 'copy.db'))).toBe(false);
    expect(state(s)).toEqual(before);
  });
});
