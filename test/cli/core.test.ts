// End to end through bin/credtrack: a workforce built with the record commands (people, log,
// exam, credential, position, evaluation, screening), then `check` in every output format.
import { beforeAll, describe, expect, it } from 'vitest';
import { initialised, type Sandbox } from '../helpers/cli.js';
import { ok, refused, rows } from './assert.js';

const DOMAINS4 = ['advocacy', 'professional_responsibility', 'mentoring', 'recovery_support'] as const;

/**
 * P1 Ana: complete for CRSS, holds CRSS and an RSS position in mental health since 2025-01-01.
 * P2 Ben: the SPEC §5 example — 1500 supervised work hours (300 more unsupervised), 104
 *   supervision hours, 94 training hours (core functions 60 counted 54, no ethics), no exam.
 * P3 Cy: RSS trainee since 2026-05-22 (mental health, supervised), 21 on 2026-11-23.
 * P4 Di: inactive. P5 Eve: PSS since hire on 2026-01-15, CPS not yet held (due 2027-01-15).
 */
function workforce(): Sandbox {
  const s = initialised('core');
  const steps: string[][] = [
    ['people', 'add', 'P1', '--first-name', 'Ana', '--last-name', 'Diaz', '--email', 'ana@example.org', '--education', 'high_school',
      '--hire-date', '2024-03-01', '--lived-experience', 'yes', '--site', 'North', '--supervisor', 'S1'],
    ['people', 'add', 'P2', '--first-name', 'Ben', '--last-name', 'Okafor', '--education', 'ged', '--hire-date', '2024-06-01', '--site', 'South', '--supervisor', 'S1'],
    ['people', 'add', 'P3', '--first-name', 'Cy', '--last-name', 'Lund', '--education', 'bachelor', '--hire-date', '2026-05-22',
      '--birth-date', '2005-11-23', '--site', 'North', '--supervisor', 'S2'],
    ['people', 'add', 'P4', '--first-name', 'Di', '--last-name', 'Old', '--status', 'inactive', '--site', 'North'],
    ['people', 'add', 'P5', '--first-name', 'Eve', '--last-name', 'Ruiz', '--education', 'ged', '--hire-date', '2026-01-15', '--lived-experience', 'yes', '--site', 'East'],

    ['log', 'P1', '--category', 'work', '--hours', '1000', '--date', '2024-03-01', '--end-date', '2024-12-31', '--supervised', '--paid'],
    ['log', 'P1', '--category', 'work', '--hours', '1000', '--date', '2025-01-01', '--end-date', '2025-12-31', '--supervised', '--volunteer'],
    ...DOMAINS4.map((d, i) => ['log', 'P1', '--category', 'supervision', '--hours', '25', '--date', `2024-0${i + 4}-01`, '--end-date', `2024-0${i + 4}-20`, '--domain', d]),
    ...DOMAINS4.map((d, i) => ['log', 'P1', '--category', 'training', '--hours', '10', '--date', `2024-0${i + 4}-21`, '--domain', d]),
    ['log', 'P1', '--category', 'training', '--hours', '6', '--date', '2024-09-01', '--domain', 'ethics'],
    ['log', 'P1', '--category', 'training', '--hours', '60', '--date', '2024-09-02', '--end-date', '2024-09-06', '--domain', 'core_functions'],
    ['exam', 'P1', '--exam', 'CRSS', '--date', '2025-09-10', '--result', 'pass', '--score', '88'],
    ['credential', 'grant', 'P1', '--credential', 'CRSS', '--issued', '2025-10-01', '--number', 'IL-1', '--expires', '2027-09-30'],
    ['position', 'P1', '--position', 'RSS', '--start', '2025-01-01', '--field', 'mental_health'],

    ['log', 'P2', '--category', 'work', '--hours', '1500', '--date', '2024-06-01', '--end-date', '2025-05-31', '--supervised', '--volunteer'],
    ['log', 'P2', '--category', 'work', '--hours', '300', '--date', '2025-06-01', '--end-date', '2025-12-31', '--paid'],
    ['log', 'P2', '--category', 'supervision', '--hours', '30', '--date', '2025-01-10', '--end-date', '2025-01-31', '--domain', 'advocacy'],
    ['log', 'P2', '--category', 'supervision', '--hours', '24', '--date', '2025-02-10', '--end-date', '2025-02-28', '--domain', 'professional_responsibility'],
    ['log', 'P2', '--category', 'supervision', '--hours', '25', '--date', '2025-03-10', '--end-date', '2025-03-31', '--domain', 'mentoring'],
    ['log', 'P2', '--category', 'supervision', '--hours', '25', '--date', '2025-04-10', '--end-date', '2025-04-30', '--domain', 'recovery_support'],
    ['log', 'P2', '--category', 'supervision', '--hours', '10', '--date', '2025-05-10', '--domain', 'ethics'],
    ...DOMAINS4.map((d, i) => ['log', 'P2', '--category', 'training', '--hours', '10', '--date', `2025-0${i + 6}-01`, '--domain', d]),
    ['log', 'P2', '--category', 'training', '--hours', '60', '--date', '2025-10-01', '--end-date', '2025-10-05', '--domain', 'core_functions'],

    ['position', 'P3', '--position', 'RSS-TRAINEE', '--start', '2026-05-22', '--field', 'mental_health', '--supervised'],
    ['evaluation', 'P3', '--date', '2026-08-22', '--rating', 'satisfactory', '--evaluator', 'Sam'],

    ['position', 'P5', '--position', 'PSS', '--start', '2026-01-15', '--field', 'peer_support'],
    ['credential', 'grant', 'P5', '--credential', 'DRIVER_LICENSE', '--issued', '2020-05-01', '--expires', '2028-05-01'],
    ['screening', 'P5', '--type', 'tb', '--date', '2026-01-05', '--result', 'pass', '--expires', '2027-01-04'],
    ['screening', 'P5', '--type', 'background', '--date', '2026-01-05', '--result', 'pass'],
    ['screening', 'P5', '--type', 'drug', '--date', '2026-01-05', '--result', 'pass'],
  ];
  for (const args of steps) ok(s.run(args));
  return s;
}

