// Shared steps of the operations tests: exit-code assertions and direct database access.
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { BIN, type Run, type Sandbox } from '../helpers/cli.js';

export function ok(r: Run, code = 0): Run {
  expect(r.code, `exit code\nstdout: ${r.stdout}\nstderr: ${r.stderr}`).toBe(code);
  return r;
}

/** Runs each command in order, expecting success. */
export function steps(s: Sandbox, commands: string[][]): void {
  for (const args of commands) ok(s.run(args));
}

/** Opens a database file directly (around credtrack), runs `fn` and closes it. */
export function withDb<T>(file: string, fn: (db: Database.Database) => T, opts: Database.Options = {}): T {
  const db = new Database(file, opts);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

export const mode = (m: number) => (m & 0o777).toString(8);

/** Runs bin/credtrack under `umask 000`, so only credtrack itself can make a file private. */
export function runOpenUmask(s: Sandbox, args: string[]): Run {
  const r = spawnSync('sh', ['-c', 'umask 000; exec "$0" "$@"', BIN, ...args], {
    cwd: s.dir, encoding: 'utf8', env: { ...process.env, CREDTRACK_DB: s.db, NO_COLOR: '1', USER: 'tester' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: undefined };
}
