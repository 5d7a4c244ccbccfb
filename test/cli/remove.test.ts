// End to end: `credtrack remove PERSON KIND` takes out exactly one record entered by mistake
// (QA3-2 H2: a typo in hours, a position start or a credential date could not be corrected,
// and entering the right value added a second record). No match or several matches remove
// nothing and list the records with the command that picks each; the removal is audited
// with the record as it was; a record an import wrote stays removed when that import is
// undone; `imports undo` refusing over later changes says what to do; `delete`, `undo` and
// `rm` point to `remove` and `imports undo`.
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { initialised, sandbox, type Sandbox } from '../helpers/cli.js';
import { ok, refused, rows, snapshot } from './assert.js';

const HOURS = 'entry_id,person_id,date,category,hours,supervised';

/** A database with P2 (hired 2026-05-01) and P1 (hired 2024-01-01). */
function setup(name: string): Sandbox {
  const s = initialised(name);
  ok(s.run(['people', 'add', 'P2', '--first-name', 'Ben', '--last-name', 'Ode', '--hire-date', '2026-05-01']));
  ok(s.run(['people', 'add', 'P1', '--first-name', 'Ana', '--last-name', 'Diaz', '--hire-date', '2024-01-01', '--education', 'high_school']));
  return s;
}

const lastAudit = (s: Sandbox) => {
  const [a] = rows(s.db, 'SELECT * FROM audit ORDER BY id DESC LIMIT 1');
  return { ...a, before: a.before && JSON.parse(a.before), after: a.after && JSON.parse(a.after) };
};
const count = (s: Sandbox, table: string) => rows(s.db, `SELECT count(*) AS n FROM ${table}`)[0].n as number;
const work = ['--category', 'work', '--supervised', '--paid'];