const check = (s: Sandbox, args: string[], code = 0) => ok(s.run(['check', ...args]), code);
const results = (s: Sandbox, args: string[]) => check(s, [...args, '--json']).json.results as any[];
const find = (list: any[], id: string): any => {
  for (const q of list) {
    if (q.id === id) return q;
    const inner = q.requirements && find(q.requirements, id);
    if (inner) return inner;
  }
  return undefined;
};

describe('check', () => {
  let s: Sandbox;
  beforeAll(() => { s = workforce(); }, 300_000);

  it('records are stored as given (people show --json)', () => {
    const doc = ok(s.run(['people', 'show', 'P1', '--json'])).json;
    expect(doc.person).toEqual({ person_id: 'P1', first_name: 'Ana', last_name: 'Diaz', email: 'ana@example.org', birth_date: null, education: 'high_school',
      hire_date: '2024-03-01', site: 'North', supervisor_id: 'S1', lived_experience: true, status: 'active' });
    expect(doc.positions).toEqual([{ position: 'RSS', start_date: '2025-01-01', end_date: null, field: 'mental_health', supervised: null }]);
    expect(doc.credentials).toEqual([{ code: 'CRSS', number: 'IL-1', issued_on: '2025-10-01', expires_on: '2027-09-30', status: 'active', status_on: null, cycle_start: '2025-10-01' }]);
    expect(doc.exams).toEqual([{ exam: 'CRSS', date: '2025-09-10', result: 'pass', score: 88 }]);
    expect(doc.hours_summary).toEqual([
      { category: 'supervision', entries: 4, hours: 100, first: '2024-04-01', last: '2024-07-20' },
      { category: 'training', entries: 6, hours: 106, first: '2024-04-21', last: '2024-09-06' },
      { category: 'work', entries: 2, hours: 2000, first: '2024-03-01', last: '2025-12-31' },
    ]);
    const p5 = ok(s.run(['people', 'show', 'P5', '--json'])).json;
    expect(p5.screenings).toEqual([
      { type: 'background', date: '2026-01-05', result: 'pass', expires_on: null },
      { type: 'drug', date: '2026-01-05', result: 'pass', expires_on: null },
      { type: 'tb', date: '2026-01-05', result: 'pass', expires_on: '2027-01-04' },
    ]);
    expect(ok(s.run(['people', 'show', 'P3', '--json'])).json.evaluations).toEqual([{ date: '2026-08-22', rating: 'satisfactory', evaluator: 'Sam', note: null }]);
  });

  it('--json: the SPEC §5 shape, requirement by requirement', () => {
    const doc = check(s, ['P2', '--credential', 'CRSS', '--json', '--as-of', '2026-11-22']).json;
    expect(Object.keys(doc)).toEqual(['as_of', 'results']);
    expect(doc.as_of).toBe('2026-11-22');
    expect(doc.results).toHaveLength(1);
    const r = doc.results[0];
    expect(r).toMatchObject({ person: 'P2', name: 'Ben Okafor', rule: 'CRSS', kind: 'credential', version: null, eligible: false, projected_date: null, held: null });
    expect(r.requirements).toEqual([
      { id: 'education', type: 'education', met: true, have: 'ged', need: 'high_school', detail: 'ged' },
      { id: 'work-hours', type: 'hours', met: false, have: 1500, need: 2000, remaining: 500, detail: '1500 of 2000 supervised work hours' },
      { id: 'supervision-hours', type: 'hours', met: true, have: 104, need: 100, remaining: 0, detail: '104 of 100 supervision hours',
        domains: { advocacy: 30, professional_responsibility: 24, mentoring: 25, recovery_support: 25 } },
      { id: 'training-hours', type: 'hours', met: false, have: 94, need: 100, remaining: 6, detail: '94 of 100 training hours; short: ethics 0 of 6',
        parts: [
          { id: 'crss-domains', have: 40, minimum: 40, each_minimum: 10, met: true,
            domains: { advocacy: 10, professional_responsibility: 10, mentoring: 10, recovery_support: 10 } },
          { id: 'ethics', have: 0, minimum: 6, met: false },
          { id: 'core-functions', have: 60, counted: 54, maximum: 54, met: true },
        ] },
      { id: 'exam', type: 'exam', met: false, have: null, need: 'pass', detail: 'no passed CRSS exam' },
    ]);
  });

  it('a complete record is eligible, and the credential held is reported', () => {
    const [r] = results(s, ['P1', '--credential', 'CRSS', '--as-of', '2026-11-22']);
    expect(r).toMatchObject({ eligible: true, projected_date: null, held: { status: 'active', issued_on: '2025-10-01', expires_on: '2027-09-30' } });
    expect(r.requirements.map((q: any) => [q.id, q.met, q.have])).toEqual([
      ['education', true, 'high_school'], ['work-hours', true, 2000], ['supervision-hours', true, 100], ['training-hours', true, 100], ['exam', true, '2025-09-10'],
    ]);
    expect(find(r.requirements, 'training-hours').parts[2]).toEqual({ id: 'core-functions', have: 60, counted: 54, maximum: 54, met: true });
  });

  it('--as-of: only what was recorded by then counts, an entry from its last day', () => {
    const at = (asOf: string) => find(results(s, ['P1', '--credential', 'CRSS', '--as-of', asOf])[0].requirements, 'work-hours').have;
    expect([at('2024-12-30'), at('2024-12-31'), at('2025-12-30'), at('2025-12-31')]).toEqual([0, 1000, 1000, 2000]);
    expect(results(s, ['P1', '--credential', 'CRSS', '--as-of', '2025-09-09'])[0]).toMatchObject({ eligible: false, held: null });
  });

  it('--credential takes qualification codes: MHP-132 by the CRSS route, and when it is met', () => {
    const [mhp, mq] = results(s, ['P1', '--credential', 'MHP-132', 'RSS-MQ', '--as-of', '2026-11-22']);
    expect(mhp).toMatchObject({ rule: 'MHP-132', kind: 'qualification', eligible: true });
    expect(find(mhp.requirements, 'route').detail).toBe('met by crss-route');
    expect(mq).toMatchObject({ rule: 'RSS-MQ', eligible: true });
    // on 2025-12-31 CRSS is held but the 12 months of mental-health experience end that day
    const [early] = results(s, ['P1', '--credential', 'MHP-132', '--as-of', '2025-12-31']);
    expect(early).toMatchObject({ eligible: false, projected_date: '2026-01-01' });
    expect(find(early.requirements, 'mh-experience')).toMatchObject({ met: false, need: 12, remaining: 0.01 }); // 11 months 30 days
    expect(find(early.requirements, 'supervised-route')).toMatchObject({ met: false, have: 0 });
  });

  it('experience and age project to the day: the trainee and the 21st birthday', () => {
    const at = (asOf: string) => results(s, ['P3', '--credential', 'RSS-MQ', 'RSA-132', '--as-of', asOf]).map((r) => [r.rule, r.eligible, r.projected_date]);
    expect(at('2026-09-01')).toEqual([['RSS-MQ', false, '2026-11-22'], ['RSA-132', false, '2026-11-23']]);
    expect(at('2026-11-21')).toEqual([['RSS-MQ', false, '2026-11-22'], ['RSA-132', false, '2026-11-23']]);
    expect(at('2026-11-22')).toEqual([['RSS-MQ', true, null], ['RSA-132', false, '2026-11-23']]);
    expect(at('2026-11-23')).toEqual([['RSS-MQ', true, null], ['RSA-132', true, null]]);
  });

  it('a position deadline: pending until hire + 1 year, then unmet', () => {
    const [pending] = results(s, ['P5', '--credential', 'PSS', '--as-of', '2027-01-04']);
    expect(pending.eligible).toBe(true);
    expect(find(pending.requirements, 'certification')).toMatchObject({ met: false, pending: true, due: '2027-01-15', detail: 'CPS: not held; due by 2027-01-15' });
    expect(find(pending.requirements, 'tb')).toMatchObject({ met: true, detail: 'tb passed on 2026-01-05, valid through 2027-01-04' });
    const [late] = results(s, ['P5', '--credential', 'PSS', '--as-of', '2027-01-16']);
    expect(late.eligible).toBe(false);
    expect(late.requirements.filter((q: any) => !q.met).map((q: any) => [q.id, q.detail])).toEqual([
      ['certification', 'CPS: not held; was due by 2027-01-15'], ['tb', 'tb screening expired after 2027-01-04'],
    ]);
  });

  it('--all: every credential with requirements and every qualification for each active person, and the positions they hold', () => {
    const all = results(s, ['--all', '--as-of', '2026-11-22']);
    const byPerson = (p: string) => all.filter((r) => r.person === p).map((r) => r.rule);
    // DRIVER_LICENSE has no requirements: tracked for expiry, checked only when asked for.
    const base = ['CRSS', 'CPSRP', 'CPS', 'CMPSS', 'RSS-MQ', 'MHP-132', 'RSA-132'];
    expect([...new Set(all.map((r) => r.person))]).toEqual(['P1', 'P2', 'P3', 'P5']); // not the inactive P4
    expect(byPerson('P1')).toEqual([...base, 'RSS']);
    expect(byPerson('P2')).toEqual(base);
    expect(byPerson('P3')).toEqual([...base, 'RSS-TRAINEE']);
    expect(byPerson('P5')).toEqual([...base, 'PSS']);
    expect(all.find((r) => r.person === 'P1' && r.rule === 'RSS')).toMatchObject({ kind: 'position', eligible: true });
    expect(all.filter((r) => r.eligible).map((r) => `${r.person} ${r.rule}`)).toEqual([
      // CPS counts training and supervised work hours only: P1 and P2 have enough
      'P1 CRSS', 'P1 CPS', 'P1 RSS-MQ', 'P1 MHP-132', 'P1 RSS', 'P2 CPS',
      'P3 RSS-MQ', 'P3 RSS-TRAINEE', 'P5 PSS',
    ]);
    const license = results(s, ['P5', 'P2', '--credential', 'DRIVER_LICENSE', '--as-of', '2026-11-22']);
    expect(license.map((r) => [r.person, r.rule, r.eligible, r.held?.status ?? null])).toEqual([['P2', 'DRIVER_LICENSE', true, null], ['P5', 'DRIVER_LICENSE', true, 'active']]);
    // a code named twice is checked once
    expect(results(s, ['P1', '--credential', 'CRSS', 'CRSS', '--as-of', '2026-11-22']).map((r) => r.rule)).toEqual(['CRSS']);
    // an inactive person named explicitly is checked
    expect(results(s, ['P4', '--credential', 'CRSS', '--as-of', '2026-11-22']).map((r) => r.person)).toEqual(['P4']);
    expect(results(s, ['--all', '--credential', 'CRSS', '--as-of', '2026-11-22']).map((r) => r.person)).toEqual(['P1', 'P2', 'P3', 'P5']);
  });

  it('--format csv: one row per person and rule, with what is missing and what is pending', () => {
    const csv = check(s, ['P1', 'P2', 'P5', '--credential', 'CRSS', 'PSS', '--format', 'csv', '--as-of', '2026-11-22']).stdout;
    expect(csv).toBe([
      'person,name,rule,kind,eligible,held,projected_date,unmet,pending',
      'P1,Ana Diaz,CRSS,credential,yes,active,,,',
      'P1,Ana Diaz,PSS,position,no,,,certification; drivers-license; tb; background; drug,',
      'P2,Ben Okafor,CRSS,credential,no,,,work-hours (500 h short); training-hours (6 h short); exam,',
      'P2,Ben Okafor,PSS,position,no,,,lived-experience; certification; drivers-license; tb; background; drug,',
      'P5,Eve Ruiz,CRSS,credential,no,,,work-hours (2000 h short); supervision-hours (100 h short); training-hours (100 h short); exam,',
      'P5,Eve Ruiz,PSS,position,yes,,,,certification due 2027-01-15',
      '',
    ].join('\n'));
  });

  it('the table: one row per person and rule, every requirement line for a single result, what is missing for several', () => {
    const out = check(s, ['P2', '--credential', 'CRSS', '--as-of', '2026-11-22']).stdout;
    const lines = out.split('\n');
    expect(lines[0]).toBe('Eligibility as of 2026-11-22');
    expect(out).toMatch(/│ P2 +│ Ben Okafor +│ CRSS +│ no +│ work-hours \(500 h short\) +│ - +│/);
    expect(out).toMatch(/│ +│ +│ +│ +│ training-hours \(6 h short\) +│ +│/);
    expect(lines.slice(-6)).toEqual([
      '  ✓ education: ged',
      '  ✗ work-hours: 1500 of 2000 supervised work hours',
      '  ✓ supervision-hours: 104 of 100 supervision hours',
      '  ✗ training-hours: 94 of 100 training hours; short: ethics 0 of 6',
      '  ✗ exam: no passed CRSS exam',
      '',
    ]);
    const many = check(s, ['P1', 'P5', '--credential', 'CRSS', 'PSS', '--as-of', '2026-11-22']).stdout;
    expect(many).toMatch(/│ P1 +│ Ana Diaz +│ CRSS +│ yes \(holds, active\) +│ +│ +│/);
    expect(many).toMatch(/│ P5 +│ Eve Ruiz +│ PSS +│ yes +│ certification pending until 2027-01-15 +│ +│/);
    // Several results: under the table, what is missing (and pending) for each, with its detail.
    expect(many.slice(many.indexOf('\nWhat is missing:'))).toBe(['',
      'What is missing:',
      'P1 Ana Diaz, PSS:',
      '  ✗ certification: CPS: not held; was due by 2025-03-01',
      '  ✗ drivers-license: DRIVER_LICENSE: not held',
      '  ✗ tb: no tb screening on record',
      '  ✗ background: no background screening on record',
      '  ✗ drug: no drug screening on record',
      'P5 Eve Ruiz, CRSS:',
      '  ✗ work-hours: 0 of 2000 supervised work hours',
      '  ✗ supervision-hours: 0 of 100 supervision hours',
      '  ✗ training-hours: 0 of 100 training hours; short: crss-domains 0 of 40, advocacy 0 of 10, professional_responsibility 0 of 10, mentoring 0 of 10, recovery_support 0 of 10, ethics 0 of 6',
      '  ✗ exam: no passed CRSS exam',
      'P5 Eve Ruiz, PSS:',
      '  … certification: CPS: not held; due by 2027-01-15',
      '',
    ].join('\n'));
  });

  it('--exit-code: 1 when someone checked is not eligible, else 0; without it always 0', () => {
    check(s, ['P1', '--credential', 'CRSS', '--exit-code', '--as-of', '2026-11-22'], 0);
    check(s, ['P2', '--credential', 'CRSS', '--exit-code', '--as-of', '2026-11-22'], 1);
    check(s, ['P1', 'P2', '--credential', 'CRSS', '--exit-code', '--json', '--as-of', '2026-11-22'], 1);
    check(s, ['P2', '--credential', 'CRSS', '--as-of', '2026-11-22'], 0);
    check(s, ['P5', '--credential', 'PSS', '--exit-code', '--as-of', '2026-11-22'], 0); // pending is not a finding yet
    check(s, ['P5', '--credential', 'PSS', '--exit-code', '--format', 'csv', '--as-of', '2027-01-16'], 1);
  });

  it('refuses what it cannot check, writing nothing', () => {
    refused(s.run(['check']), 'name the people to check, or use --all');
    refused(s.run(['check', 'P9']), 'unknown person "P9"');
    refused(s.run(['check', 'P1', 'P8', 'P9']), 'unknown persons "P8", "P9"');
    const r = refused(s.run(['check', 'P1', '--credential', 'CRS']), '--credential: unknown rule "CRS"');
    expect(r.stderr).toContain('hint: known: CRSS, CPSRP');
    refused(s.run(['check', 'P1', '--as-of', '2025-02-30']), '--as-of: "2025-02-30" is not valid: expected a calendar date YYYY-MM-DD');
    refused(s.run(['check', 'P1', '--format', 'xml']), /--format/);
    expect(rows(s.db, "SELECT count(*) AS n FROM audit WHERE command = 'check'")).toEqual([{ n: 0 }]);
  });
});
