// Standard output that cannot be written, end to end through bin/credtrack: a full disk (a
// copy of /dev/full made in the sandbox, or /dev/full opened for writing — never replaced) is
// `credtrack: cannot write standard output: no space left on device`, exit 3, no stack trace,
// for every command that prints; reminders --mark-sent then marks nothing. A reader that goes
// away (`| head -1`, EPIPE) stays quiet with exit 0.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, initialised, ROOT, type Sandbox } from '../helpers/cli.js';

const isRoot = process.getuid?.() === 0;
const AS_OF = '2026-11-22';

/** The demo workforce (fixtures/demo): reminders, findings and records for every command. */
function demo(name: string): Sandbox {
  const s = initialised(name);
  for (const type of ['people', 'positions', 'hours', 'exams', 'credentials', 'evaluations', 'screenings']) {
    const r = s.run(['import', path.join(ROOT, 'fixtures/demo', `${type}.csv`), '--type', type]);
    expect(r.code, r.stderr).toBe(0);
  }
  return s;
}

const env = (s: Sandbox) => {
  const e: Record<string, string | undefined> = { ...process.env, CREDTRACK_DB: s.db, NO_COLOR: '1', TZ: 'UTC', USER: 'tester' };
  delete e.FORCE_COLOR;
  return e;
};

/** A "disk full" device to write to: a copy of /dev/full in the sandbox as root, else /dev/full itself (opened, never created). */
function fullDevice(s: Sandbox): string {
  if (!isRoot) return '/dev/full';
  const p = path.join(s.dir, 'full');
  if (!fs.existsSync(p)) expect(spawnSync('mknod', ['-m', '666', p, 'c', '1', '7']).status).toBe(0);
  return p;
}

/** Runs credtrack with its standard output on a full disk. */
function toFull(s: Sandbox, args: string[]) {
  const fd = fs.openSync(fullDevice(s), fs.constants.O_WRONLY); // no O_CREAT: never makes a file
  try {
    const r = spawnSync(BIN, args, { cwd: s.dir, env: env(s), stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', timeout: 120_000 });
    return { code: r.status, stderr: r.stderr ?? '' };
  } finally {
    fs.closeSync(fd);
  }
}

const FULL = 'credtrack: cannot write standard output: no space left on device\n';

describe('standard output on a full disk', () => {
  let s: Sandbox;
  beforeAll(() => { s = demo('stdout-full'); }, 180_000);

  it.each([
    ['export csv', ['export', '--type', 'hours']],
    ['export json', ['export', '--type', 'people', '--format', 'json']],
    ['export audit', ['export', '--type', 'audit']],
    ['check json', ['check', '--all', '--json', '--as-of', AS_OF]],
    ['check csv', ['check', '--all', '--format', 'csv', '--as-of', AS_OF]],
    ['check table', ['check', '--all', '--as-of', AS_OF]],
    ['check --exit-code', ['check', '--all', '--exit-code', '--as-of', AS_OF]],
    ['people list', ['people', 'list']],
    ['people list csv', ['people', 'list', '--format', 'csv']],
    ['people show', ['people', 'show', 'P001', '--json']],
    ['reminders text', ['reminders', '--as-of', AS_OF]],
    ['reminders csv', ['reminders', '--format', 'csv', '--as-of', AS_OF]],
    ['reminders json', ['reminders', '--json', '--as-of', AS_OF]],
    ['reminders ics', ['reminders', '--format', 'ics', '--as-of', AS_OF]],
    ['progressions', ['progressions', '--as-of', AS_OF]],
    ['report text', ['report', '--as-of', AS_OF]],
    ['report html', ['report', '--format', 'html', '--as-of', AS_OF]],
    ['audit table', ['audit']],
    ['audit json', ['audit', '--json']],
    ['audit csv', ['audit', '--format', 'csv']],
    ['imports list', ['imports', 'list']],
    ['rules export', ['rules', 'export']],
    ['rules list', ['rules', 'list']],
    ['doctor', ['doctor']],
    ['help', ['--help']],
  ])('%s: one line saying so, exit 3, no stack trace', (_what, args) => {
    const r = toFull(s, args);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toBe(FULL);
  });

  it('--debug adds the stack trace', () => {
    const r = toFull(s, ['export', '--type', 'hours', '--debug']);
    expect(r.code).toBe(3);
    expect(r.stderr.startsWith(FULL)).toBe(true);
    expect(r.stderr).toMatch(/ENOSPC/);
    expect(r.stderr).toMatch(/^\s+at /m);
  });

  it.each([['text'], ['csv'], ['json'], ['ics']])('reminders --unsent --mark-sent --format %s marks nothing when its output failed', (format) => {
    const unsent = () => {
      const r = s.run(['reminders', '--unsent', '--format', 'csv', '--as-of', AS_OF]);
      expect(r.code, r.stderr).toBe(0);
      return r.stdout;
    };
    const before = unsent();
    expect(before.trim().split('\n').length).toBeGreaterThan(1);
    const r = toFull(s, ['reminders', '--unsent', '--mark-sent', '--format', format, '--as-of', AS_OF]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toBe(FULL);
    expect(unsent()).toBe(before);
  });
});

describe('a reader that goes away (EPIPE)', () => {
  let s: Sandbox;
  beforeAll(() => {
    s = initialised('stdout-epipe');
    s.csv('people.csv', ['person_id', 'first_name', 'last_name'], Array.from({ length: 50 }, (_, i) => ({ person_id: `P${i}`, first_name: 'Ana', last_name: 'Diaz' })));
    expect(s.run(['import', 'people.csv', '--type', 'people']).code).toBe(0);
    // About 1 MB of export: far more than a pipe holds, so the writer meets the closed pipe.
    const rows = [];
    for (let i = 0; i < 12_000; i++) rows.push({ person_id: `P${i % 50}`, date: `2025-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`, category: 'work', hours: 1, topic: `t${i}`, entry_id: `e${i}` });
    s.csv('hours.csv', ['entry_id', 'person_id', 'date', 'category', 'hours', 'topic'], rows);
    expect(s.run(['import', 'hours.csv', '--type', 'hours']).code).toBe(0);
  }, 180_000);

  /** Runs credtrack and closes its standard output after the first chunk, as `| head -1` does. */
  function firstChunk(args: string[]): Promise<{ code: number | null; stderr: string; got: number }> {
    return new Promise((resolve, reject) => {
      const child = spawn(BIN, args, { cwd: s.dir, env: env(s), stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      let got = 0;
      child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
      child.stdout.once('data', (d: Buffer) => { got = d.length; child.stdout.destroy(); });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr, got }));
    });
  }

  it.each([
    ['export csv', ['export', '--type', 'hours']],
    ['export json', ['export', '--type', 'hours', '--format', 'json']],
    ['audit csv', ['audit', '--format', 'csv']],
  ])('%s: no message, exit 0', async (_what, args) => {
    const r = await firstChunk(args);
    expect(r.got).toBeGreaterThan(0);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
