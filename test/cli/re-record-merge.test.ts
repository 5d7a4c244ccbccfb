// End to end: re-running a record command, or re-importing a row with the same natural key,
// keeps every stored value it does not give (an omitted option, an empty cell) and replaces
// the values it gives (SPEC §5 import: "empty cells mean 'not given'"; README: recording the
// same thing twice changes nothing). Outcomes, `check`, `reminders` and the audit's
// before/after images all see the merged record. Each test runs on its own copy of the demo
// database (fixtures/demo, as `npm run demo` builds it).
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, sandbox, type Sandbox } from '../helpers/cli.js';
import { ok, refused, rows, snapshot } from './assert.js';

const AS_OF = '2026-11-22';
const HOURS = 'entry_id,person_id,date,end_date,category,hours';
let demoDb: string;

beforeAll(() => {
  const s = sandbox('merge-demo');
  ok(s.run(['init']));
  for (const type of ['people', 'positions', 'hours', 'exams', 'credentials', 'evaluations', 'screenings']) {
    ok(s.run(['import', path.join(ROOT, 'fixtures/demo', `${type}.csv`), '--type', type]));
  }
  demoDb = s.db;
}, 120_000);

/** A fresh copy of the demo database. */
function demo(): Sandbox {
  const s = sandbox('merge');
  fs.copyFileSync(demoDb, s.db);
  return s;
}

const said = (r: { stderr: string }) => r.stderr;
const person = (s: Sandbox, id: string) => ok(s.run(['people', 'show', id, '--json'])).json;
const lastChange = (s: Sandbox, table: string) => {
  const [a] = rows(s.db, 'SELECT before, after FROM audit WHERE record_type = ? AND action = \'change\' ORDER BY id DESC LIMIT 1', table);
  return a && { before: JSON.parse(a.before), after: JSON.parse(a.after) };
};
const changes = (s: Sandbox, table: string) => rows(s.db, "SELECT count(*) AS n FROM audit WHERE record_type = ? AND action = 'change'", table)[0].n;
const mhp = (s: Sandbox) => {
  const r = ok(s.run(['check', 'P004', '--credential', 'MHP-132', '--json', '--as-of', AS_OF])).json.results[0];
  const [crss, supervised] = r.requirements[0].requirements;
  return { projected: r.projected_date, mhExperience: crss.requirements[1].have, supervisedExperience: supervised.have };
};
const workHours = (s: Sandbox, id: string) => ok(s.run(['check', id, '--credential', 'CRSS', '--json', '--as-of', AS_OF])).json
  .results[0].requirements.find((q: { id: string }) => q.id === 'work-hours').have;
const reminderKeys = (s: Sandbox, id: string) => ok(s.run(['reminders', '--json', '--as-of', AS_OF])).json.reminders
  .filter((r: { person: string }) => r.person === id).map((r: { key: string }) => r.key);

