// End to end: `people add|edit|show|list` and the record commands (log, exam, credential
// grant|renew|lapse|revoke, position, evaluation, screening, approve) — what each writes, what
// it says, that re-running it changes nothing, and what `check` makes of it.
import { beforeAll, describe, expect, it } from 'vitest';
import { initialised, type Sandbox } from '../helpers/cli.js';
import { ok, refused, rows } from './assert.js';

const person = (s: Sandbox, id: string) => ok(s.run(['people', 'show', id, '--json'])).json;
const said = (r: { stderr: string }) => r.stderr;

describe('people', () => {
  let s: Sandbox;
  beforeAll(() => {
    s = initialised('people');
    const add = [
      ['P1', '--first-name', 'Ana', '--last-name', 'Diaz', '--email', 'ana@example.org', '--education', 'high_school', '--hire-date', '2024-03-01',
        '--birth-date', '1990-02-28', '--lived-experience', 'yes', '--site', 'North', '--supervisor', 'S1'],
      ['P2', '--first-name', 'Ben', '--last-name', 'Okafor', '--site', 'South', '--supervisor', 'S1', '--lived-experience', 'no'],
      ['P3', '--first-name', 'Cy', '--last-name', 'Lund', '--site', 'North', '--supervisor', 'S2', '--status', 'inactive'],
      ['S1', '--first-name', 'Sam', '--last-name', 'Boss', '--site', 'North'],
    ];
    // S1 is added after the people they supervise, S2 never: those adds warn (QA3 M5), and still add.
    const unknown = (p: string, sup: string) => `credtrack: warning: supervisor "${sup}" of ${p} is no one on record; reminders for ${p} carry no supervisor email until \`credtrack people add ${sup}\` (or \`credtrack people edit ${p} --supervisor ID\` to correct it)\n`;
    const warned: Record<string, string> = { P1: unknown('P1', 'S1'), P2: unknown('P2', 'S1'), P3: unknown('P3', 'S2') };
    for (const a of add) expect(said(ok(s.run(['people', 'add', ...a])))).toBe(`credtrack: added ${a[0]}\n${warned[a[0]!] ?? ''}`);
    ok(s.run(['position', 'P1', '--position', 'RSS', '--start', '2025-01-01', '--end', '2025-12-31']));
    ok(s.run(['position', 'P2', '--position', 'RSS', '--start', '2025-06-01']));
    ok(s.run(['position', 'S1', '--position', 'CLINICAL-SUPERVISOR', '--start', '2020-01-01', '--end', '2020-12-31']));
  }, 120_000);

  it('add stores every field, audited', () => {
    expect(person(s, 'P1').person).toEqual({ person_id: 'P1', first_name: 'Ana', last_name: 'Diaz', email: 'ana@example.org', birth_date: '1990-02-28',
      education: 'high_school', hire_date: '2024-03-01', site: 'North', supervisor_id: 'S1', lived_experience: true, status: 'active' });
    expect(person(s, 'S1').person).toMatchObject({ email: null, education: null, lived_experience: null, status: 'active' });
    const [audit] = rows(s.db, "SELECT actor, command, action, record_type, record_key, person_id, before, after FROM audit WHERE record_type = 'people' AND record_key = 'P2'");
    expect(audit).toMatchObject({ actor: 'tester', command: 'people add', action: 'add', record_key: 'P2', person_id: 'P2', before: null });
    expect(JSON.parse(audit.after)).toMatchObject({ person_id: 'P2', first_name: 'Ben', lived_experience: false, site: 'South' });
  });

  it('add refuses a person who exists', () => {
    const r = refused(s.run(['people', 'add', 'P1', '--first-name', 'Other']), 'person P1 already exists');
    expect(r.stderr).toContain('hint: change fields with `credtrack people edit`');
    expect(person(s, 'P1').person.first_name).toBe('Ana');
  });

  it('edit changes and clears fields, says which, and audits before and after', () => {
    const t = initialised('people-edit');
    ok(t.run(['people', 'add', 'P1', '--first-name', 'Ana', '--email', 'ana@example.org', '--site', 'North', '--supervisor', 'S1']));
    expect(said(ok(t.run(['people', 'edit', 'P1', '--site', 'South', '--status', 'inactive', '--clear', 'email', 'supervisor', '--actor', 'hr-jo']))))
      .toBe('credtrack: P1: changed email, site, supervisor_id, status\n');
    expect(person(t, 'P1').person).toMatchObject({ first_name: 'Ana', email: null, site: 'South', supervisor_id: null, status: 'inactive' });
    expect(rows(t.db, "SELECT actor, command, before, after FROM audit WHERE action = 'change'")).toEqual([{ actor: 'hr-jo', command: 'people edit',
      before: '{"email":"ana@example.org","site":"North","supervisor_id":"S1","status":"active"}',
      after: '{"email":null,"site":"South","supervisor_id":null,"status":"inactive"}' }]);
    expect(said(ok(t.run(['people', 'edit', 'P1', '--site', 'South'])))).toBe('credtrack: P1: nothing changed\n');
    expect(rows(t.db, "SELECT count(*) AS n FROM audit WHERE action = 'change'")).toEqual([{ n: 1 }]);
  });

  it('show: the person and their records as text', () => {
    const out = ok(s.run(['people', 'show', 'P1'])).stdout;
    const lines = out.split('\n');
    expect(lines.slice(0, 11)).toEqual([
      'P1  Ana Diaz',
      '  email             ana@example.org',
      '  birth_date        1990-02-28',
      '  education         high_school',
      '  hire_date         2024-03-01',
      '  site              North',
      '  supervisor_id     S1',
      '  lived_experience  yes',
      '  status            active',
      '',
      'Positions',
    ]);
    expect(out).toMatch(/│ RSS +│ 2025-01-01 +│ 2025-12-31 +│ +│ +│/);
    expect(out).toContain('Hours by category');
  });

  it('list: everyone, sorted by id, as a table, JSON or CSV', () => {
    const table = ok(s.run(['people', 'list'])).stdout;
    expect(table).toMatch(/│ P1 +│ Ana Diaz +│ North +│ S1 +│ 2024-03-01 +│ active +│/);
    expect(table).toMatch(/│ P3 +│ Cy Lund +│ North +│ S2 +│ +│ inactive +│/);
    const json = ok(s.run(['people', 'list', '--json'])).json;
    expect(json.people.map((p: any) => p.person_id)).toEqual(['P1', 'P2', 'P3', 'S1']);
    expect(json.people[1]).toEqual({ person_id: 'P2', first_name: 'Ben', last_name: 'Okafor', email: null, birth_date: null, education: null,
      hire_date: null, site: 'South', supervisor_id: 'S1', lived_experience: false, status: 'active' });
    expect(ok(s.run(['people', 'list', '--format', 'csv'])).stdout).toBe([
      'person_id,first_name,last_name,email,birth_date,education,hire_date,site,supervisor_id,lived_experience,status',
      'P1,Ana,Diaz,ana@example.org,1990-02-28,high_school,2024-03-01,North,S1,yes,active',
      'P2,Ben,Okafor,,,,,South,S1,no,active',
      'P3,Cy,Lund,,,,,North,S2,,inactive',
      'S1,Sam,Boss,,,,,North,,,active',
      '',
    ].join('\n'));
  });

  it.each([
    [['--site', 'North'], ['P1', 'P3', 'S1']],
    [['--site', 'South', '--status', 'inactive'], []],
    [['--position', 'CLINICAL-SUPERVISOR', '--as-of', '2020-06-01'], ['S1']], // a position outside the rule pack: any code may be recorded
    [['--position', 'CLINICAL-SUPERVISOR'], []],
    [['--status', 'inactive'], ['P3']],
    [['--status', 'active', '--site', 'North'], ['P1', 'S1']],
    [['--supervisor', 'S1'], ['P1', 'P2']],
    [['--position', 'RSS', '--as-of', '2025-07-01'], ['P1', 'P2']],
    [['--position', 'RSS', '--as-of', '2025-12-31'], ['P1', 'P2']], // the end date is the last day held
    [['--position', 'RSS', '--as-of', '2026-01-01'], ['P2']],
    [['--position', 'RSS', '--as-of', '2024-12-31'], []],
    [['--position', 'RSS', '--supervisor', 'S1', '--site', 'South', '--as-of', '2025-07-01'], ['P2']],
  ])('list %j → %j', (args, want) => {
    expect(ok(s.run(['people', 'list', '--json', ...args])).json.people.map((p: any) => p.person_id)).toEqual(want);
    const csv = ok(s.run(['people', 'list', '--format', 'csv', ...args])).stdout.trim().split('\n');
    expect(csv.slice(1).map((l) => l.split(',')[0])).toEqual(want);
  });

  it('list with no match: nothing on stdout, a note on stderr, exit 0', () => {
    const r = ok(s.run(['people', 'list', '--site', 'South', '--status', 'inactive']));
    expect([r.stdout, r.stderr]).toEqual(['', 'credtrack: no people match\n']);
  });

  it('list refuses a site, supervisor or position no one has (a typo, not an empty team), naming the ones there are', () => {
    const site = s.run(['people', 'list', '--site', 'Nort']);
    expect([site.code, site.stdout, site.stderr]).toEqual([2, '', 'credtrack: --site: no one on record is at site "Nort"\nhint: sites: North, South\n']);
    expect(s.run(['people', 'list', '--supervisor', 'S9']).stderr).toMatch(/^credtrack: --supervisor: no one on record is supervised by "S9"\n/);
    const position = s.run(['people', 'list', '--position', 'rss']);
    expect([position.code, position.stdout]).toEqual([2, '']);
    expect(position.stderr).toMatch(/^credtrack: --position: "rss" is not a position of the rule pack, and no one on record has held it\nhint: positions: RSS-TRAINEE, RSS, .*\n$/);
  });
});

