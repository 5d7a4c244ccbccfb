// Two processes at once (SPEC §6): cron's `reminders --mark-sent` while HR imports a large
// file, two imports of different files, and writers kept waiting on a held write lock. Every
// process ends with exit 0 and no write is lost; past the busy timeout the loser exits 3
// with a message and writes nothing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { initialised, type Sandbox } from '../helpers/cli.js';
import { dump, expectExit, hoursFile, hoursLines, integrity, rows, scalar, start, until, workforce } from './helpers.js';

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
    // --mark-sent takes the lock before it lists: the impatient cron run printed nothing.
    expect((await impatient.done).stdout).toBe('');
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
    // The impatient cron run marked nothing: the patient one marked each item once.
    expect(scalar(s.db, 'SELECT count(*) FROM reminders_sent')).toBe(c.json.reminders.length);
  }, 120_000);

  it('CREDTRACK_BUSY_TIMEOUT that is not a number of seconds is bad usage (exit 2)', async () => {
    const s = initialised('lock-env');
    const r = await start(s, ['people', 'list'], { env: { CREDTRACK_BUSY_TIMEOUT: '10s' } }).done;
    expectExit(r, 2);
    expect(r.stderr).toMatch(/^credtrack: CREDTRACK_BUSY_TIMEOUT: "10s" is not a number of seconds/);
  });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('two cron runs at once', () => {
  it('two overlapping `reminders --unsent --mark-sent` runs tell each item once: one prints the list, the other nothing', async () => {
    const s = workforce('cron-twice', 300);
    const cron = ['reminders', '--as-of', '2026-01-01', '--unsent', '--mark-sent', '--format', 'csv'];
    // What one run alone prints (nothing is marked yet): the bytes the winner must print.
    const alone = await start(s, cron.filter((a) => a !== '--mark-sent')).done;
    expectExit(alone, 0);
    const lines = alone.stdout.trimEnd().split('\n').length - 1;
    expect(lines).toBeGreaterThan(300);

    // Both start while another writer holds the lock, so neither can finish before the other starts.
    const holder = new Database(s.db);
    holder.exec('BEGIN IMMEDIATE');
    const a = start(s, cron);
    const b = start(s, cron);
    await sleep(2_000);
    expect([a.exited(), b.exited()]).toEqual([false, false]);
    holder.exec('ROLLBACK');
    holder.close();

    const [ra, rb] = [expectExit(await a.done, 0), expectExit(await b.done, 0)];
    // Each item once over both outputs: the one that got the lock first printed exactly what a
    // lone run prints; the other found every item marked and printed nothing (cron mails nothing).
    expect([ra.stdout, rb.stdout].sort()).toEqual(['', alone.stdout]);
    expect(scalar(s.db, 'SELECT count(*) FROM reminders_sent')).toBe(lines);
    expect(rows(s.db, 'SELECT key, threshold FROM reminders_sent GROUP BY key, threshold HAVING count(*) > 1')).toEqual([]);
    expect(scalar(s.db, "SELECT count(*) FROM audit WHERE record_type = 'reminders_sent'")).toBe(1);
  }, 60_000);
});