describe('record commands keep what they do not repeat', () => {
  it("position: the README's `--end` re-run closes the period and keeps field and supervised", () => {
    const s = demo();
    const start = mhp(s);
    expect(start).toEqual({ projected: '2031-05-22', mhExperience: 6, supervisedExperience: 6 });
    const close = ['position', 'P004', '--position', 'RSS-TRAINEE', '--start', '2026-05-22', '--end', '2026-12-03'];
    expect(said(ok(s.run(close)))).toBe('credtrack: updated position for P004\n');
    expect(person(s, 'P004').positions).toEqual([
      { position: 'RSS-TRAINEE', start_date: '2026-05-22', end_date: '2026-12-03', field: 'mental_health', supervised: true }]);
    // The experience is still counted for both routes; the closed period stops accruing on
    // 2026-12-03, long before 60 months, so that route has no projected date any more.
    expect(mhp(s)).toEqual({ projected: null, mhExperience: 6, supervisedExperience: 6 });
    expect(lastChange(s, 'positions')).toEqual({
      before: { position: 'RSS-TRAINEE', start_date: '2026-05-22', end_date: null, field: 'mental_health', supervised: 1 },
      after: { position: 'RSS-TRAINEE', start_date: '2026-05-22', end_date: '2026-12-03', field: 'mental_health', supervised: 1 },
    });
    expect(said(ok(s.run(close)))).toBe('credtrack: position for P004 was already recorded; nothing changed\n');
    expect(changes(s, 'positions')).toBe(1);
  });

  it('position: an end given after the projected date keeps the projected date', () => {
    const s = demo();
    ok(s.run(['position', 'P004', '--position', 'RSS-TRAINEE', '--start', '2026-05-22', '--end', '2031-12-31']));
    expect(mhp(s)).toEqual({ projected: '2031-05-22', mhExperience: 6, supervisedExperience: 6 });
  });

  it('position: a field given replaces the stored one', () => {
    const s = demo();
    expect(said(ok(s.run(['position', 'P004', '--position', 'RSS-TRAINEE', '--start', '2026-05-22', '--field', 'human_services']))))
      .toBe('credtrack: updated position for P004\n');
    expect(person(s, 'P004').positions[0]).toEqual(
      { position: 'RSS-TRAINEE', start_date: '2026-05-22', end_date: null, field: 'human_services', supervised: true });
    expect(mhp(s)).toEqual({ projected: '2031-05-22', mhExperience: 0, supervisedExperience: 6 });
  });

  it('screening: re-recorded without --expires keeps the expiry and its reminder; a new --expires replaces it', () => {
    const s = demo();
    expect(reminderKeys(s, 'P007')).toContain('P007|screening_expiring|tb|2027-01-04');
    expect(said(ok(s.run(['screening', 'P007', '--type', 'tb', '--date', '2026-01-05', '--result', 'pass']))))
      .toBe('credtrack: screening for P007 was already recorded; nothing changed\n');
    expect(person(s, 'P007').screenings.find((x: { type: string }) => x.type === 'tb'))
      .toEqual({ type: 'tb', date: '2026-01-05', result: 'pass', expires_on: '2027-01-04' });
    expect(reminderKeys(s, 'P007')).toContain('P007|screening_expiring|tb|2027-01-04');
    expect(changes(s, 'screenings')).toBe(0);

    expect(said(ok(s.run(['screening', 'P007', '--type', 'tb', '--date', '2026-01-05', '--result', 'pass', '--expires', '2027-01-31']))))
      .toBe('credtrack: updated screening for P007\n');
    expect(reminderKeys(s, 'P007')).toContain('P007|screening_expiring|tb|2027-01-31');
    expect(lastChange(s, 'screenings')!.after).toEqual({ type: 'tb', date: '2026-01-05', result: 'pass', expires_on: '2027-01-31' });
  });

  it('credential grant: re-granted without --number keeps the number; a new --number replaces it, lifecycle kept', () => {
    const s = demo();
    const stored = { code: 'CRSS', number: 'IL-CRSS-20417', issued_on: '2025-01-15', expires_on: null, status: 'active', status_on: null, cycle_start: '2025-01-15' };
    expect(said(ok(s.run(['credential', 'grant', 'P003', '--credential', 'CRSS', '--issued', '2025-01-15']))))
      .toBe('credtrack: credential for P003 was already recorded; nothing changed\n');
    expect(person(s, 'P003').credentials).toEqual([stored]);

    ok(s.run(['credential', 'renew', 'P003', '--credential', 'CRSS', '--date', '2026-11-01']));
    const renewed = { ...stored, cycle_start: '2027-01-15' };
    expect(person(s, 'P003').credentials).toEqual([renewed]);
    expect(said(ok(s.run(['credential', 'grant', 'P003', '--credential', 'CRSS', '--issued', '2025-01-15', '--number', 'IL-CRSS-99999']))))
      .toBe('credtrack: updated credential for P003\n');
    expect(person(s, 'P003').credentials).toEqual([{ ...renewed, number: 'IL-CRSS-99999' }]);
    expect(lastChange(s, 'credentials')).toEqual({ before: renewed, after: { ...renewed, number: 'IL-CRSS-99999' } });
  });

  it('credential grant: re-run as it was on a lapsed credential keeps the lapse', () => {
    const s = demo();
    ok(s.run(['credential', 'lapse', 'P003', '--credential', 'CRSS', '--date', '2026-11-01']));
    const lapsed = person(s, 'P003').credentials;
    expect(lapsed[0]).toMatchObject({ status: 'lapsed', status_on: '2026-11-01' });
    expect(said(ok(s.run(['credential', 'grant', 'P003', '--credential', 'CRSS', '--issued', '2025-01-15']))))
      .toBe('credtrack: credential for P003 was already recorded; nothing changed\n');
    expect(person(s, 'P003').credentials).toEqual(lapsed);
  });

  it('evaluation: re-recorded with only --evaluator keeps the note; a new --note replaces it', () => {
    const s = demo();
    const stored = { date: '2026-08-22', rating: 'satisfactory', evaluator: 'Rosa Alvarez', note: '90-day review' };
    expect(said(ok(s.run(['evaluation', 'P004', '--date', '2026-08-22', '--rating', 'satisfactory', '--evaluator', 'Rosa Alvarez']))))
      .toBe('credtrack: evaluation for P004 was already recorded; nothing changed\n');
    expect(person(s, 'P004').evaluations).toEqual([stored]);
    expect(said(ok(s.run(['evaluation', 'P004', '--date', '2026-08-22', '--rating', 'satisfactory', '--evaluator', 'Rosa Alvarez', '--note', 'reviewed again']))))
      .toBe('credtrack: updated evaluation for P004\n');
    expect(person(s, 'P004').evaluations).toEqual([{ ...stored, note: 'reviewed again' }]);
    expect(lastChange(s, 'evaluations')).toEqual({ before: stored, after: { ...stored, note: 'reviewed again' } });
  });

  it('log: an entry id re-logged without --supervised or --paid keeps them; a given --volunteer replaces --paid', () => {
    const s = demo();
    const entry = () => rows(s.db, "SELECT date, end_date, hours, supervised, paid FROM hours WHERE entry_id = 'P001-work-w-202403'")[0];
    const relog = ['log', 'P001', '--entry-id', 'P001-work-w-202403', '--category', 'work', '--hours', '150', '--date', '2024-03-01', '--end-date', '2024-03-31'];
    expect(said(ok(s.run(relog)))).toBe('credtrack: hours entry for P001 was already recorded; nothing changed\n');
    expect(entry()).toEqual({ date: '2024-03-01', end_date: '2024-03-31', hours: 150, supervised: 1, paid: 1 });
    expect(said(ok(s.run([...relog, '--volunteer'])))).toBe('credtrack: updated hours entry for P001\n');
    expect(entry()).toEqual({ date: '2024-03-01', end_date: '2024-03-31', hours: 150, supervised: 1, paid: 0 });
    expect(workHours(s, 'P001')).toBe(1500);
  });

  it('log: a kept end date that no longer fits the dates given is refused, naming it; nothing is written', () => {
    const s = demo();
    const before = snapshot(s.db);
    refused(s.run(['log', 'P001', '--entry-id', 'P001-work-w-202403', '--category', 'work', '--hours', '8', '--date', '2024-04-01']),
      '--end-date: "2024-03-31" is before --date; the stored --end-date "2024-03-31" is kept when not given — give --end-date');
    expect(snapshot(s.db)).toEqual(before);
    expect(said(ok(s.run(['log', 'P001', '--entry-id', 'P001-work-w-202403', '--category', 'work', '--hours', '8', '--date', '2024-04-01', '--end-date', '2024-04-01']))))
      .toBe('credtrack: updated hours entry for P001\n');
  });
  it('log: other hours for an entry id without --end-date are checked over the stored period it keeps (QA F1)', () => {
    const s = demo();
    const entry = () => rows(s.db, "SELECT date, end_date, hours FROM hours WHERE entry_id = 'P001-work-w-202403'")[0];
    // 300 h over the kept 31 days (744 h at most) is an update, not "more than 24 hours a day".
    expect(said(ok(s.run(['log', 'P001', '--entry-id', 'P001-work-w-202403', '--category', 'work', '--hours', '300', '--date', '2024-03-01']))))
      .toBe('credtrack: updated hours entry for P001\n');
    expect(entry()).toEqual({ date: '2024-03-01', end_date: '2024-03-31', hours: 300 });
    const before = snapshot(s.db);
    refused(s.run(['log', 'P001', '--entry-id', 'P001-work-w-202403', '--category', 'work', '--hours', '800', '--date', '2024-03-01']),
      '--hours: 800 is more than 24 hours a day (744 at most for 31 days, 2024-03-01 to 2024-03-31); the stored --end-date "2024-03-31" is kept when not given — give --end-date');
    expect(snapshot(s.db)).toEqual(before);
    // A new entry id has no stored period: its one day holds 24 hours at most.
    refused(s.run(['log', 'P001', '--entry-id', 'P001-new', '--category', 'work', '--hours', '30', '--date', '2024-03-01']),
      '--hours: 30 is more than 24 hours a day (24 at most for 1 day)');
    expect(snapshot(s.db)).toEqual(before);
  });
});