describe('remove: each kind', () => {
  it('hours: two entries on one day; --date alone matches both and removes nothing, --hours picks the typo (the right value, logged next, is refused while the typo makes the day over 24 h)', () => {
    const s = setup('remove-hours');
    ok(s.run(['log', 'P2', ...work, '--hours', '18', '--date', '2026-11-19']));
    // 18 + 8 is over a day's 24 hours: the correction is refused until the typo goes.
    expect(s.run(['log', 'P2', ...work, '--hours', '8', '--date', '2026-11-19']).code).toBe(2);
    ok(s.run(['log', 'P2', ...work, '--hours', '4', '--date', '2026-11-19']));
    const before = snapshot(s.db);
    const several = refused(s.run(['remove', 'P2', 'hours', '--date', '2026-11-19']),
      '2 hours entries of P2 match --date 2026-11-19; nothing was removed (remove takes one record at a time)');
    expect(several.stderr).toContain('  #1 2026-11-19 work 18 h, supervised, paid  →  credtrack remove P2 hours --date 2026-11-19 --hours 18\n');
    expect(several.stderr).toContain('  #2 2026-11-19 work 4 h, supervised, paid  →  credtrack remove P2 hours --date 2026-11-19 --hours 4\n');
    expect(several.stderr).toContain('hint: add --hours to pick one, or run the command shown for the one to remove\n');
    expect(snapshot(s.db)).toEqual(before);

    expect(ok(s.run(['remove', 'P2', 'hours', '--date', '2026-11-19', '--hours', '18', '--category', 'WORK', '--actor', 'hr-lead'])).stderr)
      .toBe('credtrack: removed hours entry #1 of P2: 2026-11-19 work 18 h, supervised, paid\n');
    expect(rows(s.db, 'SELECT hours FROM hours')).toEqual([{ hours: 4 }]);
    expect(lastAudit(s)).toMatchObject({
      actor: 'hr-lead', command: 'remove', action: 'remove', record_type: 'hours', record_key: '1', person_id: 'P2', after: null,
      before: { entry_id: null, date: '2026-11-19', end_date: null, category: 'work', hours: 18, domain: null, supervised: 1, paid: 1 },
    });
    // `audit --person` shows it as the other changes.
    expect(ok(s.run(['audit', '--person', 'P2', '--format', 'csv'])).stdout).toMatch(/,remove,remove,hours,1,P2,,/);
    // With the typo gone, the right value is recorded.
    ok(s.run(['log', 'P2', ...work, '--hours', '8', '--date', '2026-11-19']));
  });

  it('hours by --entry-id', () => {
    const s = setup('remove-entry');
    ok(s.run(['log', 'P2', ...work, '--hours', '8', '--date', '2026-11-18', '--entry-id', 'T-77']));
    ok(s.run(['remove', 'P2', 'hours', '--entry-id', 'T-77']));
    expect(count(s, 'hours')).toBe(0);
  });

  it('position: of two open periods, the one with the wrong start goes and the right one stays', () => {
    const s = setup('remove-position');
    ok(s.run(['position', 'P2', '--position', 'RSS-TRAINEE', '--start', '2026-05-01', '--field', 'substance_use', '--supervised']));
    // `position` now refuses a second overlapping period (test/cli/position-overlaps.test.ts); a
    // database from before that rule holds two (QA3 H2), and remove is how they are repaired.
    refused(s.run(['position', 'P2', '--position', 'RSS-TRAINEE', '--start', '2026-05-11', '--field', 'substance_use', '--supervised']), /is not added: it overlaps/);
    const db = new Database(s.db);
    db.prepare("INSERT INTO positions (person, position, start_date, field, supervised) SELECT id, 'RSS-TRAINEE', '2026-05-11', 'substance_use', 1 FROM people WHERE person_id = 'P2'").run();
    db.close();
    const several = refused(s.run(['remove', 'P2', 'position', '--position', 'RSS-TRAINEE']), /^credtrack: 2 positions of P2 match --position RSS-TRAINEE/);
    expect(several.stderr).toContain('credtrack remove P2 position --position RSS-TRAINEE --start 2026-05-01\n');
    expect(several.stderr).toContain('hint: add --start to pick one');
    expect(ok(s.run(['remove', 'P2', 'position', '--position', 'RSS-TRAINEE', '--start', '2026-05-01'])).stderr)
      .toBe('credtrack: removed position #1 of P2: RSS-TRAINEE from 2026-05-01 (open), substance_use, supervised\n');
    expect(ok(s.run(['people', 'show', 'P2', '--json'])).json.positions).toEqual([
      { position: 'RSS-TRAINEE', start_date: '2026-05-11', end_date: null, field: 'substance_use', supervised: true }]);
    expect(lastAudit(s).before).toEqual({ position: 'RSS-TRAINEE', start_date: '2026-05-01', end_date: null, field: 'substance_use', supervised: 1 });
  });

  it('exam', () => {
    const s = setup('remove-exam');
    ok(s.run(['exam', 'P1', '--exam', 'CRSS', '--date', '2026-09-10', '--result', 'pass', '--score', '84']));
    ok(s.run(['exam', 'P1', '--exam', 'CRSS', '--date', '2025-09-10', '--result', 'fail']));
    expect(ok(s.run(['remove', 'P1', 'exam', '--exam', 'CRSS', '--date', '2026-09-10'])).stderr)
      .toBe('credtrack: removed exam #1 of P1: CRSS on 2026-09-10: pass, score 84\n');
    expect(rows(s.db, 'SELECT date FROM exams')).toEqual([{ date: '2025-09-10' }]);
  });

  it('credential: the copy with the wrong issue date goes with its renewals; the audit keeps them', () => {
    const s = setup('remove-credential');
    ok(s.run(['credential', 'grant', 'P1', '--credential', 'CRSS', '--issued', '2024-01-15', '--number', 'CA-1']));
    ok(s.run(['credential', 'renew', 'P1', '--credential', 'CRSS', '--date', '2025-12-01']));
    const before = snapshot(s.db);
    expect(ok(s.run(['remove', 'P1', 'credential', '--credential', 'CRSS', '--issued', '2024-01-15', '--dry-run'])).stderr)
      .toBe('credtrack: would remove credential #1 of P1: CRSS issued 2024-01-15, number CA-1, active (and its 1 renewal); '
        + 'nothing was changed (run it again without --dry-run to remove it)\n');
    expect(snapshot(s.db)).toEqual(before);
    expect(ok(s.run(['remove', 'P1', 'credential', '--credential', 'CRSS', '--issued', '2024-01-15'])).stderr)
      .toBe('credtrack: removed credential #1 of P1: CRSS issued 2024-01-15, number CA-1, active (and its 1 renewal)\n');
    expect(count(s, 'credentials')).toBe(0);
    expect(count(s, 'credential_renewals')).toBe(0);
    expect(lastAudit(s)).toMatchObject({ action: 'remove', record_type: 'credentials', before: {
      code: 'CRSS', number: 'CA-1', issued_on: '2024-01-15', status: 'active', cycle_start: '2026-01-15',
      renewals: [{ renewed_on: '2025-12-01', cycle_start: '2026-01-15', previous_cycle_start: '2024-01-15' }] } });
    expect(ok(s.run(['doctor', '--json'])).json).toBeDefined();
  });

  it('evaluation: two on one day, one without an evaluator; the listing picks each', () => {
    const s = setup('remove-evaluation');
    ok(s.run(['evaluation', 'P1', '--date', '2026-10-01', '--rating', 'satisfactory']));
    ok(s.run(['evaluation', 'P1', '--date', '2026-10-01', '--rating', 'unsatisfactory', '--evaluator', 'Rosa Alvarez']));
    const several = refused(s.run(['remove', 'P1', 'evaluation', '--date', '2026-10-01']), /^credtrack: 2 evaluations of P1 match/);
    expect(several.stderr).toContain('#1 2026-10-01 satisfactory  →  credtrack remove P1 evaluation --date 2026-10-01 --rating satisfactory\n');
    expect(several.stderr).toContain('#2 2026-10-01 unsatisfactory, by Rosa Alvarez  →  credtrack remove P1 evaluation --date 2026-10-01 --evaluator "Rosa Alvarez"\n');
    ok(s.run(['remove', 'P1', 'evaluation', '--date', '2026-10-01', '--evaluator', 'Rosa Alvarez']));
    expect(rows(s.db, 'SELECT rating FROM evaluations')).toEqual([{ rating: 'satisfactory' }]);
  });

  it('screening, with the type in any case', () => {
    const s = setup('remove-screening');
    ok(s.run(['screening', 'P1', '--type', 'tb', '--date', '2026-01-05', '--result', 'pass', '--expires', '2027-01-04']));
    expect(ok(s.run(['remove', 'P1', 'screening', '--type', 'TB', '--date', '2026-01-05'])).stderr)
      .toBe('credtrack: removed screening #1 of P1: tb on 2026-01-05: pass, valid through 2027-01-04\n');
    expect(count(s, 'screenings')).toBe(0);
  });

  it('approval', () => {
    const s = setup('remove-approval');
    ok(s.run(['approve', 'P1', '--progression', 'pss-i-to-ii', '--date', '2026-10-15', '--by', 'J. Smith']));
    expect(ok(s.run(['remove', 'P1', 'approval', '--progression', 'pss-i-to-ii'])).stderr)
      .toBe('credtrack: removed approval #1 of P1: pss-i-to-ii on 2026-10-15 by J. Smith\n');
    expect(count(s, 'approvals')).toBe(0);
    expect(lastAudit(s)).toMatchObject({ record_type: 'approvals', before: { progression: 'pss-i-to-ii', date: '2026-10-15', approved_by: 'J. Smith' } });
  });

  it('--id picks a record by the number the lists show', () => {
    const s = setup('remove-id');
    ok(s.run(['log', 'P2', ...work, '--hours', '8', '--date', '2026-11-18']));
    ok(s.run(['remove', 'P2', 'hours', '--id', '1']));
    expect(count(s, 'hours')).toBe(0);
  });
});

