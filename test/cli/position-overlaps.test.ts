// End to end: one person holds a position in one period at a time (QA3 H2). `position` refuses
// a second period of the same position that shares a day with one on record (a "corrected"
// start added a second open period, and progressions counted from the wrong one), naming it
// and how to close or remove it; the same start again is that period. Imports make such a row
// a row problem naming the period on record or the line of the file that holds it.
import { describe, expect, it } from 'vitest';
import { initialised, type Sandbox } from '../helpers/cli.js';
import { ok, refused, rows, snapshot } from './assert.js';

const position = (s: Sandbox, ...args: string[]) => s.run(['position', 'P2', '--position', 'RSS-TRAINEE', ...args]);
const periods = (s: Sandbox) => rows(s.db, "SELECT start_date, end_date FROM positions WHERE position = 'RSS-TRAINEE' ORDER BY start_date")
  .map((r) => `${r.start_date}..${r.end_date ?? ''}`);

function trainee(name: string): Sandbox {
  const s = initialised(name);
  ok(s.run(['people', 'add', 'P2', '--first-name', 'Ben', '--last-name', 'Ode', '--hire-date', '2026-05-01']));
  ok(position(s, '--start', '2026-05-01', '--field', 'substance_use', '--supervised'));
  return s;
}

describe('position: a second period of the same position', () => {
  it('a second open period with another start is refused, naming the one on record; nothing is written (QA3 H2)', () => {
    const s = trainee('pos-second-open');
    const before = snapshot(s.db);
    const r = refused(position(s, '--start', '2026-05-11', '--field', 'substance_use', '--supervised'),
      '--start: a second RSS-TRAINEE period from 2026-05-11 (open) is not added: it overlaps P2\'s RSS-TRAINEE period from 2026-05-01 (open)');
    expect(r.stderr.split('\n')[1]).toBe('hint: to close that period, re-run with its start and --end: '
      + '`credtrack position P2 --position RSS-TRAINEE --start 2026-05-01 --end DATE`; '
      + 'to correct its start date, remove the wrong period first with `credtrack remove P2 position --position RSS-TRAINEE --start 2026-05-01`');
    // A closed period inside the open one, or one starting before it and running into it: refused too.
    refused(position(s, '--start', '2026-06-01', '--end', '2026-06-30'), /^credtrack: --start: a second RSS-TRAINEE period from 2026-06-01 to 2026-06-30 is not added/);
    refused(position(s, '--start', '2026-04-01', '--end', '2026-05-01'), /overlaps P2's RSS-TRAINEE period from 2026-05-01 \(open\)$/);
    expect(snapshot(s.db)).toEqual(before);
    // The progression counts from the one period on record.
    const [p] = ok(s.run(['progressions', '--json', '--as-of', '2026-11-25'])).json.progressions;
    expect(p).toMatchObject({ person: 'P2', start: '2026-05-01' });
  });

  it('the same start again is that period: unchanged, closed with --end, or its end moved', () => {
    const s = trainee('pos-same-start');
    expect(ok(position(s, '--start', '2026-05-01')).stderr).toBe('credtrack: position for P2 was already recorded; nothing changed\n');
    expect(ok(position(s, '--start', '2026-05-01', '--end', '2026-05-10')).stderr).toBe('credtrack: updated position for P2\n');
    // Once closed, a period after it is a new period (a return to the job), not an overlap.
    expect(ok(position(s, '--start', '2026-05-11', '--field', 'substance_use', '--supervised')).stderr).toBe('credtrack: recorded position for P2\n');
    expect(periods(s)).toEqual(['2026-05-01..2026-05-10', '2026-05-11..']);
    // Moving the first period's end into the second is refused; moving it earlier is not.
    const r = refused(position(s, '--start', '2026-05-01', '--end', '2026-05-11'),
      '--end: RSS-TRAINEE from 2026-05-01 to 2026-05-11 would overlap P2\'s RSS-TRAINEE period from 2026-05-11 (open)');
    expect(r.stderr.split('\n')[1]).toBe('hint: give an --end before 2026-05-11, or remove the wrong period first with `credtrack remove P2 position --position RSS-TRAINEE --start 2026-05-11`');
    ok(position(s, '--start', '2026-05-01', '--end', '2026-05-08'));
    // An earlier, closed stint and another position are no overlap.
    ok(position(s, '--start', '2025-01-01', '--end', '2025-06-30'));
    ok(s.run(['position', 'P2', '--position', 'RSS', '--start', '2026-05-05']));
    expect(periods(s)).toEqual(['2025-01-01..2025-06-30', '2026-05-01..2026-05-08', '2026-05-11..']);
  });
});

describe('import of positions: a period overlapping another of the same position', () => {
  it('against the database or an earlier line of the file: a row problem naming it; nothing is imported', () => {
    const s = trainee('pos-import-overlap');
    const before = snapshot(s.db);
    const file = s.file('positions.csv', [
      'person_id,position,start_date,end_date',
      'P2,RSS-TRAINEE,2024-01-01,2024-06-01',
      'P2,RSS-TRAINEE,2024-05-01,',
      'P2,RSS-TRAINEE,2026-06-01,',
      'P2,RSS-TRAINEE,2025-01-01,2025-04-01',
    ].join('\n'));
    const r = ok(s.run(['import', file, '--type', 'positions']), 2);
    expect(r.stderr).toContain(`${file}:3: start_date: "2024-05-01" overlaps P2's RSS-TRAINEE period from 2024-01-01 to 2024-06-01 of line 2 of this file\n`);
    expect(r.stderr).toContain(`${file}:4: start_date: "2026-06-01" overlaps P2's RSS-TRAINEE period from 2026-05-01 (open) on record; `
      + 'give that period an end_date, or remove it with `credtrack remove P2 position --position RSS-TRAINEE --start 2026-05-01`\n');
    expect(r.stderr).not.toContain(':5:');
    expect(snapshot(s.db)).toEqual(before);
    // --skip-invalid imports the others.
    ok(s.run(['import', file, '--type', 'positions', '--skip-invalid']));
    expect(periods(s)).toEqual(['2024-01-01..2024-06-01', '2025-01-01..2025-04-01', '2026-05-01..']);
  });

  it('a row that closes the open period comes before the one that starts the next; an end moved into another period is a problem', () => {
    const s = trainee('pos-import-close');
    const file = s.file('positions.csv', [
      'person_id,position,start_date,end_date',
      'P2,RSS-TRAINEE,2026-05-01,2026-08-31',
      'P2,RSS-TRAINEE,2026-10-01,',
    ].join('\n'));
    expect(ok(s.run(['import', file, '--type', 'positions', '--json'])).json).toMatchObject({ added: 1, updated: 1, rejected: 0 });
    expect(ok(s.run(['import', file, '--type', 'positions', '--json'])).json).toMatchObject({ added: 0, updated: 0, unchanged: 2 });
    const moved = s.file('moved.csv', 'person_id,position,start_date,end_date\nP2,RSS-TRAINEE,2026-05-01,2026-10-15\n');
    expect(ok(s.run(['import', moved, '--type', 'positions']), 2).stderr)
      .toContain(`${moved}:2: end_date: "2026-10-15" overlaps P2's RSS-TRAINEE period from 2026-10-01 (open) on record; `
        + 'give this row an end_date before 2026-10-01, or remove it with `credtrack remove P2 position --position RSS-TRAINEE --start 2026-10-01`\n');
    expect(periods(s)).toEqual(['2026-05-01..2026-08-31', '2026-10-01..']);
  });
});
