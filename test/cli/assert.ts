// Assertions shared by the end-to-end tests of the core commands: exit codes with the output
// in the message, refusals (exit 2, one `credtrack:` line, no stack trace), and the database
// read back directly (read-only) to prove what was — or was not — written.
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import type { Run } from '../helpers/cli.js';

export function ok(r: Run, code = 0): Run {
  expect(r.code, `exit code\nstdout: ${r.stdout}\nstderr: ${r.stderr}`).toBe(code);
  return r;
}

/** Exit 2 with `credtrack: <message>` first on stderr, nothing on stdout and no stack trace. */
export function refused(r: Run, message: string | RegExp): Run {
  ok(r, 2);
  const first = r.stderr.split('\n')[0]!;
  if (typeof message === 'string') expect(first).toBe(`credtrack: ${message}`);
  else {
    expect(first.startsWith('credtrack: '), first).toBe(true);
    expect(first).toMatch(message);
  }
  expect(r.stderr).not.toMatch(/^\s+at .*\(?.*:\d+:\d+\)?$/m);
  expect(r.stderr).not.toMatch(/Error:|unexpected error/);
  expect(r.stdout).toBe('');
  return r;
}

/** Every row of every table (the audit log included), to compare before and after a command. */
export function snapshot(db: string): Record<string, unknown[]> {
  const d = new Database(db, { readonly: true, fileMustExist: true });
  try {
    const tables = d.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
    return Object.fromEntries(tables.map((t) => [t, d.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all()]));
  } finally {
    d.close();
  }
}

/** Rows of one table (read-only). */
export function rows(db: string, sql: string, ...args: unknown[]): any[] {
  const d = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return d.prepare(sql).all(...args);
  } finally {
    d.close();
  }
}
