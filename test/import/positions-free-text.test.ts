// Positions held are free text (SPEC §4: "a person's history includes job classes at other
// employers"): titles as HR systems and the old database write them are imported, recorded
// with `credtrack position`, filtered with `people list --position`, and written back out by
// export (CSV quoting commas and quotes) so that the export re-imports. The pack's position
// codes still match exactly. Trimmed; one line; at most 200 characters. (QA F4)
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { parseRow } from '../../src/schemas/rows.js';
import { initialised, type Sandbox } from '../helpers/cli.js';

const TITLES = ['Case Manager', 'Peer Specialist (PT)', 'CM/II', 'Técnico', 'Manager, "Case" II'];

function positions(db: string): { person_id: string; position: string; start_date: string }[] {
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare('SELECT p.person_id, x.position, x.start_date FROM positions x JOIN people p ON p.id = x.person ORDER BY x.start_date').all() as never;
  } finally {
    d.close();
  }
}

function withPeople(name: string): Sandbox {
  const s = initialised(name);
  s.file('people.csv', 'person_id,first_name\nP1,Ana\nP2,Ben\n');
  expect(s.run(['import', 'people.csv', '--type', 'people']).code).toBe(0);
  return s;
}

const HISTORY = [
  'person_id,position,start_date,end_date,field',
  'P1,Case Manager,2018-01-01,2018-12-31,mental_health',
  'P1,Peer Specialist (PT),2019-01-01,2019-12-31,peer_support',
  'P1,CM/II,2020-01-01,2020-06-30,',
  'P1,  Técnico  ,2020-07-01,2020-12-31,',
  'P1,"Manager, ""Case"" II",2021-01-01,2021-12-31,',
  'P1, RSS-TRAINEE ,2022-01-01,,mental_health',
].join('\n');

