// Values and messages in the words the rest of the product uses (QA3): padded dates accepted by
// every date option, yes/no flags in the audit, local times in `imports undo` refusals, hints on
// unknown people, `people list --as-of` without --position refused, and a `within` requirement
// that names the record outside its window instead of "none on record".
import { beforeAll, describe, expect, it } from 'vitest';
import { initialised, type Sandbox } from '../helpers/cli.js';
import { ok, refused, snapshot } from './assert.js';

const PACK = `version: 1
name: qa
payroll: {period_days: 14, anchor: "2026-01-02"}
credentials:
  - code: WIN
    name: w
    requirements:
      - {id: tb, type: screening, screening: tb, within: {days: 365}}
      - {id: exam, type: exam, exam: WIN, within: {days: 30}}
      - {id: review, type: performance, within: {months: 6}}
qualifications: []
positions: []
progressions: []
`;

describe('a requirement with `within` and a record outside the window', () => {
  it('names the record and the window, not "none on record"', () => {
    const s = initialised('within-words');
    s.file('pack.yaml', PACK);
    ok(s.run(['init', '--rules', 'pack.yaml', '--force']));
    ok(s.run(['people', 'add', 'W1', '--first-name', 'Wanda']));
    ok(s.run(['screening', 'W1', '--type', 'tb', '--date', '2025-11-25', '--result', 'pass']));
    ok(s.run(['exam', 'W1', '--exam', 'WIN', '--date', '2026-10-01', '--result', 'pass']));
    ok(s.run(['evaluation', 'W1', '--date', '2026-03-02', '--rating', 'satisfactory']));
    const r = ok(s.run(['check', 'W1', '--credential', 'WIN', '--as-of', '2026-11-25', '--json'])).json.results[0];
    expect(r.requirements.map((q: { detail: string }) => q.detail)).toEqual([
      'tb passed on 2025-11-25, outside the last 365 days',
      'passed WIN on 2026-10-01, outside the last 30 days',
      'satisfactory evaluation on 2026-03-02, outside the last 6 months',
    ]);
    // A day later in the window: met.
    const met = ok(s.run(['check', 'W1', '--credential', 'WIN', '--as-of', '2025-11-25', '--json'])).json.results[0];
    expect(met.requirements[0]).toMatchObject({ met: true, detail: 'tb passed on 2025-11-25' });
  }, 60_000);
});

describe('words and values', () => {
  let s: Sandbox;
  beforeAll(() => {
    s = initialised('plain-words');
    ok(s.run(['people', 'add', 'P1', '--first-name', 'Ana', '--lived-experience', 'yes']));
    ok(s.run(['credential', 'grant', 'P1', '--credential', 'CRSS', '--issued', '2025-01-15']));
  }, 60_000);

  it('date options are trimmed like record options and import cells, --as-of included', () => {
    expect(ok(s.run(['check', 'P1', '--credential', 'CRSS', '--as-of', ' 2026-11-20 ', '--json'])).json.as_of).toBe('2026-11-20');
    ok(s.run(['progressions', '--as-of', ' 2026-11-20']));
    ok(s.run(['audit', '--since', '2025-01-01 ']));
    ok(s.run(['credential', 'renew', 'P1', '--credential', 'CRSS', '--date', ' 2026-11-20']));
    expect(ok(s.run(['people', 'show', 'P1', '--json'])).json.credentials[0]).toMatchObject({ code: 'CRSS' });
  }, 60_000);

  it('the audit table writes flags as yes/no', () => {
    ok(s.run(['people', 'edit', 'P1', '--lived-experience', 'no']));
    ok(s.run(['log', 'P1', '--category', 'work', '--hours', '2', '--date', '2026-11-01', '--supervised', '--paid']));
    const out = ok(s.run(['audit', '--person', 'P1'])).stdout;
    expect(out).toContain('lived_experience=yes');
    expect(out).toContain('lived_experience: yes → no');
    expect(out).toContain('supervised=yes, paid=yes');
    expect(out).not.toMatch(/(lived_experience|supervised|paid)[=:] ?(1|0|true|false)\b/);
  }, 60_000);

  it('an unknown person named to check gets a hint', () => {
    expect(refused(s.run(['check', 'P999']), 'unknown person "P999"').stderr.split('\n')[1]).toBe('hint: check the id with `credtrack people list`');
    expect(refused(s.run(['check', 'P998', 'P999']), 'unknown persons "P998", "P999"').stderr.split('\n')[1]).toBe('hint: check the ids with `credtrack people list`');
  });

  it('people list --as-of without --position is refused (it dates only --position)', () => {
    const before = snapshot(s.db);
    const r = refused(s.run(['people', 'list', '--as-of', '2020-01-01']), '--as-of: people list dates only --position (who held the position on that date)');
    expect(r.stderr.split('\n')[1]).toBe('hint: add --position (e.g. credtrack people list --position RSS-TRAINEE --as-of 2020-01-01), or leave --as-of out to list everyone on record');
    expect(snapshot(s.db)).toEqual(before);
    ok(s.run(['position', 'P1', '--position', 'RSS', '--start', '2026-01-05', '--field', 'mental_health']));
    expect(ok(s.run(['people', 'list', '--position', 'RSS', '--as-of', '2026-01-05', '--format', 'csv'])).stdout).toContain('\nP1,');
    expect(ok(s.run(['people', 'list', '--position', 'RSS', '--as-of', '2026-01-04', '--format', 'csv'])).stdout).not.toContain('\nP1,');
  }, 60_000);
});

describe('imports undo refusals', () => {
  it('show times as imports list does (local, to the second), not stored ISO timestamps', () => {
    const s = initialised('undo-times');
    ok(s.run(['people', 'add', 'P2', '--first-name', 'Ben']));
    s.file('w.csv', 'entry_id,person_id,date,category,hours,supervised\nW-1,P2,2026-11-19,work,8,yes\n');
    ok(s.run(['import', 'w.csv', '--type', 'hours']));
    ok(s.run(['log', 'P2', '--category', 'work', '--hours', '9', '--date', '2026-11-19', '--supervised', '--entry-id', 'W-1']));
    const changed = ok(s.run(['imports', 'undo', 'B1']), 2).stderr;
    expect(changed).toMatch(/hours \d+ changed by `log` at \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\n/);
    expect(changed).not.toMatch(/T\d{2}:\d{2}:\d{2}\.\d{3}Z/);

    s.file('x.csv', 'entry_id,person_id,date,category,hours,supervised\nX-1,P2,2026-11-18,work,4,yes\n');
    ok(s.run(['import', 'x.csv', '--type', 'hours']));
    ok(s.run(['imports', 'undo', 'B2', '--actor', 'hr']));
    const when = ok(s.run(['imports', 'list', '--json'])).json.batches[1].undone_at as string;
    const again = ok(s.run(['imports', 'undo', 'B2']), 2).stderr;
    expect(again).toMatch(/^credtrack: B2 was already undone on \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} by hr\n/);
    expect(again).not.toContain(when);
  }, 60_000);
});
