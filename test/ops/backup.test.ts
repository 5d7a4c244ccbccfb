// credtrack backup end to end: a private, complete copy; no overwriting without --force;
// a consistent copy while another process keeps writing.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, initialised, ROOT, type Sandbox } from '../helpers/cli.js';
import { mode, ok, runOpenUmask, steps, withDb } from './helpers.js';

function workforce(): Sandbox {
  const s = initialised('backup');
  steps(s, [
    ['people', 'add', 'P1', '--first-name', 'Ana', '--last-name', 'Diaz'],
    ['log', 'P1', '--category', 'work', '--hours', '8', '--date', '2026-01-05', '--supervised'],
    ['credential', 'grant', 'P1', '--credential', 'CRSS', '--issued', '2025-01-15'],
  ]);
  return s;
}

const TABLES = ['people', 'hours', 'credentials', 'audit', 'rule_packs', 'meta'];
const contents = (file: string) => withDb(file, (db) => Object.fromEntries(TABLES.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()])), { readonly: true });

describe('credtrack backup', () => {
  it('writes a mode 0600 copy with the same rows, quietly (cron mails whatever a job prints); at a terminal it says where and how big', () => {
    const s = workforce();
    const dest = path.join(s.dir, 'copy.db');
    const r = ok(runOpenUmask(s, ['backup', dest]));
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('');
    const script = ['/usr/bin/script', '/bin/script'].find((p) => fs.existsSync(p));
    if (script) {
      const tty = spawnSync(script, ['-qec', `'${BIN}' backup '${path.join(s.dir, 'tty.db')}' --db '${s.db}'`, '/dev/null'], { encoding: 'utf8' });
      expect(tty.status, tty.stdout).toBe(0);
      expect(tty.stdout).toMatch(/credtrack: backed up .*test\.db to .*tty\.db: .*\(\d+ bytes\)/);
    }
    expect(mode(fs.statSync(dest).mode)).toBe('600');
    expect(contents(dest)).toEqual(contents(s.db));
    expect(withDb(dest, (db) => db.pragma('integrity_check', { simple: true }), { readonly: true })).toBe('ok');
    // One self-contained file: no WAL companions, nothing left over beside it.
    expect(fs.readdirSync(s.dir).filter((f) => f.startsWith('copy.db') || f.startsWith('.copy.db'))).toEqual(['copy.db']);
    // The copy works as a credtrack database.
    const people = ok(s.run(['people', 'list', '--json', '--db', dest])).json.people;
    expect(people.map((p: any) => p.person_id)).toEqual(['P1']);
  });

  it('refuses to overwrite an existing file without --force (exit 2, file untouched)', () => {
    const s = workforce();
    const dest = s.file('existing.db', 'precious');
    const r = ok(s.run(['backup', dest]), 2);
    expect(r.stderr).toMatch(/^credtrack: .*existing\.db already exists\nhint: use --force/);
    expect(fs.readFileSync(dest, 'utf8')).toBe('precious');
    expect(fs.readdirSync(s.dir).filter((f) => f.includes('existing'))).toEqual(['existing.db']);
    ok(s.run(['backup', dest, '--force']));
    expect(contents(dest)).toEqual(contents(s.db));
    expect(mode(fs.statSync(dest).mode)).toBe('600');
  });

  it('checks the copy: damage doctor finds (a damaged index ordinary reads never notice) is exit 3, and a good backup at DEST is never replaced (it was exit 0, the damage copied over it)', () => {
    const s = workforce();
    steps(s, [
      ['credential', 'grant', 'P1', '--credential', 'DRIVER_LICENSE', '--issued', '2020-01-01', '--expires', '2026-12-31'],
      ['reminders', '--as-of', '2026-11-25', '--unsent', '--mark-sent', '--format', 'csv'],
    ]);
    const dest = path.join(s.dir, 'nightly.db');
    ok(s.run(['backup', dest]));
    const good = fs.readFileSync(dest);
    // Flip the last bytes of the reminders_sent key index's only page: its entry no longer matches the row.
    const { page, size } = withDb(s.db, (db) => ({
      page: (db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'sqlite_autoindex_reminders_sent_1'").get() as { rootpage: number }).rootpage,
      size: db.pragma('page_size', { simple: true }) as number,
    }));
    const fd = fs.openSync(s.db, 'r+');
    const bytes = Buffer.alloc(8);
    fs.readSync(fd, bytes, 0, 8, page * size - 8);
    fs.writeSync(fd, bytes.map((b) => b ^ 0xff), 0, 8, page * size - 8);
    fs.closeSync(fd);
    expect(ok(s.run(['doctor']), 3).stdout).toContain('row 1 missing from index sqlite_autoindex_reminders_sent_1');
    ok(s.run(['people', 'list'])); // ordinary reads do not notice

    const forced = ok(s.run(['backup', dest, '--force']), 3);
    expect(forced.stderr).toBe(`credtrack: the database is damaged: its copy fails SQLite's integrity check (row 1 missing from index sqlite_autoindex_reminders_sent_1); ${dest} was left as it was\n`
      + `hint: run \`credtrack doctor\` on ${s.db} for what is damaged and the fix; keep the earlier backups, they may be the last sound copies\n`);
    expect(fs.readFileSync(dest).equals(good)).toBe(true);
    const fresh = path.join(s.dir, 'fresh.db');
    expect(ok(s.run(['backup', fresh]), 3).stderr).toContain(`${fresh} was not written`);
    // No partial file, no temporary file or journal left beside DEST.
    expect(fs.readdirSync(s.dir).filter((f) => f.endsWith('.db') || f.includes('.tmp')).sort()).toEqual(['nightly.db', 'test.db']);
  });

  it('refuses the database itself, a missing directory and a missing database', () => {
    const s = workforce();
    expect(ok(s.run(['backup', s.db, '--force']), 2).stderr).toContain('is the database itself');
    expect(ok(s.run(['backup', path.join(s.dir, 'no', 'such', 'dir.db')]), 2).stderr).toContain('does not exist');
    expect(ok(s.run(['backup', path.join(s.dir, 'x.db'), '--db', path.join(s.dir, 'missing.db')]), 2).stderr).toMatch(/^credtrack: no database at/);
    expect(fs.existsSync(path.join(s.dir, 'x.db'))).toBe(false);
  });

  it('makes a consistent copy while another process keeps writing', async () => {
    const s = workforce();
    // Enough rows that the copy takes a while.
    withDb(s.db, (db) => {
      const insert = db.prepare("INSERT INTO hours (person, entry_id, date, category, hours, note) VALUES (1, ?, '2026-02-01', 'training', 1, ?)");
      db.transaction(() => { for (let i = 0; i < 60_000; i++) insert.run(`seed-${i}`, 'x'.repeat(100)); })();
    });
    const writer = s.file('writer.cjs', `
      const Database = require(${JSON.stringify(path.join(ROOT, 'node_modules', 'better-sqlite3'))});
      const fs = require('fs');
      const db = new Database(process.argv[2], { timeout: 10000 });
      db.pragma('journal_mode = WAL');
      const insert = db.prepare("INSERT INTO hours (person, entry_id, date, category, hours) VALUES (1, ?, '2026-03-01', 'work', 1)");
      let i = 0;
      while (!fs.existsSync(process.argv[3])) {
        db.transaction(() => { for (let k = 0; k < 20; k++) insert.run('w-' + i++); })();
        if (i === 200) fs.writeFileSync(process.argv[4], 'started');
      }
      db.close();
      process.stdout.write(String(i));
    `);
    const stop = path.join(s.dir, 'stop'), started = path.join(s.dir, 'started');
    const child = spawn(process.execPath, [writer, s.db, stop, started], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    while (!fs.existsSync(started)) await new Promise((r) => setTimeout(r, 20));

    const copies = ['during-1.db', 'during-2.db', 'during-3.db'].map((f) => path.join(s.dir, f));
    const results = copies.map((dest) => s.run(['backup', dest]));
    fs.writeFileSync(stop, '');
    expect(await exited, err).toBe(0);
    for (const r of results) ok(r);
    const written = Number(out);
    expect(written).toBeGreaterThan(200);

    let previous = 0;
    const counts: number[] = [];
    for (const dest of copies) {
      withDb(dest, (db) => {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(db.pragma('foreign_key_check')).toEqual([]);
        const n = (db.prepare("SELECT count(*) AS n FROM hours WHERE entry_id LIKE 'w-%'").get() as { n: number }).n;
        // A snapshot: whole transactions of 20 rows, and never fewer than an earlier copy had.
        expect(n % 20).toBe(0);
        expect(n).toBeGreaterThanOrEqual(previous);
        expect(n).toBeLessThanOrEqual(written);
        expect((db.prepare("SELECT count(*) AS n FROM hours WHERE entry_id LIKE 'seed-%'").get() as { n: number }).n).toBe(60_000);
        previous = n;
        counts.push(n);
      }, { readonly: true });
    }
    // The writer was busy the whole time: each copy saw more of its rows.
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts[2]).toBeGreaterThan(counts[0]!);
    // The writer lost nothing while the copies were made.
    expect(withDb(s.db, (db) => (db.prepare("SELECT count(*) AS n FROM hours WHERE entry_id LIKE 'w-%'").get() as { n: number }).n)).toBe(written);
  });
});
