// Two processes at once (SPEC §6): cron's `reminders --mark-sent` while HR imports a large
// file, two imports of different files, and writers kept waiting on a held write lock. Every
// process ends with exit 0 and no write is lost; past the busy timeout the loser exits 3
// with a message and writes nothing.
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { initialised, type Sandbox } from '../helpers/cli.js';
import { expectExit, hoursFile, rows, scalar, start, workforce } from './helpers.js';

const PEOPLE = 1000;
const CRON = ['reminders', '--as-of', '2026-01-01', '--mark-sent', '--unsent', '--json'];
/** reminders_sent stores an overdue item at threshold -1. */
const stored = (t: number | 'overdue') => (t === 'overdue' ? -1 : t);

/** Every item the cron run printed is recorded as sent at its threshold. */
function expectMarked(s: Sandbox, items: { key: string; threshold: number | 'overdue' }[]) {
  const sent = new Set(rows(s.db, 'SELECT key, threshold FROM reminders_sent').map((r) => `${r.threshold}|${r.key}`));
  const missing = items.filter((i) => !sent.has(`${stored(i.threshold)}|${i.key}`));
  expect(missing).toEqual([]);
}

describe('concurrent processes', () => {
  let s: Sandbox;
  beforeAll(() => { s = workforce('concurrency', PEOPLE); });

  it('cron reminders --mark-sent and an import of 100,000 hours rows started at the same moment both succeed; nothing is lost', async () => {
    const big = hoursFile(s, 'big.csv', 100_000, PEOPLE, '2023-01-01');
    const [imp, cron] = await Promise.all([start(s, ['import', big.path, '--type', 'hours', '--json']).done, start(s, CRON).done]);
    expectExit(imp, 0);
    expectExit(cron, 0);

    expect(imp.json).toMatchObject({ read: big.rows, added: big.rows, rejected: 0 });
    expect(scalar(s.db, 'SELECT count(*) FROM hours')).toBe(big.rows);
    expect(scalar(s.db, 'SELECT round(sum(hours), 1) FROM hours')).toBeCloseTo(big.total, 1);

    const items = cron.json.reminders as { key: string; threshold: number | 'overdue' }[];
    expect(items.length).toBeGreaterThan(PEOPLE); // credential_expiring, ceu_deficit, renewal_fee_due for each
    expectMarked(s, items);
    // The next cron run has nothing new to say: it prints nothing at all.
    const again = await start(s, CRON).done;
    expectExit(again, 0);
    expect(again.stdout).toBe('');
  }, 120_000);

  it('two imports of different files at once both land, each as its own batch', async () => {
    const before = scalar(s.db, 'SELECT count(*) FROM hours') as number;
    const a = hoursFile(s, 'a.csv', 40_000, PEOPLE, '2022-01-01');
    const b = hoursFile(s, 'b.csv', 40_000, PEOPLE, '2022-03-01');
    const [ra, rb] = await Promise.all([
      start(s, ['import', a.path, '--type', 'hours', '--json']).done,
      start(s, ['import', b.path, '--type', 'hours', '--json']).done,
    ]);
    expectExit(ra, 0);
    expectExit(rb, 0);
    expect([ra.json.added, rb.json.added]).toEqual([a.rows, b.rows]);
    expect(ra.json.batch).not.toBe(rb.json.batch);
    expect(scalar(s.db, 'SELECT count(*) FROM hours')).toBe(before + a.rows + b.rows);
    for (const r of [ra, rb]) {
      const id = Number(r.json.batch.slice(1));
      expect(scalar(s.db, 'SELECT count(*) FROM hours WHERE batch_id = ?', id)).toBe(r.json.added);
      expect(scalar(s.db, "SELECT count(*) FROM audit WHERE record_type = 'import_batch' AND batch_id = ?", id)).toBe(1);
    }
  }, 120_000);
});

describe('a held write lock', () => {
  it('writers wait for it (longer than the old 10 s timeout) and then succeed; with a short CREDTRACK_BUSY_TIMEOUT they exit 3 and write nothing', async () => {
    const s = workforce('lock', PEOPLE);
    const small = hoursFile(s, 'small.csv', 2_000, PEOPLE, '2021-06-01');

    // Another writer (here: this test) takes the write lock and keeps it for 12 s.
    const holder = new Database(s.db);
    holder.exec('BEGIN IMMEDIATE');
    holder.prepare("INSERT INTO meta (key, value) VALUES ('held-by-test', 'yes')").run();

    const cron = start(s, CRON);
    const imp = start(s, ['import', small.path, '--type', 'hours', '--json']);
    const log = start(s, ['log', 'P1', '--category', 'ceu', '--hours', '2', '--date', '2025-05-05', '--domain', 'ethics']);
    const impatient = start(s, CRON, { env: { CREDTRACK_BUSY_TIMEOUT: '0.3' } });
    const impatientImport = start(s, ['import', small.path, '--type', 'hours'], { env: { CREDTRACK_BUSY_TIMEOUT: '0.3' } });

    // The impatient ones give up while the lock is still held: exit 3, a message, a hint.
    for (const r of [await impatient.done, await impatientImport.done]) {
      expectExit(r, 3);
      expect(r.stderr).toMatch(/^credtrack: the database is locked by another process/m);
      expect(r.stderr).toContain('CREDTRACK_BUSY_TIMEOUT');
    }
    await new Promise((r) => setTimeout(r, 12_000));
    // Nobody could have finished: each needs the write lock.
    expect([cron.exited(), imp.exited(), log.exited()]).toEqual([false, false, false]);
    holder.exec('COMMIT');
    holder.close();

    const [c, i, l] = await Promise.all([cron.done, imp.done, log.done]);
    expectExit(c, 0);
    expectExit(i, 0);
    expectExit(l, 0);
    expect(scalar(s.db, "SELECT value FROM meta WHERE key = 'held-by-test'")).toBe('yes');
    expect(i.json).toMatchObject({ added: small.rows, rejected: 0 });
    expect(scalar(s.db, 'SELECT count(*) FROM hours')).toBe(small.rows + 1);
    expect(scalar(s.db, 'SELECT count(*) FROM import_batches WHERE type = ?', 'hours')).toBe(1);
    expectMarked(s, c.json.reminders);
    // The impatient cron run printed its list but marked nothing: the patient one marked each item once.
    expect(scalar(s.db, 'SELECT count(*) FROM reminders_sent')).toBe(c.json.reminders.length);
  }, 120_000);

  it('CREDTRACK_BUSY_TIMEOUT that is not a number of seconds is bad usage (exit 2)', async () => {
    const s = initialised('lock-env');
    const r = await start(s, ['people', 'list'], { env: { CREDTRACK_BUSY_TIMEOUT: '10s' } }).done;
    expectExit(r, 2);
    expect(r.stderr).toMatch(/^credtrack: CREDTRACK_BUSY_TIMEOUT: "10s" is not a number of seconds/);
  });
});
