// Reliability test tools: the real bin/credtrack spawned asynchronously (so two can run at
// once, or one can be killed), data files generated in the sandbox, and database dumps read
// straight from the file to compare before and after.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { BIN, initialised, type Sandbox } from '../helpers/cli.js';

export interface Finished { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; json: any }
export interface Running { child: ChildProcess; done: Promise<Finished>; exited(): boolean }

/** Starts `credtrack ARGS` in the sandbox without waiting for it. */
export function start(s: Sandbox, args: string[], opts: { env?: Record<string, string>; stdin?: 'pipe' | 'ignore' } = {}): Running {
  const env: Record<string, string | undefined> = { ...process.env, CREDTRACK_DB: s.db, NO_COLOR: '1', TZ: 'UTC', USER: 'tester', ...opts.env };
  delete env.FORCE_COLOR;
  const child = spawn(BIN, args, { cwd: s.dir, env, stdio: [opts.stdin ?? 'ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let exited = false;
  child.stdout!.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
  const done = new Promise<Finished>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      exited = true;
      let json: any;
      try { json = JSON.parse(stdout); } catch { json = undefined; }
      resolve({ code, signal, stdout, stderr, json });
    });
  });
  return { child, done, exited: () => exited };
}

/** Asserts the exit code (with the output in the message) and that no stack trace leaked. */
export function expectExit(r: Finished, code: number): Finished {
  expect(r.code, `exit code (signal ${r.signal})\nstdout: ${r.stdout.slice(0, 2000)}\nstderr: ${r.stderr.slice(0, 2000)}`).toBe(code);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  return r;
}

/** Opens the database file directly (read-only unless SQLite needs to recover a crashed writer's WAL). */
export function openFile(path: string): Database.Database {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
    return db;
  } catch (err) {
    if (!String((err as { code?: string }).code).startsWith('SQLITE_READONLY')) throw err;
    return new Database(path, { fileMustExist: true });
  }
}

/** Every row of every table, in rowid order: equal dumps mean equal content. */
export function dump(path: string): Record<string, unknown[]> {
  const db = openFile(path);
  try {
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
    return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).raw().all()]));
  } finally {
    db.close();
  }
}

export function integrity(path: string): string[] {
  const db = openFile(path);
  try {
    return db.prepare('PRAGMA integrity_check').pluck().all() as string[];
  } finally {
    db.close();
  }
}

/** One value from a query on the database file. */
export function scalar(path: string, sql: string, ...args: unknown[]): any {
  const db = openFile(path);
  try {
    return db.prepare(sql).pluck().get(...args);
  } finally {
    db.close();
  }
}

export function rows(path: string, sql: string, ...args: unknown[]): any[] {
  const db = openFile(path);
  try {
    return db.prepare(sql).all(...args);
  } finally {
    db.close();
  }
}

const DAY = 86_400_000;
export const isoDay = (start: string, days: number) => new Date(Date.parse(start) + days * DAY).toISOString().slice(0, 10);

/** A new database with `n` people P0..P(n-1), each holding CRSS issued 2024-02-01 and expiring in February 2026. */
export function workforce(name: string, n: number): Sandbox {
  const s = initialised(name);
  const people = ['person_id,first_name,last_name,email,education,hire_date,site'];
  const creds = ['person_id,credential,number,issued_on,expires_on,status'];
  for (let i = 0; i < n; i++) {
    people.push(`P${i},First${i},Last${i},p${i}@example.org,high_school,2020-01-01,Site${i % 5}`);
    creds.push(`P${i},CRSS,IL-${i},2024-02-01,${isoDay('2026-02-01', i % 28)},active`);
  }
  for (const [file, type] of [[s.file('people.csv', `${people.join('\n')}\n`), 'people'], [s.file('credentials.csv', `${creds.join('\n')}\n`), 'credentials']]) {
    const r = s.run(['import', file!, '--type', type!]);
    expect(r.code, r.stderr).toBe(0);
  }
  return s;
}

export interface HoursFile { path: string; rows: number; total: number }

/**
 * `rows` hours entries for people P0..P(people-1), one a day each from `firstDay`, all
 * distinct (no entry_id: keyed by content). `note` pads each row (to make the import's
 * transaction larger than SQLite's page cache, so it spills into the WAL before commit).
 */
export function hoursLines(rows: number, people: number, firstDay: string, note = ''): { text: string; total: number } {
  const out: string[] = [`person_id,date,category,hours,supervised,paid${note ? ',note' : ''}\n`];
  let tenths = 0;
  for (let i = 0; i < rows; i++) {
    const t = 10 + (i % 70);
    tenths += t;
    out.push(`P${i % people},${isoDay(firstDay, Math.floor(i / people))},work,${t / 10},yes,yes${note ? `,${note}` : ''}\n`);
  }
  return { text: out.join(''), total: tenths / 10 };
}

export function hoursFile(s: Sandbox, name: string, rows: number, people: number, firstDay: string, note = ''): HoursFile {
  const { text, total } = hoursLines(rows, people, firstDay, note);
  return { path: s.file(name, text), rows, total };
}

/** Waits until `check` is true, polling; fails after `limitMs`. */
export async function until(check: () => boolean, limitMs: number, what: string, everyMs = 10): Promise<void> {
  const end = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const fileSize = (p: string) => { try { return fs.statSync(p).size; } catch { return 0; } };