describe('init --force while another process uses the database', () => {
  it('waits for a held write lock like every writer; past CREDTRACK_BUSY_TIMEOUT exits 3 and changes nothing', async () => {
    const s = workforce('init-force-lock', 50);
    const before = dump(s.db);
    const holder = new Database(s.db);
    holder.exec('BEGIN IMMEDIATE');
    holder.prepare("INSERT INTO meta (key, value) VALUES ('held-by-test', 'yes')").run();

    const impatient = expectExit(await start(s, ['init', '--force'], { env: { CREDTRACK_BUSY_TIMEOUT: '0.3' } }).done, 3);
    expect(impatient.stderr).toMatch(/^credtrack: the database is locked by another process/m);
    expect(impatient.stderr).toContain('CREDTRACK_BUSY_TIMEOUT');
    expect(dump(s.db)).toEqual(before);

    const patient = start(s, ['init', '--force']);
    await Promise.race([patient.done, sleep(8_000)]); // long enough for it to finish, were it not waiting
    expect(patient.exited()).toBe(false); // it needs the write lock
    holder.exec('COMMIT');
    expect(scalar(s.db, "SELECT value FROM meta WHERE key = 'held-by-test'")).toBe('yes');
    const r = expectExit(await patient.done, 0);
    expect(r.stderr).toBe(`credtrack: created ${s.db} with rule pack "default"\n`);
    // It ran after the other write, and replaced everything, that write included.
    expect(scalar(s.db, 'SELECT count(*) FROM people')).toBe(0);
    expect(scalar(s.db, "SELECT count(*) FROM meta WHERE key = 'held-by-test'")).toBe(0);
    expect(rows(s.db, 'SELECT command, record_type FROM audit')).toEqual([{ command: 'init', record_type: 'rule_pack' }]);

    // The other process still has the file open. What it writes now lands in the database at
    // the path (deleting the file let such a write commit into a deleted file, reported as done).
    holder.prepare("INSERT INTO meta (key, value) VALUES ('written-after-init', 'yes')").run();
    holder.close();
    expect(scalar(s.db, "SELECT value FROM meta WHERE key = 'written-after-init'")).toBe('yes');
    expect(integrity(s.db)).toEqual(['ok']);
    expect(fs.statSync(s.db).mode & 0o777).toBe(0o600);
  }, 60_000);

  it('init --force during an import (rows from a pipe still coming) waits for the import to commit, then replaces the database in the same file', async () => {
    const s = workforce('init-force-import', 200);
    const { text } = hoursLines(20_000, 200, '2022-01-01');
    const cut = text.indexOf('\n', text.length >> 1) + 1;
    // A named pipe keeps the import's transaction open until the test writes the rest.
    const fifo = path.join(s.dir, 'rows.csv');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const imp = start(s, ['import', fifo, '--type', 'hours', '--json']);
    const writer = fs.createWriteStream(fifo);
    writer.write(text.slice(0, cut));
    await until(() => lockHeld(s.db) || imp.exited(), 30_000, 'the import to take the write lock');

    const init = start(s, ['init', '--force']);
    await Promise.race([init.done, sleep(8_000)]); // long enough for it to finish, were it not waiting
    expect([imp.exited(), init.exited()]).toEqual([false, false]); // init needs the lock the import holds
    await new Promise<void>((resolve) => writer.end(text.slice(cut), () => resolve()));

    const ri = expectExit(await imp.done, 0);
    expect(ri.json).toMatchObject({ read: 20_000, added: 20_000, rejected: 0 });
    expectExit(await init.done, 0);
    // init ran after the import: everything is replaced, the import's rows included (what
    // --force is for), and the file at the path is the one both wrote to.
    expect(scalar(s.db, 'SELECT count(*) FROM hours')).toBe(0);
    expect(scalar(s.db, 'SELECT count(*) FROM import_batches')).toBe(0);
    expect(rows(s.db, 'SELECT command FROM audit')).toEqual([{ command: 'init' }]);
    expect(integrity(s.db)).toEqual(['ok']);
    // A write after it lands.
    expectExit(await start(s, ['people', 'add', 'NEW1', '--first-name', 'Late']).done, 0);
    expect(scalar(s.db, "SELECT first_name FROM people WHERE person_id = 'NEW1'")).toBe('Late');
  }, 60_000);
});

/** Whether another connection holds the write lock now (tried without waiting). */
function lockHeld(db: string): boolean {
  const probe = new Database(db, { timeout: 0 });
  try {
    probe.exec('BEGIN IMMEDIATE');
    probe.exec('ROLLBACK');
    return false;
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY')) return true;
    throw err;
  } finally {
    probe.close();
  }
}
