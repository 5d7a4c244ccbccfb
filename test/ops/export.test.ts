// credtrack export end to end: import column names and round trips, spreadsheet-safe CSV,
// stable redaction pseudonyms, bound parameters, private output files, streaming.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { plainNumber } from '../../src/io/plain-number.js';
import { initialised, type Sandbox } from '../helpers/cli.js';
import { mode, ok, runOpenUmask, steps, withDb } from './helpers.js';

const INJECTION = "Robert'); DROP TABLE people;--";

/** Every record type, with names and emails in every place they can be. */
function workforce(): Sandbox {
  const s = initialised('export');
  steps(s, [
    ['people', 'add', 'P1', '--first-name', 'Anastasia', '--last-name', 'Diazmont', '--email', 'anastasia@example.org', '--lived-experience', 'yes',
      '--education', 'ged', '--hire-date', '2024-03-01', '--site', 'North', '--supervisor', 'S1', '--birth-date', '1990-05-06'],
    ['people', 'add', 'S1', '--first-name', 'Samwise', '--last-name', 'Bossington', '--email', 'samwise@example.org', '--status', 'active'],
    ['people', 'add', 'P2', '--first-name', '=SUM(A1)', '--last-name', INJECTION, '--email', 'bobby@example.org'],
    ['people', 'edit', 'P1', '--email', 'ana.d@example.org'],
    ['log', 'P1', '--category', 'work', '--hours', '8', '--date', '2026-01-05', '--supervised', '--paid', '--verified-by', 'Samwise Bossington', '--note', 'covered for Anastasia'],
    ['log', 'P1', '--category', 'training', '--hours', '7.5', '--date', '2026-01-06', '--end-date', '2026-01-07', '--domain', 'ethics', '--topic', '@ethics, "peer" work', '--provider', 'ICB', '--entry-id', 'T-1'],
    ['log', 'P2', '--category', 'work', '--hours', '4', '--date', '2026-01-05', '--volunteer'],
    ['position', 'P1', '--position', 'RSS-TRAINEE', '--start', '2025-05-22', '--field', 'mental_health', '--supervised'],
    ['exam', 'P1', '--exam', 'CRSS', '--date', '2025-09-10', '--result', 'pass', '--score', '88'],
    ['credential', 'grant', 'P1', '--credential', 'CRSS', '--issued', '2025-01-15', '--number', 'IL-1234', '--expires', '2027-01-14'],
    ['evaluation', 'P1', '--date', '2025-11-22', '--rating', 'satisfactory', '--evaluator', 'Samwise Bossington', '--note', 'Anastasia did well'],
    ['screening', 'P1', '--type', 'tb', '--date', '2025-03-01', '--result', 'pass', '--expires', '2026-02-28'],
    ['approve', 'P1', '--progression', 'pss-i-to-ii', '--date', '2026-01-02', '--by', 'Samwise Bossington'],
  ]);
  return s;
}

const csv = (text: string) => parse(text, { columns: true }) as Record<string, string>[];