describe('record commands', () => {
  let s: Sandbox;
  const hoursRows = () => rows(s.db, 'SELECT entry_id, date, end_date, category, hours, domain, supervised, paid, topic, provider, verified_by, note FROM hours ORDER BY id');
  beforeAll(() => {
    s = initialised('records');
    ok(s.run(['people', 'add', 'P1', '--first-name', 'Ana', '--last-name', 'Diaz', '--education', 'ged', '--hire-date', '2024-03-01']));
  });

  it('log: every field stored; the same entry again changes nothing; an entry id updates its entry', () => {
    expect(said(ok(s.run(['log', 'P1', '--category', 'work', '--hours', '7.5', '--date', '2025-01-06', '--supervised', '--paid', '--topic', 'Intake',
      '--provider', 'Clinic', '--verified-by', 'Sam', '--note', 'first day'])))).toBe('credtrack: recorded hours entry for P1\n');
    expect(said(ok(s.run(['log', 'P1', '--category', 'work', '--hours', '7.5', '--date', '2025-01-06', '--supervised', '--paid', '--topic', 'Intake',
      '--provider', 'Clinic', '--verified-by', 'Sam', '--note', 'first day'])))).toBe('credtrack: hours entry for P1 was already recorded; nothing changed\n');
    ok(s.run(['log', 'P1', '--category', 'work', '--hours', '48', '--date', '2025-01-07', '--end-date', '2025-01-08', '--volunteer', '--entry-id', 'TS-1']));
    expect(said(ok(s.run(['log', 'P1', '--category', 'work', '--hours', '40', '--date', '2025-01-07', '--end-date', '2025-01-08', '--volunteer', '--entry-id', 'TS-1']))))
      .toBe('credtrack: updated hours entry for P1\n');
    ok(s.run(['log', 'P1', '--category', 'training', '--hours', '24', '--date', '2025-02-01', '--domain', 'ethics']));
    expect(hoursRows()).toEqual([
      { entry_id: null, date: '2025-01-06', end_date: null, category: 'work', hours: 7.5, domain: null, supervised: 1, paid: 1, topic: 'Intake', provider: 'Clinic', verified_by: 'Sam', note: 'first day' },
      { entry_id: 'TS-1', date: '2025-01-07', end_date: '2025-01-08', category: 'work', hours: 40, domain: null, supervised: null, paid: 0, topic: null, provider: null, verified_by: null, note: null },
      { entry_id: null, date: '2025-02-01', end_date: null, category: 'training', hours: 24, domain: 'ethics', supervised: null, paid: null, topic: null, provider: null, verified_by: null, note: null },
    ]);
    const audit = rows(s.db, "SELECT action, before, after FROM audit WHERE record_type = 'hours' ORDER BY id");
    expect(audit.map((a) => a.action)).toEqual(['add', 'add', 'change', 'add']);
    expect(JSON.parse(audit[2].before).hours).toBe(48);
    expect(JSON.parse(audit[2].after).hours).toBe(40);
  });

  it('exam: passes and fails are kept; check sees the pass', () => {
    ok(s.run(['exam', 'P1', '--exam', 'CRSS', '--date', '2025-03-01', '--result', 'fail', '--score', '61']));
    ok(s.run(['exam', 'P1', '--exam', 'CRSS', '--date', '2025-06-01', '--result', 'pass', '--score', '80']));
    expect(person(s, 'P1').exams).toEqual([
      { exam: 'CRSS', date: '2025-03-01', result: 'fail', score: 61 }, { exam: 'CRSS', date: '2025-06-01', result: 'pass', score: 80 },
    ]);
    const exam = (asOf: string) => ok(s.run(['check', 'P1', '--credential', 'CRSS', '--json', '--as-of', asOf])).json.results[0].requirements.find((q: any) => q.id === 'exam');
    expect(exam('2025-05-31')).toMatchObject({ met: false, detail: 'no pass of CRSS (failed on 2025-03-01)' });
    expect(exam('2025-06-01')).toMatchObject({ met: true, have: '2025-06-01', detail: 'passed CRSS on 2025-06-01' });
  });

  it('position, evaluation, screening and approval are stored; re-running them changes nothing', () => {
    ok(s.run(['position', 'P1', '--position', 'PSS-I', '--start', '2024-03-01', '--field', 'peer_support', '--supervised']));
    expect(said(ok(s.run(['position', 'P1', '--position', 'PSS-I', '--start', '2024-03-01', '--end', '2026-02-28', '--field', 'peer_support', '--supervised']))))
      .toBe('credtrack: updated position for P1\n');
    ok(s.run(['evaluation', 'P1', '--date', '2025-09-01', '--rating', 'satisfactory', '--evaluator', 'Sam', '--note', 'good']));
    expect(said(ok(s.run(['evaluation', 'P1', '--date', '2025-09-01', '--rating', 'satisfactory', '--evaluator', 'Sam', '--note', 'good']))))
      .toBe('credtrack: evaluation for P1 was already recorded; nothing changed\n');
    ok(s.run(['screening', 'P1', '--type', 'drug', '--date', '2025-01-02', '--result', 'fail']));
    ok(s.run(['screening', 'P1', '--type', 'drug', '--date', '2025-02-02', '--result', 'pass', '--expires', '2026-02-01']));
    expect(said(ok(s.run(['approve', 'P1', '--progression', 'pss-i-to-ii', '--date', '2026-02-15', '--by', 'J. Smith']))))
      .toBe('credtrack: recorded approval of pss-i-to-ii for P1\n');
    expect(said(ok(s.run(['approve', 'P1', '--progression', 'pss-i-to-ii', '--date', '2026-02-15', '--by', 'J. Smith']))))
      .toBe('credtrack: approval of pss-i-to-ii for P1 was already recorded; nothing changed\n');
    expect(said(ok(s.run(['approve', 'P1', '--progression', 'pss-i-to-ii', '--date', '2026-02-16']))))
      .toBe('credtrack: updated approval of pss-i-to-ii for P1\n');
    expect(ok(s.run(['people', 'show', 'P1'])).stdout).toMatch(/│ PSS-I +│ 2024-03-01 +│ 2026-02-28 +│ peer_support +│ yes +│/);
    const doc = person(s, 'P1');
    expect(doc.positions).toEqual([{ position: 'PSS-I', start_date: '2024-03-01', end_date: '2026-02-28', field: 'peer_support', supervised: true }]);
    expect(doc.evaluations).toEqual([{ date: '2025-09-01', rating: 'satisfactory', evaluator: 'Sam', note: 'good' }]);
    expect(doc.screenings).toEqual([
      { type: 'drug', date: '2025-01-02', result: 'fail', expires_on: null }, { type: 'drug', date: '2025-02-02', result: 'pass', expires_on: '2026-02-01' },
    ]);
    expect(doc.approvals).toEqual([{ progression: 'pss-i-to-ii', date: '2026-02-16', approved_by: 'tester' }]);
    // PSS-I held through 2026-02-28, then not
    const held = (asOf: string) => ok(s.run(['check', 'P1', '--json', '--as-of', asOf])).json.results.map((r: any) => r.rule).filter((c: string) => c.startsWith('PSS'));
    expect([held('2026-02-28'), held('2026-03-01')]).toEqual([['PSS-I'], []]);
  });
});

