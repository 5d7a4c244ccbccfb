// End to end through bin/credtrack: a person's single-day hours entries hold at most 24
// hours a day together (src/store/day-totals.ts), whether they come from `log`, one import
// file or several. An entry covering a period is held to 24 × its days on its own.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { initialised, type Sandbox } from '../helpers/cli.js';
import { ok, refused, snapshot } from './assert.js';

const DAY = '2026-11-24';

function withPerson(name: string): Sandbox {
  const s = initialised(name);
  ok(s.run(['people', 'add', 'P3']));
  return s;
}

const log = (s: Sandbox, hours: number, ...more: string[]) =>
  s.run(['log', 'P3', '--category', 'work', '--hours', String(hours), '--date', DAY, '--supervised', ...more]);

/** The hours of P3's entries, as export lists them (date, end_date, hours). */
function entries(s: Sandbox): string[] {
  return ok(s.run(['export', '--type', 'hours'])).stdout.trim().split('\n').slice(1)
    .map((l) => l.split(',')).map((c) => `${c[2]}${c[3] ? `..${c[3]}` : ''} ${c[5]}`);
}

describe('log: the day total', () => {
  it('refuses an entry that takes the day over 24 hours (exit 2), naming the total and the entries on record; nothing is written', () => {
    const s = withPerson('day-log');
    ok(log(s, 18));
    ok(s.run(['log', 'P3', '--category', 'training', '--hours', '2', '--date', DAY, '--entry-id', 'T-7']));
    const before = snapshot(s.db);
    const r = refused(log(s, 8), `--hours: 8 would bring P3's hours on ${DAY} to 28, more than 24 a day: 20 are already on record that day, in 2 entries:`);
    expect(r.stderr).toContain('\n  work 18\n  training 2 (--entry-id T-7)\n');
    expect(r.stderr).toMatch(/\nhint: check --date and --hours; .*--entry-id/);
    expect(snapshot(s.db)).toEqual(before);
    // Up to 24 is fine; another day is another total.
    ok(log(s, 4));
    ok(s.run(['log', 'P3', '--category', 'work', '--hours', '8', '--date', '2026-11-23']));
    expect(entries(s).sort()).toEqual(['2026-11-23 8', `${DAY} 18`, `${DAY} 2`, `${DAY} 4`]);
  });

  it('an entry re-logged with its --entry-id counts once: raising it past 24 is refused, lowering it is not', () => {
    const s = withPerson('day-relog');
    ok(log(s, 16));
    ok(log(s, 6, '--entry-id', 'E1'));
    ok(log(s, 8, '--entry-id', 'E1')); // 16 + 8 = 24: the 6 it replaces does not count twice
    refused(log(s, 9, '--entry-id', 'E1'), /^credtrack: --hours: 9 would bring P3's hours on 2026-11-24 to 25, more than 24 a day: 16 are already/);
    ok(log(s, 5, '--entry-id', 'E1'));
    expect(entries(s).sort()).toEqual([`${DAY} 16`, `${DAY} 5`]);
  });

  it('a period entry spreads its hours over its days: it is not counted in a day total, and a day inside it takes single-day entries', () => {
    const s = withPerson('day-period');
    ok(s.run(['log', 'P3', '--category', 'work', '--hours', '80', '--date', '2026-11-16', '--end-date', DAY]));
    ok(log(s, 20));
    ok(s.run(['log', 'P3', '--category', 'work', '--hours', '4', '--date', DAY, '--end-date', DAY])); // a one-day "period" is a single day
    refused(log(s, 0.5), /^credtrack: --hours: 0.5 would bring P3's hours on 2026-11-24 to 24.5, more than 24 a day: 24 are already on record that day, in 2 entries:/);
  });

  it('a day already over 24 (recorded before the limit) takes corrections that lower it, and nothing that adds to it', () => {
    const s = withPerson('day-legacy');
    ok(log(s, 18, '--entry-id', 'A'));
    ok(log(s, 4, '--entry-id', 'B'));
    // As an older credtrack allowed: 18 + 4 + 8 on one day, written around the check.
    const db = new Database(s.db);
    db.prepare("INSERT INTO hours (person, entry_id, date, category, hours) VALUES (1, 'C', ?, 'work', 8)").run(DAY);
    db.close();
    ok(log(s, 2, '--entry-id', 'A')); // 28 → 12
    ok(log(s, 3, '--entry-id', 'B'));
    expect(entries(s).sort()).toEqual([`${DAY} 2`, `${DAY} 3`, `${DAY} 8`]);
  });
});

describe('import: the day total over the database and the file', () => {
  const HEADER = 'entry_id,person_id,date,category,hours';

  it('refuses the rows that take a day over 24, counting earlier batches and earlier rows of the file; file:line, column, value and total', () => {
    const s = withPerson('day-import');
    s.file('a.csv', `${HEADER}\nA1,P3,${DAY},work,18\n`);
    ok(s.run(['import', 'a.csv', '--type', 'hours']));
    s.file('b.csv', `${HEADER}\nB1,P3,${DAY},training,4\nB2,P3,2026-11-23,work,20\nB3,P3,${DAY},ceu,3\nB4,P3,2026-11-23,work,4\nB5,P3,${DAY},ceu,2\n`);
    const before = snapshot(s.db);
    const r = s.run(['import', 'b.csv', '--type', 'hours']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('credtrack: b.csv: 1 of 5 rows has a problem; nothing was imported\n');
    expect(r.stderr).toContain(`  b.csv:4: hours: 3 would bring P3's hours on ${DAY} to 25, more than 24 a day (the day's other entries, on record or in earlier rows of this file: 22)\n`);
    expect(snapshot(s.db)).toEqual(before);
    // The same in a dry run, which writes nothing either.
    const dry = s.run(['import', 'b.csv', '--type', 'hours', '--dry-run']);
    expect(dry.code).toBe(2);
    expect(dry.stderr).toContain(`b.csv:4: hours: 3 would bring`);
    // --skip-invalid: the other rows land (B5's 2 hours fit once B3 is left out), B3 goes to the rejects file.
    const skip = ok(s.run(['import', 'b.csv', '--type', 'hours', '--skip-invalid', '--json']));
    expect(skip.json).toMatchObject({ read: 5, added: 4, rejected: 1 });
    const rejects = fs.readFileSync(path.join(s.dir, 'b.csv.rejects.csv'), 'utf8').split('\n');
    expect(rejects[0]).toBe(`${HEADER},line,error`);
    expect(rejects[1]).toBe(`B3,P3,${DAY},ceu,3,4,"hours: 3 would bring P3's hours on ${DAY} to 25, more than 24 a day (the day's other entries, on record or in earlier rows of this file: 22)"`);
    expect(entries(s).sort()).toEqual(['2026-11-23 20', '2026-11-23 4', `${DAY} 18`, `${DAY} 2`, `${DAY} 4`]);
    // And `log` sees what the imports wrote.
    refused(log(s, 0.25), /^credtrack: --hours: 0.25 would bring P3's hours on 2026-11-24 to 24.25/);
  });

  it('a day already over 24 takes rows that lower it, in file order, and refuses those that add to it', () => {
    const s = withPerson('day-import-legacy');
    const db = new Database(s.db);
    const insert = db.prepare("INSERT INTO hours (person, entry_id, date, category, hours) VALUES (1, ?, ?, 'work', ?)");
    for (const [id, h] of [['A', 18], ['B', 4], ['C', 8]] as const) insert.run(id, DAY, h); // 30 h, as an older credtrack allowed
    db.close();
    s.file('fix.csv', `${HEADER}\nA,P3,${DAY},work,20\nB,P3,${DAY},work,1\nD,P3,${DAY},work,1\nC,P3,${DAY},work,2\nE,P3,${DAY},work,3\n`);
    const r = ok(s.run(['import', 'fix.csv', '--type', 'hours', '--skip-invalid', '--json']));
    expect(r.json).toMatchObject({ read: 5, added: 1, updated: 2, rejected: 2 });
    expect(r.stderr).toContain(`fix.csv:2: hours: 20 would bring P3's hours on ${DAY} to 32`);
    expect(r.stderr).toContain(`fix.csv:4: hours: 1 would bring P3's hours on ${DAY} to 28`);
    expect(entries(s).sort()).toEqual([`${DAY} 1`, `${DAY} 18`, `${DAY} 2`, `${DAY} 3`]);
  });

  it('a JSON file, a row updating its own entry, and rows in many chunks are held to the same total', () => {
    const s = withPerson('day-import-json');
    const rows = [
      { entry_id: 'J1', person_id: 'P3', date: DAY, category: 'work', hours: 12 },
      { entry_id: 'J2', person_id: 'P3', date: DAY, category: 'work', hours: 12 },
    ];
    s.file('j.json', JSON.stringify(rows));
    ok(s.run(['import', 'j.json', '--type', 'hours']));
    // J1 raised to 13 (over), J2 lowered to 11 (a correction): the lowering lands, the raise does not.
    s.file('k.json', JSON.stringify([{ ...rows[0], hours: 13 }, { ...rows[1], hours: 11 }]));
    const r = s.run(['import', 'k.json', '--type', 'hours', '--skip-invalid', '--json']);
    expect(r.json).toMatchObject({ updated: 1, rejected: 1 });
    expect(r.stderr).toContain("k.json: item 1: hours: 13 would bring P3's hours on 2026-11-24 to 25");
    // Thousands of rows (several chunks of the reader), one bad day at the end.
    const many = Array.from({ length: 5000 }, (_, i) => `M${i},P3,${new Date(Date.UTC(2012, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)},work,8`);
    s.file('many.csv', `${HEADER}\n${many.join('\n')}\nM-last,P3,2012-01-01,work,17\n`);
    const big = s.run(['import', 'many.csv', '--type', 'hours', '--skip-invalid', '--json']);
    expect(big.json).toMatchObject({ read: 5001, added: 5000, rejected: 1 });
    expect(big.stderr).toContain("many.csv:5002: hours: 17 would bring P3's hours on 2012-01-01 to 25");
  });
});