describe('imports keep what an empty cell does not give', () => {
  it('hours by entry_id without supervised and paid: unchanged, and the supervised total stays 1500', () => {
    const s = demo();
    expect(workHours(s, 'P001')).toBe(1500);
    s.file('h.csv', `${HOURS}\nP001-work-w-202403,P001,2024-03-01,2024-03-31,work,150\n`);
    const r = ok(s.run(['import', 'h.csv', '--type', 'hours']));
    expect(r.stdout + r.stderr).toContain('1 row read: 0 added, 0 updated, 1 unchanged, 0 rejected');
    expect(rows(s.db, "SELECT supervised, paid FROM hours WHERE entry_id = 'P001-work-w-202403'")).toEqual([{ supervised: 1, paid: 1 }]);
    expect(workHours(s, 'P001')).toBe(1500);
  });

  it('hours by entry_id giving other hours: updated with the merged values, audited, and undone', () => {
    const s = demo();
    s.file('h.csv', `${HOURS},note\nP001-work-w-202403,P001,2024-03-01,2024-03-31,work,140,timesheet fix\n`);
    const r = ok(s.run(['import', 'h.csv', '--type', 'hours', '--json']));
    expect(r.json).toMatchObject({ added: 0, updated: 1, unchanged: 0 });
    const stored = { entry_id: 'P001-work-w-202403', date: '2024-03-01', end_date: '2024-03-31', category: 'work', hours: 150, domain: null,
      supervised: 1, paid: 1, topic: null, provider: null, verified_by: null, note: null };
    expect(lastChange(s, 'hours')).toEqual({ before: stored, after: { ...stored, hours: 140, note: 'timesheet fix' } });
    expect(workHours(s, 'P001')).toBe(1490);
    ok(s.run(['imports', 'undo', r.json.batch]));
    expect(workHours(s, 'P001')).toBe(1500);
  });

  it('hours by entry_id giving other hours and no end date: checked over the kept period, updated (QA F1)', () => {
    const s = demo();
    const entry = () => rows(s.db, "SELECT date, end_date, hours FROM hours WHERE entry_id = 'P001-work-w-202403'")[0];
    // A payroll correction file with id, date and hours only, and one with an empty end_date cell.
    s.file('fix.csv', 'entry_id,person_id,date,category,hours\nP001-work-w-202403,P001,2024-03-01,work,210\n');
    expect(ok(s.run(['import', 'fix.csv', '--type', 'hours', '--json'])).json).toMatchObject({ read: 1, added: 0, updated: 1, rejected: 0 });
    expect(entry()).toEqual({ date: '2024-03-01', end_date: '2024-03-31', hours: 210 });
    s.file('fix2.csv', `${HOURS}\nP001-work-w-202403,P001,2024-03-01,,work,220\n`);
    expect(ok(s.run(['import', 'fix2.csv', '--type', 'hours', '--json'])).json).toMatchObject({ read: 1, added: 0, updated: 1, rejected: 0 });
    expect(entry()).toEqual({ date: '2024-03-01', end_date: '2024-03-31', hours: 220 });
  });

  it('hours by entry_id beyond 24 a day over the kept period, or over the one day of a new entry: row problems naming the period', () => {
    const s = demo();
    const before = snapshot(s.db);
    s.file('h.csv', `${HOURS}\nP001-work-w-202403,P001,2024-03-01,,work,800\nP001-new,P001,2024-03-01,,work,30\nP001-new2,P001,2024-03-01,,work,24\n`);
    const r = s.run(['import', 'h.csv', '--type', 'hours']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('h.csv:2: hours: 800 is more than 24 hours a day (744 at most for 31 days, 2024-03-01 to 2024-03-31); the stored end_date "2024-03-31" is kept when not given — give end_date');
    expect(r.stderr).toContain('h.csv:3: hours: 30 is more than 24 hours a day (24 at most for 1 day)');
    expect(r.stderr).toContain('2 of 3 rows have problems');
    expect(snapshot(s.db)).toEqual(before);
  });

  it('hours by entry_id whose kept end date no longer fits: a row problem naming it, nothing imported', () => {
    const s = demo();
    const before = snapshot(s.db);
    s.file('h.csv', `${HOURS}\nP001-work-w-202403,P001,2024-04-01,,work,8\n`);
    const r = s.run(['import', 'h.csv', '--type', 'hours']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('h.csv:2: end_date: "2024-03-31" is before date; the stored end_date "2024-03-31" is kept when not given — give end_date');
    expect(snapshot(s.db)).toEqual(before);
  });

  it('screenings with an empty expires_on: unchanged, the expiry kept; a given expiry replaces it', () => {
    const s = demo();
    s.file('s.csv', 'person_id,type,date,result,expires_on\nP007,tb,2026-01-05,pass,\n');
    expect(ok(s.run(['import', 's.csv', '--type', 'screenings', '--json'])).json).toMatchObject({ read: 1, added: 0, updated: 0, unchanged: 1 });
    expect(person(s, 'P007').screenings.find((x: { type: string }) => x.type === 'tb').expires_on).toBe('2027-01-04');
    expect(reminderKeys(s, 'P007')).toContain('P007|screening_expiring|tb|2027-01-04');
    s.file('s2.csv', 'person_id,type,date,result,expires_on\nP007,tb,2026-01-05,pass,2027-01-31\n');
    expect(ok(s.run(['import', 's2.csv', '--type', 'screenings', '--json'])).json).toMatchObject({ updated: 1, unchanged: 0 });
    expect(person(s, 'P007').screenings.find((x: { type: string }) => x.type === 'tb').expires_on).toBe('2027-01-31');
  });

  it('credentials with empty number and status cells keep both (a lapse is not undone by a re-import)', () => {
    const s = demo();
    ok(s.run(['credential', 'lapse', 'P003', '--credential', 'CRSS', '--date', '2026-11-01']));
    const lapsed = { code: 'CRSS', number: 'IL-CRSS-20417', issued_on: '2025-01-15', expires_on: null, status: 'lapsed', status_on: '2026-11-01', cycle_start: '2025-01-15' };
    expect(person(s, 'P003').credentials).toEqual([lapsed]);
    s.file('c.csv', 'person_id,credential,number,issued_on,expires_on,status\nP003,CRSS,,2025-01-15,,\n');
    expect(ok(s.run(['import', 'c.csv', '--type', 'credentials', '--json'])).json).toMatchObject({ updated: 0, unchanged: 1 });
    expect(person(s, 'P003').credentials).toEqual([lapsed]);
  });

  it('a file that repeats a row with fewer cells records it once (a duplicate, not a contradiction)', () => {
    const s = demo();
    s.file('e.csv', 'person_id,date,rating,evaluator,note\nP004,2026-11-02,satisfactory,Rosa Alvarez,six months\nP004,2026-11-02,satisfactory,Rosa Alvarez,\n');
    expect(ok(s.run(['import', 'e.csv', '--type', 'evaluations', '--json'])).json).toMatchObject({ read: 2, added: 1, duplicates: 1 });
    expect(person(s, 'P004').evaluations.at(-1)).toEqual({ date: '2026-11-02', rating: 'satisfactory', evaluator: 'Rosa Alvarez', note: 'six months' });
  });

  it('people with an empty email cell keep the stored email', () => {
    const s = demo();
    s.file('p.csv', 'person_id,email,site\nP001,,Hartford\n');
    expect(ok(s.run(['import', 'p.csv', '--type', 'people', '--json'])).json).toMatchObject({ updated: 1, unchanged: 0 });
    expect(person(s, 'P001').person).toMatchObject({ email: 'ana.diaz@example.org', site: 'Hartford' });
    s.file('p2.csv', 'person_id,email,site\nP001,,\n');
    expect(ok(s.run(['import', 'p2.csv', '--type', 'people', '--json'])).json).toMatchObject({ updated: 0, unchanged: 1 });
    expect(person(s, 'P001').person).toMatchObject({ email: 'ana.diaz@example.org', site: 'Hartford' });
  });
});
