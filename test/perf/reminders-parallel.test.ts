// Reminders of a large population on worker threads give exactly what one thread gives, and
// reading only the records each person needs changes nothing. (No timings: bench/ measures.)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectReminders, DEFAULT_THRESHOLDS, REMINDER_KINDS } from '../../src/engine/reminders.js';
import { emailLookup, gatherPopulation } from '../../src/services/progressions.js';
import { listReminders, REMINDERS_PARALLEL_FROM } from '../../src/services/reminders.js';
import { gatherFacts } from '../../src/store/facts.js';
import { BIN } from '../helpers/cli.js';
import { env, generate, session } from './helpers.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'credtrack-perf-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));



describe('reminders', () => {
  it.each(['2026-11-22', '2025-06-30'])('read only the records and hours each person needs, with the same items as reading everything (as of %s)', (asOf) => {
    const s = session(generate(600, path.join(dir, `small-${asOf}.db`)), asOf);
    try {
      const everything = [...gatherFacts(s.db, 'all').values()].filter((f) => f.person.status === 'active');
      const options = { asOf, within: 120, thresholds: DEFAULT_THRESHOLDS, payroll: s.rules().pack.payroll ?? null, kinds: new Set(REMINDER_KINDS), supervisorEmail: emailLookup(s, everything) };
      const expected = collectReminders(s.rules(), everything, options);
      expect(expected.length).toBeGreaterThan(50);
      expect(listReminders(s, { within: 120 }).reminders).toEqual(expected);
      expect(listReminders(s, { within: 120 }, gatherPopulation(s)).reminders).toEqual(expected);
    } finally {
      s.db.close();
    }
  }, 240_000);

  it(`on worker threads write exactly what one thread writes (${REMINDERS_PARALLEL_FROM} people)`, () => {
    const file = generate(REMINDERS_PARALLEL_FROM, path.join(dir, 'large.db'));
    const asOf = '2026-11-22';
    const run = (args: string[]) => spawnSync(BIN, [...args, '--as-of', asOf, '--db', file], { env, encoding: 'utf8', maxBuffer: 1 << 30, timeout: 180_000 });
    const json = run(['reminders', '--json', '--exit-code']);
    expect(json.stderr).toBe('');
    const csv = run(['reminders', '--format', 'csv', '--unsent', '--kind', 'ceu_deficit', 'credential_expiring']);
    expect(csv.status).toBe(0);
    const s = session(file, asOf, 'reminders');
    try {
      const res = listReminders(s, {});
      expect(json.stdout).toBe(`{"as_of":"${asOf}","within_days":90,"reminders":[${res.reminders.map((r) => JSON.stringify(r)).join(',')}]}\n`);
      expect(json.status).toBe(res.overdue > 0 ? 1 : 0);
      const some = listReminders(s, { unsent: true, kinds: ['ceu_deficit', 'credential_expiring'] }).reminders;
      expect(csv.stdout.trim().split('\n').length).toBe(some.length + 1);
    } finally {
      s.db.close();
    }
  }, 300_000);
});
