// Crash safety: an import killed with SIGKILL (no chance to clean up) leaves the database as
// it was — every table the same, PRAGMA integrity_check ok, `credtrack doctor` healthy — and
// the next import works. Killed while its commit is being written, it is all or nothing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../helpers/cli.js';
import { dump, expectExit, fileSize, hoursFile, hoursLines, integrity, type Running, scalar, start, until, workforce } from './helpers.js';

const PEOPLE = 500;

function setup(name: string): Sandbox {
  const s = workforce(name, PEOPLE);
  // Something already in every kind of table the import touches.
  const seed = hoursFile(s, 'seed.csv', 1_000, PEOPLE, '2021-01-04');
  expect(s.run(['import', seed.path, '--type', 'hours']).code).toBe(0);
  return s;
}

async function kill(run: Running): Promise<void> {
  run.child.kill('SIGKILL');
  const r = await run.done;
  // Killed, not finished: otherwise the test would prove nothing.
  expect(r.signal, `the import ended by itself (code ${r.code}): ${r.stderr}`).toBe('SIGKILL');
}

async function expectHealthy(s: Sandbox): Promise<void> {
  expect(integrity(s.db)).toEqual(['ok']);
  const doctor = await start(s, ['doctor']).done;
  expectExit(doctor, 0);
}

/** Where the process has read `file` up to (Linux /proc), or undefined when that cannot be seen. */
function readPosition(pid: number, file: string): number | undefined {
  try {
    for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
      let target: string;
      try { target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`); } catch { continue; }
      if (target !== file) continue;
      const m = /^pos:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'));
      if (m) return Number(m[1]);
    }
    return 0;
  } catch {
    return undefined;
  }
}

describe('SIGKILL during an import', () => {
  let s: Sandbox;
  beforeAll(() => { s = setup('crash'); });

  it('killed after uncommitted pages reached the WAL (rows from a pipe still open): nothing changed', async () => {
    const before = dump(s.db);
    const wal = `${s.db}-wal`;
    const walBefore = fileSize(wal);
    // 2 KB notes make the transaction larger than the 64 MB page cache: SQLite must spill
    // uncommitted pages into the WAL before the import could commit.
    const { text } = hoursLines(45_000, PEOPLE, '2022-01-03', 'x'.repeat(1_900));
    // A named pipe that is never closed: the import cannot finish. (Standard input would be
    // spooled to a file first, so the import would not even start.)
    const fifo = path.join(s.dir, 'rows.csv');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const run = start(s, ['import', fifo, '--type', 'hours']);
    const writer = fs.createWriteStream(fifo);
    writer.on('error', () => { /* EPIPE after the kill */ });
    writer.write(text);
    await until(() => fileSize(wal) > walBefore + 8 * 1024 * 1024 || run.exited(), 60_000, 'the import to spill into the WAL', 20);
    expect(run.exited()).toBe(false);
    await kill(run);
    writer.destroy();
    expect(fileSize(wal)).toBeGreaterThan(walBefore + 8 * 1024 * 1024); // the dead writer's frames are there...

    expect(dump(s.db)).toEqual(before); // ...but none of them counts
    await expectHealthy(s);

    // The lock died with the process: the next import runs at once and lands.
    const again = hoursFile(s, 'again.csv', 5_000, PEOPLE, '2022-01-03');
    const r = expectExit(await start(s, ['import', again.path, '--type', 'hours', '--json']).done, 0);
    expect(r.json).toMatchObject({ added: again.rows, rejected: 0 });
  }, 120_000);

  it('killed a third of the way through a 200,000-row file: nothing changed', async () => {
    const before = dump(s.db);
    const big = hoursFile(s, 'big.csv', 200_000, PEOPLE, '2023-01-02');
    const size = fs.statSync(big.path).size;
    const run = start(s, ['import', big.path, '--type', 'hours']);
    const pid = run.child.pid!;
    // Wait until it has read a third of the file (or, where /proc cannot tell, about a second).
    const t0 = Date.now();
    await until(() => run.exited() || (readPosition(pid, big.path) ?? (Date.now() - t0 > 1000 ? size : 0)) > size / 3, 60_000, 'the import to read a third of the file');
    await kill(run);

    expect(dump(s.db)).toEqual(before);
    await expectHealthy(s);
  }, 120_000);

  it('killed while its commit is being written: all rows or none, never part', async () => {
    const beforeHours = scalar(s.db, 'SELECT count(*) FROM hours') as number;
    const beforeBatches = scalar(s.db, 'SELECT count(*) FROM import_batches') as number;
    const file = hoursFile(s, 'commit.csv', 60_000, PEOPLE, '2024-01-02');
    const wal = `${s.db}-wal`;
    // Let the earlier runs' WAL be checkpointed away so its growth marks this commit.
    expectExit(await start(s, ['people', 'list', '--json']).done, 0);
    const walBefore = fileSize(wal);
    const run = start(s, ['import', file.path, '--type', 'hours']);
    // The transaction fits in the page cache: the WAL grows only when the commit writes it.
    await new Promise<void>((resolve) => {
      const poll = () => (fileSize(wal) > walBefore || run.exited() ? resolve() : setImmediate(poll));
      poll();
    });
    run.child.kill('SIGKILL');
    const r = await run.done;

    const hours = scalar(s.db, 'SELECT count(*) FROM hours') as number;
    const batches = scalar(s.db, 'SELECT count(*) FROM import_batches') as number;
    if (r.signal === 'SIGKILL' && hours === beforeHours) {
      expect(batches).toBe(beforeBatches);
    } else {
      // The commit record made it to the WAL before the kill (or the import finished): all of it.
      expect([hours, batches]).toEqual([beforeHours + file.rows, beforeBatches + 1]);
    }
    expect(integrity(s.db)).toEqual(['ok']);
    expect(scalar(s.db, 'PRAGMA foreign_key_check')).toBeUndefined();
    await expectHealthy(s);
  }, 120_000);
});