describe('positions are free text', () => {
  it('a history with other employers\' job classes imports, trimmed, as written (QA F4)', () => {
    const s = withPeople('pos-import');
    s.file('history.csv', `${HISTORY}\n`);
    const r = s.run(['import', 'history.csv', '--type', 'positions', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ read: 6, added: 6, rejected: 0 });
    expect(positions(s.db).map((p) => p.position)).toEqual([...TITLES, 'RSS-TRAINEE']);
    // The pack's code, trimmed, is still the pack's position: check evaluates it.
    const check = s.run(['check', 'P1', '--json', '--as-of', '2026-11-22']);
    expect(check.code, check.stderr).toBe(0);
    expect(check.json.results.map((x: { rule: string }) => x.rule)).toContain('RSS-TRAINEE');
    expect(check.json.results.map((x: { rule: string }) => x.rule)).not.toContain('Case Manager');
    // Re-importing adds nothing.
    expect(s.run(['import', 'history.csv', '--type', 'positions', '--json']).json).toMatchObject({ added: 0, updated: 0, unchanged: 6 });
  });

  it('JSON imports take them too', () => {
    const s = withPeople('pos-json');
    s.file('h.json', JSON.stringify(TITLES.map((position, i) => ({ person_id: 'P2', position, start_date: `201${i}-01-01` }))));
    const r = s.run(['import', 'h.json', '--type', 'positions', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ added: 5, rejected: 0 });
    expect(positions(s.db).map((p) => p.position)).toEqual(TITLES);
  });

  it('credtrack position records one; re-running it changes nothing', () => {
    const s = withPeople('pos-cmd');
    const rec = ['position', 'P1', '--position', '  Peer Specialist (PT) ', '--start', '2019-01-01', '--field', 'peer_support'];
    const r = s.run(rec);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('credtrack: recorded position for P1\n');
    expect(s.run(rec).stderr).toBe('credtrack: position for P1 was already recorded; nothing changed\n');
    expect(s.run(['position', 'P1', '--position', 'Técnico', '--start', '2018-01-01']).code).toBe(0);
    expect(positions(s.db).map((p) => p.position)).toEqual(['Técnico', 'Peer Specialist (PT)']);
  });

  it('people list --position finds the holders of a free-text position; an unknown one lists those there are, quoted as needed', () => {
    const s = withPeople('pos-list');
    s.file('history.csv', `${HISTORY}\nP2,"Manager, ""Case"" II",2024-01-01,,\n`);
    expect(s.run(['import', 'history.csv', '--type', 'positions']).code).toBe(0);
    const held = s.run(['people', 'list', '--position', ' Manager, "Case" II ', '--as-of', '2024-06-01', '--json']);
    expect(held.code, held.stderr).toBe(0);
    expect(held.json.people.map((p: { person_id: string }) => p.person_id)).toEqual(['P2']);
    const past = s.run(['people', 'list', '--position', 'Case Manager', '--as-of', '2018-06-01', '--format', 'csv']);
    expect(past.code, past.stderr).toBe(0);
    expect(past.stdout.split('\n').slice(1, -1).map((l) => l.split(',')[0])).toEqual(['P1']);
    const typo = s.run(['people', 'list', '--position', 'Case Manger']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('--position: "Case Manger" is not a position of the rule pack, and no one on record has held it');
    expect(typo.stderr).toContain('"Manager, \\"Case\\" II"');
    expect(typo.stderr).toContain('"Case Manager"');
  });

  it('export writes them so that they re-import: CSV quotes commas and quotes, accents stay', () => {
    const s = withPeople('pos-export');
    s.file('history.csv', `${HISTORY}\n`);
    expect(s.run(['import', 'history.csv', '--type', 'positions']).code).toBe(0);
    const csv = s.run(['export', '--type', 'positions']);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout).toContain('P1,"Manager, ""Case"" II",2021-01-01,2021-12-31,,');
    expect(csv.stdout).toContain('P1,Técnico,2020-07-01,2020-12-31,,');
    const json = s.run(['export', '--type', 'positions', '--format', 'json']);
    expect(json.json.map((p: { position: string }) => p.position)).toEqual([...TITLES, 'RSS-TRAINEE']);
    const t = s.run(['people', 'show', 'P1']);
    expect(t.stdout).toContain('Manager, "Case" II');

    const fresh = withPeople('pos-reimport');
    fresh.file('export.csv', csv.stdout);
    const again = fresh.run(['import', 'export.csv', '--type', 'positions', '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.json).toMatchObject({ added: 6, rejected: 0 });
    expect(positions(fresh.db)).toEqual(positions(s.db));
  });

  it('refuses a title with a line break or tab, or longer than 200 characters; nothing is imported', () => {
    const s = withPeople('pos-bad');
    s.file('bad.csv', `person_id,position,start_date\nP1,"Case\nManager",2019-01-01\nP1,Case\tManager,2019-01-01\nP1,${'x'.repeat(201)},2019-01-01\nP1,${'y'.repeat(200)},2019-01-01\n`);
    const r = s.run(['import', 'bad.csv', '--type', 'positions']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.csv: 3 of 4 rows have problems; nothing was imported');
    expect(r.stderr).toContain('bad.csv:2: position: "Case\\nManager" holds a control character (a line break, tab ...): a position is one line of text');
    expect(r.stderr).toContain('bad.csv:4: position: "Case\\tManager" holds a control character');
    expect(r.stderr).toContain(`bad.csv:5: position: "${'x'.repeat(201)}" is longer than 200 characters`);
    expect(positions(s.db)).toEqual([]);
    const cmd = s.run(['position', 'P1', '--position', 'Case\nManager', '--start', '2019-01-01']);
    expect(cmd.code).toBe(2);
    expect(cmd.stderr).toContain('--position: "Case\\nManager" holds a control character');
  });
});

describe('PositionCode (parseRow)', () => {
  it.each([...TITLES, 'RSS-TRAINEE', 'Especialista en Apoyo de Pares', 'Peer Support — Night'])('accepts %j', (position) => {
    expect(parseRow('positions', { person_id: 'P1', position, start_date: '2020-01-01' }).ok).toBe(true);
  });

  it.each(['a\nb', 'a\rb', 'a\tb', 'a\u0000b', 'a\u0085b', 'a\u2028b', 'x'.repeat(201)])('refuses %j', (position) => {
    const parsed = parseRow('positions', { person_id: 'P1', position, start_date: '2020-01-01' });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.map((p) => p.column)).toEqual(['position']);
  });

  it('trims the cell; a blank one is missing', () => {
    const parsed = parseRow('positions', { person_id: 'P1', position: '  Case Manager ', start_date: '2020-01-01' });
    expect(parsed.ok && parsed.value.position).toBe('Case Manager');
    const blank = parseRow('positions', { person_id: 'P1', position: '   ', start_date: '2020-01-01' });
    expect(!blank.ok && blank.problems).toEqual([{ column: 'position', value: undefined, message: 'is required' }]);
  });
});