describe('credtrack export', () => {
  let s: Sandbox;
  beforeAll(() => { s = workforce(); });

  it('exports every record type with the import columns and HR person ids', () => {
    const headers: Record<string, string> = {
      people: 'person_id,first_name,last_name,email,birth_date,education,hire_date,site,supervisor_id,lived_experience,status',
      positions: 'person_id,position,start_date,end_date,field,supervised',
      hours: 'entry_id,person_id,date,end_date,category,hours,domain,supervised,paid,topic,provider,verified_by,note',
      exams: 'person_id,exam,date,result,score',
      credentials: 'person_id,credential,number,issued_on,expires_on,status',
      evaluations: 'person_id,date,rating,evaluator,note',
      screenings: 'person_id,type,date,result,expires_on',
      approvals: 'person_id,progression,date,approved_by',
      audit: 'id,at,actor,command,action,record_type,record_key,person_id,batch_id,before,after',
    };
    for (const [type, header] of Object.entries(headers)) {
      const out = ok(s.run(['export', '--type', type])).stdout;
      expect(out.split('\n')[0], type).toBe(header);
    }
    expect(csv(ok(s.run(['export', '--type', 'credentials'])).stdout)).toEqual([
      { person_id: 'P1', credential: 'CRSS', number: 'IL-1234', issued_on: '2025-01-15', expires_on: '2027-01-14', status: 'active' },
    ]);
    expect(csv(ok(s.run(['export', '--type', 'positions'])).stdout)).toEqual([
      { person_id: 'P1', position: 'RSS-TRAINEE', start_date: '2025-05-22', end_date: '', field: 'mental_health', supervised: 'yes' },
    ]);
    const hours = csv(ok(s.run(['export', '--type', 'hours'])).stdout);
    expect(hours.map((h) => [h.person_id, h.date, h.hours, h.supervised, h.paid])).toEqual([
      ['P1', '2026-01-05', '8', 'yes', 'yes'], ['P1', '2026-01-06', '7.5', '', ''], ['P2', '2026-01-05', '4', '', 'no'],
    ]);
    expect(hours[1]).toMatchObject({ entry_id: 'T-1', end_date: '2026-01-07', topic: '\'@ethics, "peer" work', provider: 'ICB' });
  });

  it('--format json prints an array of row objects with typed values', () => {
    const people = ok(s.run(['export', '--type', 'people', '--format', 'json'])).json;
    expect(people.map((p: any) => p.person_id)).toEqual(['P1', 'P2', 'S1']);
    expect(people[0]).toEqual({
      person_id: 'P1', first_name: 'Anastasia', last_name: 'Diazmont', email: 'ana.d@example.org', birth_date: '1990-05-06', education: 'ged',
      hire_date: '2024-03-01', site: 'North', supervisor_id: 'S1', lived_experience: true, status: 'active',
    });
    const hours = ok(s.run(['export', '--type', 'hours', '--format', 'json'])).json;
    expect(hours[0]).toMatchObject({ hours: 8, supervised: true, paid: true, domain: null });
    const audit = ok(s.run(['export', '--type', 'audit', '--format', 'json'])).json;
    expect(audit.find((e: any) => e.command === 'people edit')).toMatchObject({ before: { email: 'anastasia@example.org' }, after: { email: 'ana.d@example.org' } });
    // JSON is not for spreadsheets: values are exactly as stored.
    expect(people[1].first_name).toBe('=SUM(A1)');
  });

  it('neutralises CSV cells a spreadsheet would run as formulas', () => {
    const out = ok(s.run(['export', '--type', 'people'])).stdout;
    const p2 = csv(out).find((p) => p.person_id === 'P2')!;
    expect(p2.first_name).toBe("'=SUM(A1)");
    expect(out).not.toMatch(/(^|,)=SUM/m);
    for (const [name, expected] of [['+1+2', "'+1+2"], ['-2+3', "'-2+3"], ['@A1', "'@A1"], ['\tTAB', "'\tTAB"], ['\rCR', "'\rCR"], ['plain', 'plain']]) {
      withDb(s.db, (db) => db.prepare("UPDATE people SET site = ? WHERE person_id = 'S1'").run(name));
      const s1 = csv(ok(s.run(['export', '--type', 'people'])).stdout).find((p) => p.person_id === 'S1')!;
      expect(s1.site, JSON.stringify(name)).toBe(expected);
    }
    withDb(s.db, (db) => db.prepare("UPDATE people SET site = NULL WHERE person_id = 'S1'").run());
  });

  it('keeps a name that looks like SQL exactly (every query binds its parameters)', () => {
    const p2 = ok(s.run(['export', '--type', 'people', '--format', 'json'])).json.find((p: any) => p.person_id === 'P2');
    expect(p2.last_name).toBe(INJECTION);
    expect(csv(ok(s.run(['export', '--type', 'people'])).stdout).find((p) => p.person_id === 'P2')!.last_name).toBe(INJECTION);
    expect(withDb(s.db, (db) => (db.prepare('SELECT count(*) AS n FROM people').get() as { n: number }).n)).toBe(3);
  });

  it('--redact replaces names, emails, credential numbers and notes with stable pseudonyms', () => {
    const real = ['Anastasia', 'Diazmont', 'anastasia@', 'ana.d@', 'Samwise', 'Bossington', 'samwise@', 'bobby@', 'SUM(A1)', 'DROP TABLE', 'IL-1234', 'tester', 'example.org'];
    const types = ['people', 'positions', 'hours', 'exams', 'credentials', 'evaluations', 'screenings', 'approvals', 'audit'];
    const runs = [1, 2].map(() => Object.fromEntries(types.flatMap((t) => [
      [`${t}.csv`, ok(s.run(['export', '--type', t, '--redact'])).stdout],
      [`${t}.json`, ok(s.run(['export', '--type', t, '--redact', '--format', 'json'])).stdout],
    ])));
    expect(runs[1]).toEqual(runs[0]);
    const first = (name: string) => runs[0]![name]!;
    for (const [name, text] of Object.entries(runs[0]!)) {
      for (const word of real) expect(text.toLowerCase(), `${word} in ${name}`).not.toContain(word.toLowerCase());
    }
    const people = JSON.parse(first('people.json'));
    const p1 = people.find((p: any) => p.person_id === 'P1');
    expect(p1).toMatchObject({ first_name: expect.stringMatching(/^name-[0-9a-f]{12}$/), email: expect.stringMatching(/^[0-9a-f]{12}@redacted\.invalid$/), supervisor_id: 'S1', site: 'North' });
    // The same person is the same pseudonym everywhere: evaluator, verifier, approver.
    const evaluator = JSON.parse(first('evaluations.json'))[0].evaluator;
    expect(evaluator).toMatch(/^name-[0-9a-f]{12}$/);
    expect(JSON.parse(first('hours.json'))[0].verified_by).toBe(evaluator);
    expect(JSON.parse(first('approvals.json'))[0].approved_by).toBe(evaluator);
    expect(JSON.parse(first('evaluations.json'))[0].note).toBeNull();
    expect(JSON.parse(first('credentials.json'))[0].number).toMatch(/^num-[0-9a-f]{12}$/);
    // Inside the audit log's before/after images too, matching the people export.
    const audit = JSON.parse(first('audit.json'));
    const added = audit.find((e: any) => e.command === 'people add' && e.person_id === 'P1');
    expect(added.after.first_name).toBe(p1.first_name);
    const edit = audit.find((e: any) => e.command === 'people edit');
    expect(edit.after.email).toBe(p1.email);
    expect(edit.before.email).toMatch(/@redacted\.invalid$/);
    expect(edit.before.email).not.toBe(p1.email);
    // Without --redact nothing changes; the secret was made once and audited without its value.
    expect(ok(s.run(['export', '--type', 'people'])).stdout).toContain('Anastasia');
    const secret = withDb(s.db, (db) => db.prepare("SELECT value FROM meta WHERE key = 'redaction_secret'").get() as { value: string });
    expect(secret.value).toMatch(/^[0-9a-f]{64}$/);
    const made = audit.filter((e: any) => e.record_type === 'meta');
    expect(made).toHaveLength(1);
    expect(JSON.stringify(made[0])).not.toContain(secret.value);
  });

  it('gives another database other pseudonyms for the same names', () => {
    const t = initialised('export-other');
    ok(t.run(['people', 'add', 'P1', '--first-name', 'Anastasia']));
    const mine = ok(s.run(['export', '--type', 'people', '--redact', '--format', 'json'])).json[0].first_name;
    const theirs = ok(t.run(['export', '--type', 'people', '--redact', '--format', 'json'])).json[0].first_name;
    expect(theirs).toMatch(/^name-[0-9a-f]{12}$/);
    expect(theirs).not.toBe(mine);
  });

  it('round-trips hours and people through import (CSV and JSON)', () => {
    const exported = (from: Sandbox, type: string) => ok(from.run(['export', '--type', type, '--format', 'json'])).json;
    for (const format of ['csv', 'json']) {
      const dest = initialised(`export-roundtrip-${format}`);
      const people = path.join(s.dir, `people.${format}`), hours = path.join(s.dir, `hours.${format}`);
      ok(s.run(['export', '--type', 'people', '--format', format, '--output', people]));
      ok(s.run(['export', '--type', 'hours', '--format', format, '--output', hours]));
      expect(ok(dest.run(['import', people, '--type', 'people', '--json'])).json).toMatchObject({ read: 3, added: 3, rejected: 0 });
      expect(ok(dest.run(['import', hours, '--type', 'hours', '--json'])).json).toMatchObject({ read: 3, added: 3, rejected: 0 });
      // Importing the same export again changes nothing.
      expect(ok(dest.run(['import', hours, '--type', 'hours', '--json'])).json).toMatchObject({ read: 3, added: 0, updated: 0, unchanged: 3 });
      // The CSV's spreadsheet guard (a ' before formula-like text) comes off on import: the same values, formula-like text included.
      expect(exported(dest, 'hours')).toEqual(exported(s, 'hours'));
      expect(exported(dest, 'people')).toEqual(exported(s, 'people'));
    }
  });

  it('orders rows by person_id then date or code: the same records imported in another order export the same files', () => {
    const people = ['P3', 'P10', 'P2', 'A1'].map((id) => `${id},Name ${id}`);
    const hours = ['P3', 'P10', 'P2', 'A1'].flatMap((id, i) => [`${id},2026-0${i + 1}-10,work,2`, `${id},2026-0${i + 1}-03,training,1`]);
    const make = (name: string, order: (xs: string[]) => string[]) => {
      const t = initialised(name);
      t.file('people.csv', ['person_id,first_name', ...order(people)].join('\n') + '\n');
      t.file('hours.csv', ['person_id,date,category,hours', ...order(hours)].join('\n') + '\n');
      t.file('credentials.csv', ['person_id,credential,issued_on', ...order(['P2,CPSRP,2025-03-01', 'P2,CRSS,2025-01-01', 'A1,CRSS,2024-05-01'])].join('\n') + '\n');
      for (const type of ['people', 'hours', 'credentials']) ok(t.run(['import', `${type}.csv`, '--type', type]));
      return t;
    };
    const a = make('export-order-a', (xs) => xs), b = make('export-order-b', (xs) => [...xs].reverse());
    for (const type of ['people', 'hours', 'credentials']) {
      expect(ok(b.run(['export', '--type', type])).stdout, type).toBe(ok(a.run(['export', '--type', type])).stdout);
    }
    const rowsOf = (type: string) => csv(ok(a.run(['export', '--type', type])).stdout);
    expect(rowsOf('people').map((r) => r.person_id)).toEqual(['A1', 'P10', 'P2', 'P3']);
    expect(rowsOf('hours').map((r) => `${r.person_id} ${r.date}`)).toEqual(['A1 2026-04-03', 'A1 2026-04-10', 'P10 2026-02-03', 'P10 2026-02-10',
      'P2 2026-03-03', 'P2 2026-03-10', 'P3 2026-01-03', 'P3 2026-01-10']);
    expect(rowsOf('credentials').map((r) => `${r.person_id} ${r.credential}`)).toEqual(['A1 CRSS', 'P2 CPSRP', 'P2 CRSS']);
  });

  it('ids starting with a dash survive the CSV round trip: re-importing an export adds nothing, and a fresh database takes it', () => {
    const t = initialised('export-dash-ids');
    t.file('people.csv', 'person_id,first_name,hire_date\n-P1,Neg,2025-01-01\n');
    ok(t.run(['import', 'people.csv', '--type', 'people']));
    t.file('hours.csv', 'entry_id,person_id,date,category,hours,supervised,topic\n-e1,-P1,2026-11-01,work,5,yes,-Ethics\n');
    ok(t.run(['import', 'hours.csv', '--type', 'hours']));
    for (const type of ['people', 'hours']) ok(t.run(['export', '--type', type, '--output', path.join(t.dir, `x-${type}.csv`)]));
    expect(fs.readFileSync(path.join(t.dir, 'x-hours.csv'), 'utf8')).toContain("'-e1,'-P1,"); // guarded for spreadsheets
    expect(ok(t.run(['import', path.join(t.dir, 'x-people.csv'), '--type', 'people', '--json'])).json).toMatchObject({ added: 0, updated: 0, unchanged: 1 });
    expect(ok(t.run(['import', path.join(t.dir, 'x-hours.csv'), '--type', 'hours', '--json'])).json).toMatchObject({ added: 0, updated: 0, unchanged: 1 });
    const fresh = initialised('export-dash-ids-fresh');
    ok(fresh.run(['import', path.join(t.dir, 'x-people.csv'), '--type', 'people']));
    ok(fresh.run(['import', path.join(t.dir, 'x-hours.csv'), '--type', 'hours']));
    const json = (from: Sandbox) => ok(from.run(['export', '--type', 'hours', '--format', 'json'])).json;
    expect(json(fresh)).toEqual(json(t));
    expect(json(t)).toMatchObject([{ entry_id: '-e1', person_id: '-P1', hours: 5, topic: '-Ethics' }]);
  });

  it('--output writes a 0600 file (whatever the umask) and refuses the database itself', () => {
    const out = path.join(s.dir, 'out', 'hours.csv');
    fs.mkdirSync(path.dirname(out));
    const r = ok(runOpenUmask(s, ['export', '--type', 'hours', '--output', out]));
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`credtrack: exported 3 hours rows to ${out}\n`);
    expect(mode(fs.statSync(out).mode)).toBe('600');
    expect(fs.readFileSync(out, 'utf8')).toBe(ok(s.run(['export', '--type', 'hours'])).stdout);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['hours.csv']);
    expect(ok(s.run(['export', '--type', 'people', '--output', s.db]), 2).stderr).toContain('is the database itself');
    expect(withDb(s.db, (db) => db.pragma('integrity_check', { simple: true }))).toBe('ok');
    expect(ok(s.run(['export', '--type', 'people', '--output', path.join(s.dir, 'nope', 'x.csv')]), 2).stderr).toContain('does not exist');
  });

  it('checks its options (exit 2)', () => {
    expect(ok(s.run(['export']), 2).stderr).toContain("'--type <type>' not specified");
    expect(ok(s.run(['export', '--type', 'payroll']), 2).stderr).toContain('Allowed choices are people, positions');
    expect(ok(s.run(['export', '--type', 'people', '--format', 'xlsx']), 2).stderr).toContain('--format');
    expect(ok(s.run(['export', '--type', 'people', '--db', path.join(s.dir, 'none.db')]), 2).stderr).toMatch(/^credtrack: no database at/);
  });
});