describe('remove: refusals change nothing', () => {
  it('no match: says so and lists the nearest records with the command for each', () => {
    const s = setup('remove-none');
    ok(s.run(['log', 'P2', ...work, '--hours', '8', '--date', '2026-11-18']));
    ok(s.run(['log', 'P2', ...work, '--hours', '7', '--date', '2026-10-01']));
    const before = snapshot(s.db);
    const r = refused(s.run(['remove', 'P2', 'hours', '--date', '2026-11-17', '--hours', '8']),
      'no hours entry of P2 matches --date 2026-11-17 --hours 8; nothing was removed');
    expect(r.stderr.split('\n').slice(1, 3)).toEqual([
      '  #1 2026-11-18 work 8 h, supervised, paid  →  credtrack remove P2 hours --date 2026-11-18 --hours 8',
      '  #2 2026-10-01 work 7 h, supervised, paid  →  credtrack remove P2 hours --date 2026-10-01 --hours 7',
    ]);
    expect(r.stderr).toContain("hint: P2's hours entries nearest 2026-11-17 are listed");
    expect(snapshot(s.db)).toEqual(before);
  });

  it('no options: asks which one and lists them; a person without any: says so', () => {
    const s = setup('remove-no-options');
    ok(s.run(['log', 'P2', ...work, '--hours', '8', '--date', '2026-11-18']));
    const before = snapshot(s.db);
    const r = refused(s.run(['remove', 'P2', 'hours']), "say which of P2's hours entries to remove; nothing was removed");
    expect(r.stderr).toContain('credtrack remove P2 hours --date 2026-11-18 --hours 8');
    refused(s.run(['remove', 'P1', 'position', '--position', 'RSS']), 'P1 has no positions on record; nothing was removed');
    expect(snapshot(s.db)).toEqual(before);
  });

  let bad: Sandbox;
  let badBefore: ReturnType<typeof snapshot>;
  beforeAll(() => {
    bad = setup('remove-bad');
    ok(bad.run(['log', 'P2', ...work, '--hours', '8', '--date', '2026-11-18']));
    badBefore = snapshot(bad.db);
  });

  it.each([
    ['an unknown kind', ['remove', 'P2', 'shifts', '--date', '2026-11-18'], 'kind: "shifts" is not one of hours, position, exam, credential, evaluation, screening, approval'],
    ['the person and kind swapped', ['remove', 'hours', 'P2', '--date', '2026-11-18'], 'kind: "P2" is not one of hours, position, exam, credential, evaluation, screening, approval'],
    ['an option of another kind', ['remove', 'P2', 'position', '--position', 'RSS', '--hours', '8'], '--hours: not an option for removing a position'],
    ['a date that does not exist', ['remove', 'P2', 'hours', '--date', '2026-02-30'], '--date: "2026-02-30" is not valid: expected a calendar date YYYY-MM-DD'],
    ['an unknown category', ['remove', 'P2', 'hours', '--category', 'wrk'], '--category: "wrk" is not one of work, supervision, training, ceu'],
    ['hours that are not a number', ['remove', 'P2', 'hours', '--hours', '7,5'], '--hours: "7,5" is not a number'],
    ['an unknown person', ['remove', 'P9', 'hours', '--date', '2026-11-18'], 'unknown person "P9"'],
    ['a bad --id', ['remove', 'P2', 'hours', '--id', 'x1'], /^credtrack: --id: "x1" is not a record's number/],
  ])('%s', (_what, args, message) => {
    const r = refused(bad.run(args as string[]), message);
    if (_what === 'the person and kind swapped') expect(r.stderr).toContain('hint: write the person first: credtrack remove P2 hours ...');
    expect(snapshot(bad.db)).toEqual(badBefore);
  });
});

describe('remove and imports undo', () => {
  it('a row an import added can be removed; undoing the import then removes the rest and leaves it removed', () => {
    const s = setup('remove-import');
    s.file('w.csv', `${HOURS}\nW-1,P2,2026-11-16,work,8,yes\nW-2,P2,2026-11-17,work,7,yes\n`);
    ok(s.run(['import', 'w.csv', '--type', 'hours']));
    expect(ok(s.run(['remove', 'P2', 'hours', '--date', '2026-11-16', '--hours', '8'])).stderr)
      .toBe('credtrack: removed hours entry #1 of P2: 2026-11-16 work 8 h, supervised, entry W-1, from import B1\n');
    expect(lastAudit(s).before).toMatchObject({ entry_id: 'W-1', imports: ['B1'] });
    const undo = ok(s.run(['imports', 'undo', 'B1']));
    expect(undo.stdout).toBe('B1 undone: 1 hours row removed, 0 restored; 1 row it wrote had been taken out with `credtrack remove` and stays removed\n');
    expect(count(s, 'hours')).toBe(0);
    expect(lastAudit(s)).toMatchObject({ record_type: 'import_batch', before: { removed: 1, restored: 0, already_removed: 1 } });
  });

  it('a row an import changed, then removed, is not put back by undoing the import', () => {
    const s = setup('remove-import-changed');
    ok(s.run(['log', 'P2', ...work, '--hours', '8', '--date', '2026-11-16', '--entry-id', 'W-1']));
    s.file('w.csv', `${HOURS}\nW-1,P2,2026-11-16,work,9,yes\n`);
    ok(s.run(['import', 'w.csv', '--type', 'hours']));
    ok(s.run(['remove', 'P2', 'hours', '--entry-id', 'W-1']));
    expect(count(s, 'batch_changes')).toBe(0);
    // A new entry that takes the removed row's id is not the row the import changed.
    ok(s.run(['log', 'P2', ...work, '--hours', '5', '--date', '2026-11-17']));
    expect(ok(s.run(['imports', 'undo', 'B1', '--json'])).json).toEqual({ batch: 'B1', type: 'hours', removed: 0, restored: 0, already_removed: 1 });
    expect(rows(s.db, 'SELECT date, hours FROM hours')).toEqual([{ date: '2026-11-17', hours: 5 }]);
  });

  it('undo refused over a later change names the record and the command that removes it; following it, undo works', () => {
    const s = setup('remove-undo-hint');
    s.file('w.csv', `${HOURS}\nW-1,P2,2026-11-16,work,8,yes\nW-2,P2,2026-11-17,work,7,yes\n`);
    ok(s.run(['import', 'w.csv', '--type', 'hours']));
    ok(s.run(['log', 'P2', '--category', 'work', '--hours', '9', '--date', '2026-11-16', '--supervised', '--entry-id', 'W-1']));
    const before = snapshot(s.db);
    const r = refused(s.run(['imports', 'undo', 'B1']), 'B1 cannot be undone: records it wrote were changed after it');
    expect(r.stderr).toContain("  hours 1 is P2's 2026-11-16 work 9 h, supervised, entry W-1, from import B1  →  credtrack remove P2 hours --entry-id W-1\n");
    expect(r.stderr).toContain('hint: undoing it would lose those changes; nothing was changed. Either keep B1 and correct its records one by one, '
      + 'or take out the changed records with the `credtrack remove` commands shown (they stay removed; record again what you want to keep) '
      + 'and run `credtrack imports undo B1` again\n');
    expect(snapshot(s.db)).toEqual(before);
    ok(s.run(['remove', 'P2', 'hours', '--entry-id', 'W-1']));
    expect(ok(s.run(['imports', 'undo', 'B1', '--json'])).json).toEqual({ batch: 'B1', type: 'hours', removed: 1, restored: 0, already_removed: 1 });
    expect(count(s, 'hours')).toBe(0);
  });

  it('a people batch changed later by a command: the hint says to correct the people it wrote', () => {
    const s = initialised('remove-undo-people');
    s.file('p.csv', 'person_id,first_name\nP5,Eve\n');
    ok(s.run(['import', 'p.csv', '--type', 'people']));
    ok(s.run(['people', 'edit', 'P5', '--site', 'Peoria']));
    const r = refused(s.run(['imports', 'undo', 'B1']), 'B1 cannot be undone: records it wrote were changed after it');
    expect(r.stderr).toContain('hint: undoing it would lose those changes; nothing was changed. Keep B1 and correct the people it wrote with `credtrack people edit`\n');
  });
});

describe('words that are not commands point to remove and imports undo', () => {
  it.each([
    [['delete', 'P2'], "unknown command 'delete'", 'hint: to take out a record entered by mistake: `credtrack remove PERSON KIND ...`'],
    [['rm', 'P2'], "unknown command 'rm'", 'hint: to take out a record entered by mistake: `credtrack remove PERSON KIND ...`'],
    [['undo'], "unknown command 'undo'", 'hint: to take back an import: `credtrack imports undo BATCH`'],
    [['people', 'delete', 'P2'], "unknown command 'delete'", 'hint: people are not removed'],
    [['imports', 'remove', 'B1'], "unknown command 'remove'", 'hint: `credtrack imports undo BATCH` takes a batch back'],
    [['credential', 'delete', 'P1'], "unknown command 'delete'", 'hint: a credential recorded by mistake: `credtrack remove PERSON credential'],
  ])('%j', (args, message, hint) => {
    const r = refused(sandbox('unknown-command').run(args), message);
    expect(r.stderr).toContain(hint);
    expect(r.stderr).not.toContain('Did you mean');
  });

  it('`remove` is a command now (it was suggested as `report`), and a typo of it is suggested', () => {
    const s = sandbox('remove-typo');
    expect(ok(s.run(['remove', '--help'])).stdout).toMatch(/Examples:\n {2}\$ credtrack remove P002 hours/);
    expect(refused(s.run(['remov', 'P2']), "unknown command 'remov'").stderr).toContain('(Did you mean remove?)');
  });
});