describe('credential lifecycle', () => {
  let s: Sandbox;
  const creds = () => person(s, 'P1').credentials;
  const held = (asOf: string) => ok(s.run(['check', 'P1', '--credential', 'CRSS', '--json', '--as-of', asOf])).json.results[0].held;
  beforeAll(() => {
    s = initialised('lifecycle');
    ok(s.run(['people', 'add', 'P1', '--first-name', 'Ana']));
  });

  it('grant: without an expiry, valid through the end of the CEU cycle', () => {
    expect(said(ok(s.run(['credential', 'grant', 'P1', '--credential', 'CRSS', '--issued', '2023-01-15', '--number', 'IL-1'])))).toBe('credtrack: recorded credential for P1\n');
    expect(said(ok(s.run(['credential', 'grant', 'P1', '--credential', 'CRSS', '--issued', '2023-01-15', '--number', 'IL-1']))))
      .toBe('credtrack: credential for P1 was already recorded; nothing changed\n');
    expect(creds()).toEqual([{ code: 'CRSS', number: 'IL-1', issued_on: '2023-01-15', expires_on: null, status: 'active', status_on: null, cycle_start: '2023-01-15' }]);
    expect(held('2025-01-14')).toEqual({ status: 'active', issued_on: '2023-01-15', expires_on: '2025-01-14' });
    expect(held('2025-01-15')).toBeNull();
  });

  it('renew: late, the new cycle starts on the renewal date; on time, on the anniversary; once per cycle', () => {
    expect(said(ok(s.run(['credential', 'renew', 'P1', '--credential', 'CRSS', '--date', '2025-02-01']))))
      .toBe('credtrack: renewed CRSS for P1: new cycle 2025-02-01 to 2027-01-31\n');
    expect(held('2025-02-01')).toEqual({ status: 'active', issued_on: '2023-01-15', expires_on: '2027-01-31' });
    expect(said(ok(s.run(['credential', 'renew', 'P1', '--credential', 'CRSS', '--date', '2025-02-01']))))
      .toBe('credtrack: renewal of CRSS for P1 on 2025-02-01 was already recorded; nothing changed\n');
    // On time: from the day the window opens (90 days before the cycle ends on 2027-01-31); the day before is refused.
    refused(s.run(['credential', 'renew', 'P1', '--credential', 'CRSS', '--date', '2026-11-01']),
      '--date: "2026-11-01" is before CRSS\'s renewal window opens (2026-11-02, 90 days before the cycle ends on 2027-01-31)');
    expect(said(ok(s.run(['credential', 'renew', 'P1', '--credential', 'CRSS', '--date', '2026-11-02']))))
      .toBe('credtrack: renewed CRSS for P1: new cycle 2027-02-01 to 2029-01-31\n');
    expect(said(ok(s.run(['credential', 'renew', 'P1', '--credential', 'CRSS', '--date', '2026-11-02']))))
      .toBe('credtrack: renewal of CRSS for P1 on 2026-11-02 was already recorded; nothing changed\n');
    refused(s.run(['credential', 'renew', 'P1', '--credential', 'CRSS', '--date', '2026-11-03']), "P1's CRSS is already renewed: its next cycle starts on 2027-02-01");
    expect(creds()[0]).toMatchObject({ cycle_start: '2027-02-01', status: 'active' });
    expect(held('2026-11-22')).toEqual({ status: 'active', issued_on: '2023-01-15', expires_on: '2029-01-31' });
    expect(rows(s.db, 'SELECT renewed_on, cycle_start, previous_cycle_start FROM credential_renewals ORDER BY id')).toEqual([
      { renewed_on: '2025-02-01', cycle_start: '2025-02-01', previous_cycle_start: '2023-01-15' },
      { renewed_on: '2026-11-02', cycle_start: '2027-02-01', previous_cycle_start: '2025-02-01' },
    ]);
  });

  it('lapse: held until the day before; reinstated by a renewal', () => {
    expect(said(ok(s.run(['credential', 'lapse', 'P1', '--credential', 'CRSS', '--date', '2026-11-10'])))).toBe("credtrack: P1's CRSS lapsed on 2026-11-10\n");
    expect(said(ok(s.run(['credential', 'lapse', 'P1', '--credential', 'CRSS', '--date', '2026-11-10']))))
      .toBe("credtrack: P1's CRSS is already lapsed since 2026-11-10; nothing changed\n");
    expect(held('2026-11-09')).toEqual({ status: 'active', issued_on: '2023-01-15', expires_on: '2029-01-31' });
    expect(held('2026-11-10')).toBeNull();
    const mhp = ok(s.run(['check', 'P1', '--credential', 'MHP-132', '--json', '--as-of', '2026-11-10'])).json.results[0];
    expect(mhp.requirements[0].requirements[0].requirements[0]).toMatchObject({ id: 'crss', met: false, detail: 'CRSS: CRSS lapsed on 2026-11-10' });
    expect(said(ok(s.run(['credential', 'renew', 'P1', '--credential', 'CRSS', '--date', '2026-11-20']))))
      .toBe('credtrack: reinstated CRSS for P1: cycle 2027-02-01 to 2029-01-31\n');
    expect(creds()[0]).toMatchObject({ status: 'active', status_on: null, cycle_start: '2027-02-01' });
    expect(held('2026-11-22')).toMatchObject({ status: 'active' });
  });

  it('revoke: ends it for good; it cannot be renewed or lapsed', () => {
    expect(said(ok(s.run(['credential', 'revoke', 'P1', '--credential', 'CRSS', '--date', '2026-11-21', '--reason', 'board decision']))))
      .toBe("credtrack: P1's CRSS revoked on 2026-11-21\n");
    expect(held('2026-11-22')).toBeNull();
    const r = refused(s.run(['credential', 'renew', 'P1', '--credential', 'CRSS', '--date', '2026-11-22']), "P1's CRSS was revoked on 2026-11-21; it cannot be renewed");
    expect(r.stderr).toContain('hint: grant a new credential instead');
    refused(s.run(['credential', 'lapse', 'P1', '--credential', 'CRSS', '--date', '2026-11-22']), "P1's CRSS was revoked on 2026-11-21");
    const [audit] = rows(s.db, "SELECT after FROM audit WHERE command = 'credential revoke'");
    expect(JSON.parse(audit.after)).toEqual({ code: 'CRSS', status: 'revoked', status_on: '2026-11-21', reason: 'board decision' });
  });

  it('a provisional certificate is held until its valid_for runs out', () => {
    ok(s.run(['credential', 'grant', 'P1', '--credential', 'CPS', '--issued', '2026-03-01', '--provisional']));
    const cps = (asOf: string) => ok(s.run(['check', 'P1', '--credential', 'CPS', '--json', '--as-of', asOf])).json.results[0];
    expect(cps('2026-08-31')).toMatchObject({ held: { status: 'provisional', issued_on: '2026-03-01', expires_on: '2026-08-31' },
      provisional: { expires_on: '2026-08-31', requirements: ['work-hours'], met: false, projected_date: null, at_risk: true } });
    expect(cps('2026-09-01').held).toBeNull();
  });
});