describe('credtrack export numbers', () => {
  /** Any hours value import takes (more than 0, at most 24), with many below 1e-6, where JavaScript writes exponents. */
  const hoursValue = fc.oneof(fc.double({ min: 5e-324, max: 1e-6, noNaN: true }), fc.double({ min: 1e-6, max: 24, noNaN: true }));

  it('writes numbers as plain decimals that read back as the same number', () => {
    expect([1e-7, 1.2345e-7, 5e-324, 1e21, -1e-7, 0.5, 24, 7.5].map(plainNumber))
      .toEqual(['0.0000001', '0.00000012345', `0.${'0'.repeat(323)}5`, '1000000000000000000000', '-0.0000001', '0.5', '24', '7.5']);
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
      const text = plainNumber(x);
      expect(text).toMatch(/^-?\d+(\.\d+)?$/);
      expect(Object.is(Number(text), x) || (x === 0 && Number(text) === 0)).toBe(true);
    }), { seed: 20261125, numRuns: 5000 });
  });

  it('exports tiny hours and huge scores without exponents, in CSV, JSON and the audit; the export re-imports exactly', () => {
    const s = initialised('export-numbers');
    ok(s.run(['people', 'add', 'P1']));
    s.file('hours.csv', 'entry_id,person_id,date,category,hours\nE1,P1,2025-03-07,work,0.0000001\nE2,P1,2025-03-08,work,0.00000012345\n');
    ok(s.run(['import', 'hours.csv', '--type', 'hours']));
    s.file('exams.csv', 'person_id,exam,date,result,score\nP1,CRSS,2025-01-01,pass,1000000000000000000000\n');
    ok(s.run(['import', 'exams.csv', '--type', 'exams']));
    s.file('fix.csv', 'entry_id,person_id,date,category,hours\nE1,P1,2025-03-07,work,0.00000002\n');
    ok(s.run(['import', 'fix.csv', '--type', 'hours']));

    const hoursCsv = ok(s.run(['export', '--type', 'hours'])).stdout;
    expect(csv(hoursCsv).map((r) => r.hours)).toEqual(['0.00000002', '0.00000012345']);
    expect(csv(ok(s.run(['export', '--type', 'exams'])).stdout)[0]!.score).toBe('1000000000000000000000');
    const hoursJson = ok(s.run(['export', '--type', 'hours', '--format', 'json'])).stdout;
    expect(hoursJson).toContain('"hours":0.00000002,');
    expect(JSON.parse(hoursJson).map((r: any) => r.hours)).toEqual([2e-8, 1.2345e-7]);
    // The audit's before/after images are JSON in a CSV cell: plain there too.
    const audit = ok(s.run(['export', '--type', 'audit'])).stdout;
    expect(audit).toContain('""hours"":0.0000001,');
    expect(audit).toContain('""hours"":0.00000002,');
    for (const text of [hoursCsv, hoursJson, audit, ok(s.run(['export', '--type', 'exams', '--format', 'json'])).stdout]) {
      expect(text).not.toMatch(/\de[-+]\d/);
    }

    for (const [format, text] of [['csv', hoursCsv], ['json', hoursJson]] as const) {
      const dest = initialised(`export-numbers-${format}`);
      ok(dest.run(['people', 'add', 'P1']));
      dest.file(`hours.${format}`, text);
      expect(ok(dest.run(['import', `hours.${format}`, '--type', 'hours', '--json'])).json).toMatchObject({ read: 2, added: 2, rejected: 0 });
      expect(ok(dest.run(['export', '--type', 'hours'])).stdout).toBe(hoursCsv);
    }
  });

  it('round-trips any hours value through export and import, CSV and JSON (property: 400 values drawn by fast-check, one file)', () => {
    // One file of many drawn values, not one database per value: each run of bin/credtrack costs a process start.
    const values = fc.sample(hoursValue, { seed: 20261125, numRuns: 400 });
    const s = initialised('export-hours-property');
    ok(s.run(['people', 'add', 'P1']));
    // A day each: a person's single-day entries hold at most 24 hours a day together.
    const day = (i: number) => new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10);
    s.file('hours.json', JSON.stringify(values.map((hours, i) => ({ entry_id: `E${i}`, person_id: 'P1', date: day(i), category: 'work', hours }))));
    ok(s.run(['import', 'hours.json', '--type', 'hours']));
    const exported = (from: Sandbox, format: string) => ok(from.run(['export', '--type', 'hours', '--format', format])).stdout;
    const byId = (rows: Record<string, unknown>[]) => Object.fromEntries(rows.map((r) => [r.entry_id, Number(r.hours)]));
    const expected = Object.fromEntries(values.map((h, i) => [`E${i}`, h]));
    const first = { csv: exported(s, 'csv'), json: exported(s, 'json') };
    expect(byId(csv(first.csv))).toEqual(expected);
    expect(byId(JSON.parse(first.json))).toEqual(expected);
    for (const format of ['csv', 'json'] as const) {
      expect(first[format]).not.toMatch(/\de[-+]\d/);
      const dest = initialised(`export-hours-property-${format}`);
      ok(dest.run(['people', 'add', 'P1']));
      dest.file(`hours.${format}`, first[format]);
      expect(ok(dest.run(['import', `hours.${format}`, '--type', 'hours', '--json'])).json).toMatchObject({ read: values.length, added: values.length, rejected: 0 });
      expect(exported(dest, 'csv')).toBe(first.csv);
      expect(exported(dest, 'json')).toBe(first.json);
    }
  });
});

describe('credtrack export of a large table', () => {
  it('streams 200,000 hours rows in a small heap', () => {
    const s = initialised('export-big');
    ok(s.run(['people', 'add', 'P1']));
    const rows = 200_000;
    withDb(s.db, (db) => {
      const insert = db.prepare("INSERT INTO hours (person, entry_id, date, category, hours, topic) VALUES (1, ?, date('2020-01-01', '+' || (? % 2000) || ' days'), 'training', 1.5, 'a topic long enough to weigh something in memory')");
      db.transaction(() => { for (let i = 0; i < rows; i++) insert.run(`E${i}`, i); })();
    });
    const out = path.join(s.dir, 'big.csv');
    // Buffering the rows would need far more than this heap.
    for (const format of ['csv', 'json']) {
      const r = s.run(['export', '--type', 'hours', '--format', format, '--output', `${out}.${format}`], { env: { NODE_OPTIONS: '--max-old-space-size=40' } });
      expect(r.code, r.stderr).toBe(0);
    }
    const text = fs.readFileSync(`${out}.csv`, 'utf8');
    expect(text.split('\n')).toHaveLength(rows + 2);
    expect(JSON.parse(fs.readFileSync(`${out}.json`, 'utf8'))).toHaveLength(rows);
  });
});
