// Runs the real bin/credtrack against a temporary database, like a user would.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const BIN = path.join(ROOT, 'bin', 'credtrack');

export interface Run { code: number | null; stdout: string; stderr: string; json: any }

export interface Sandbox {
  dir: string;
  db: string;
  run(args: string[], opts?: { input?: string; env?: Record<string, string> }): Run;
  file(name: string, text: string): string;
  csv(name: string, header: string[], rows: Record<string, unknown>[]): string;
}

/** Sandboxes made by this test file, removed when it ends (test/helpers/setup.ts). */
const made: string[] = [];

export function removeSandboxes(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export function sandbox(name = 'test'): Sandbox {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `credtrack-${name}-`));
  made.push(dir);
  const db = path.join(dir, 'test.db');
  return {
    dir,
    db,
    run(args, opts = {}) {
      // $COLUMNS fits tables to a width: a test's shell may export one, so only a test's own counts.
      const { COLUMNS: _columns, ...inherited } = process.env;
      const env: Record<string, string | undefined> = { ...inherited, CREDTRACK_DB: db, NO_COLOR: '1', TZ: 'UTC', USER: 'tester', ...opts.env };
      delete env.FORCE_COLOR;
      const r = spawnSync(BIN, args, { cwd: dir, env, input: opts.input ?? '', encoding: 'utf8', timeout: 120_000 });
      let json: any;
      try { json = JSON.parse(r.stdout); } catch { json = undefined; }
      return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', json };
    },
    file(name, text) {
      const p = path.join(dir, name);
      fs.writeFileSync(p, text);
      return p;
    },
    csv(name, header, rows) {
      const lines = [header.join(','), ...rows.map((r) => header.map((h) => String(r[h] ?? '')).join(','))];
      return this.file(name, `${lines.join('\n')}\n`);
    },
  };
}

/** A sandbox with `init` already run. */
export function initialised(name?: string): Sandbox {
  const s = sandbox(name);
  const r = s.run(['init']);
  if (r.code !== 0) throw new Error(`init failed: ${r.stderr}`);
  return s;
}
