// End to end through bin/credtrack: hours requirements at their edges — shortfalls under
// 0.01 h, parts short on their total and a domain at once, pace in a capped part, and hours
// leaving a `within` window before the projected date.
import { describe, expect, it } from 'vitest';
import { sandbox, type Sandbox } from '../helpers/cli.js';
import { ok } from './assert.js';

/** A sandbox initialised with the pack `yaml`. */
function withPack(name: string, yaml: string): Sandbox {
  const s = sandbox(name);
  ok(s.run(['init', '--rules', s.file('pack.yaml', yaml)]));
  return s;
}

const requirement = (s: Sandbox, person: string, code: string, asOf: string) => {
  const doc = ok(s.run(['check', person, '--credential', code, '--as-of', asOf, '--json'])).json;
  return doc.results[0];
};

describe('a shortfall under 0.01 h', () => {
  const pack = `version: 1
name: round
qualifications:
  - code: WORK
    name: Work hours
    requirements:
      - {id: work-hours, type: hours, category: work, supervised: true, minimum: 1500}
  - code: ETH
    name: Ethics training
    requirements:
      - id: training-hours
        type: hours
        category: training
        minimum: 10
        parts:
          - {id: ethics, domains: [ethics], minimum: 6}
`;

  it('1499.996 of 1500 hours is not met, and says so in every format', () => {
    const s = withPack('round', pack);
    ok(s.run(['people', 'add', 'P03', '--first-name', 'Round', '--last-name', 'Total']));
    ok(s.run(['log', 'P03', '--category', 'work', '--hours', '1499.996', '--date', '2025-01-01', '--end-date', '2025-12-31', '--supervised', '--paid']));
    ok(s.run(['people', 'add', 'P22', '--first-name', 'Round', '--last-name', 'Part']));
    ok(s.run(['log', 'P22', '--category', 'training', '--hours', '5.996', '--date', '2026-10-01', '--domain', 'ethics']));
    ok(s.run(['log', 'P22', '--category', 'training', '--hours', '5', '--date', '2026-10-02', '--domain', 'advocacy']));

    const work = requirement(s, 'P03', 'WORK', '2026-11-22');
    expect(work.eligible).toBe(false);
    expect(work.requirements[0]).toMatchObject({ met: false, have: 1499.996, need: 1500, remaining: 0.004, detail: '1499.996 of 1500 supervised work hours' });

    const eth = requirement(s, 'P22', 'ETH', '2026-11-22');
    expect(eth.eligible).toBe(false);
    expect(eth.requirements[0]).toMatchObject({ met: false, have: 11, remaining: 0.004, detail: '11 of 10 training hours; short: ethics 5.996 of 6',
      parts: [{ id: 'ethics', have: 5.996, minimum: 6, met: false }] });

    const text = ok(s.run(['check', 'P22', '--credential', 'ETH', '--as-of', '2026-11-22'])).stdout;
    expect(text).toContain('training-hours (0.004 h short)');
    expect(text).toContain('✗ training-hours: 11 of 10 training hours; short: ethics 5.996 of 6');
    ok(s.run(['check', 'P03', '--credential', 'WORK', '--as-of', '2026-11-22', '--exit-code']), 1);
  });
});

describe('a part short on its total and a domain', () => {
  it('names both: following the detail makes the person eligible', () => {
    const s = withPack('parts', `version: 1
name: parts
qualifications:
  - code: TRAIN
    name: Training
    requirements:
      - id: training-hours
        type: hours
        category: training
        minimum: 60
        domains: [advocacy, mentoring, ethics, core_functions]
        parts:
          - {id: core, domains: [advocacy, mentoring], minimum: 20, each_minimum: 8}
          - {id: ethics, domains: [ethics], minimum: 6}
          - {id: cf, domains: [core_functions], maximum: 30}
`);
    ok(s.run(['people', 'add', 'P05', '--first-name', 'Parts', '--last-name', 'Domains']));
    for (const [h, date, domain] of [['12', '2025-03-01', 'advocacy'], ['7', '2025-03-02', 'mentoring'], ['6', '2025-03-03', 'ethics']]) {
      ok(s.run(['log', 'P05', '--category', 'training', '--hours', h!, '--date', date!, '--domain', domain!]));
    }
    ok(s.run(['log', 'P05', '--category', 'training', '--hours', '40', '--date', '2025-03-04', '--end-date', '2025-03-05', '--domain', 'core_functions']));
    const text = ok(s.run(['check', 'P05', '--as-of', '2026-11-22'])).stdout;
    expect(text).toContain('✗ training-hours: 55 of 60 training hours; short: core 19 of 20, mentoring 7 of 8');
    // 5 more hours, at least 1 of them mentoring, as the detail says
    ok(s.run(['log', 'P05', '--category', 'training', '--hours', '1', '--date', '2025-03-08', '--domain', 'mentoring']));
    ok(s.run(['log', 'P05', '--category', 'training', '--hours', '4', '--date', '2025-03-09', '--domain', 'advocacy']));
    expect(requirement(s, 'P05', 'TRAIN', '2026-11-22')).toMatchObject({ eligible: true, requirements: [{ met: true, detail: '60 of 60 training hours' }] });
  });
});

describe('pace in a capped part', () => {
  it('projects no date when only capped hours keep coming and the cap leaves too little room', () => {
    const s = withPack('cap', `version: 1
name: cap
qualifications:
  - code: TRAIN
    name: Training
    requirements:
      - id: training-hours
        type: hours
        category: training
        minimum: 60
        parts:
          - {id: cf, domains: [core_functions], maximum: 30}
`);
    ok(s.run(['people', 'add', 'P15', '--first-name', 'Capped', '--last-name', 'Pace']));
    ok(s.run(['log', 'P15', '--category', 'training', '--hours', '26', '--date', '2025-05-01', '--end-date', '2025-05-02', '--domain', 'advocacy']));
    ok(s.run(['log', 'P15', '--category', 'training', '--hours', '25', '--date', '2026-09-01', '--end-date', '2026-09-05', '--domain', 'core_functions']));
    expect(requirement(s, 'P15', 'TRAIN', '2026-11-22')).toMatchObject({ eligible: false, projected_date: null,
      requirements: [{ have: 51, remaining: 9, parts: [{ id: 'cf', have: 25, counted: 25, maximum: 30 }] }] });
    // P16: 17 old and 9 recent advocacy hours (0.1 a day) supply what the cap cannot: core fills on day 18, the rest by day 40
    ok(s.run(['people', 'add', 'P16', '--first-name', 'Mixed', '--last-name', 'Pace']));
    ok(s.run(['log', 'P16', '--category', 'training', '--hours', '17', '--date', '2025-05-01', '--end-date', '2025-05-02', '--domain', 'advocacy']));
    ok(s.run(['log', 'P16', '--category', 'training', '--hours', '25', '--date', '2026-09-01', '--end-date', '2026-09-05', '--domain', 'core_functions']));
    ok(s.run(['log', 'P16', '--category', 'training', '--hours', '9', '--date', '2026-09-10', '--domain', 'advocacy']));
    expect(requirement(s, 'P16', 'TRAIN', '2026-11-22')).toMatchObject({ eligible: false, projected_date: '2027-01-01', requirements: [{ have: 51, remaining: 9 }] });
    // the whole population gives the same answers
    const all = ok(s.run(['check', '--all', '--as-of', '2026-11-22', '--json'])).json;
    expect(all.results.map((r: any) => [r.person, r.projected_date])).toEqual([['P15', null], ['P16', '2027-01-01']]);
  });
});

describe('hours leaving a `within` window', () => {
  const pack = `version: 1
name: win
credentials:
  - code: SUP
    name: Supervised provisional
    requirements:
      - {id: supervision-hours, type: hours, category: supervision, minimum: 25, within: {years: 2}}
    provisional:
      valid_for: {years: 1}
      requirements: [supervision-hours]
qualifications:
  - code: SUP-CURRENT
    name: Current supervision
    requirements:
      - {id: supervision-hours, type: hours, category: supervision, minimum: 25, within: {years: 2}}
`;

  it('projects the day the hours in the window reach the minimum, each entry leaving on its own day', () => {
    const s = withPack('window', pack);
    ok(s.run(['people', 'add', 'P21', '--first-name', 'Window', '--last-name', 'Drop']));
    ok(s.run(['log', 'P21', '--category', 'supervision', '--hours', '18', '--date', '2024-12-01']));
    ok(s.run(['log', 'P21', '--category', 'supervision', '--hours', '4.5', '--date', '2026-11-01']));
    // 18 h leave on 2026-12-01: 4.5 + 0.05 a day reach 25 on 2028-01-06 (not 2.5 / 0.05 → 2027-01-11)
    expect(requirement(s, 'P21', 'SUP-CURRENT', '2026-11-22')).toMatchObject({ projected_date: '2028-01-06', requirements: [{ have: 22.5, remaining: 2.5 }] });

    // P22: 2 h from 2026-02-01 stay in the window until 2028-02-01, so 6.5 + 0.05 × 370 is 25 on 2027-11-27 —
    // also for the whole population, whose hours are summed in SQL (entries 2024-12-01 and 2026-02-01 must stay apart)
    ok(s.run(['people', 'add', 'P22', '--first-name', 'Window', '--last-name', 'Stay']));
    ok(s.run(['log', 'P22', '--category', 'supervision', '--hours', '18', '--date', '2024-12-01']));
    ok(s.run(['log', 'P22', '--category', 'supervision', '--hours', '2', '--date', '2026-02-01']));
    ok(s.run(['log', 'P22', '--category', 'supervision', '--hours', '4.5', '--date', '2026-11-01']));
    expect(requirement(s, 'P22', 'SUP-CURRENT', '2026-11-22').projected_date).toBe('2027-11-27');
    const all = ok(s.run(['check', '--all', '--credential', 'SUP-CURRENT', '--as-of', '2026-11-22', '--json'])).json;
    expect(all.results.map((r: any) => [r.person, r.projected_date])).toEqual([['P21', '2028-01-06'], ['P22', '2027-11-27']]);
  });

  it('a provisional certificate is at risk when the hours leaving the window push the date past its expiry', () => {
    const s = withPack('window-provisional', pack);
    ok(s.run(['people', 'add', 'P23', '--first-name', 'Window', '--last-name', 'Risk', '--email', 'p23@example.org']));
    ok(s.run(['credential', 'grant', 'P23', '--credential', 'SUP', '--issued', '2026-06-01', '--provisional']));
    ok(s.run(['log', 'P23', '--category', 'supervision', '--hours', '18', '--date', '2024-12-01']));
    ok(s.run(['log', 'P23', '--category', 'supervision', '--hours', '4.5', '--date', '2026-11-01']));
    // valid through 2027-05-31; met on 2028-01-06, not 2027-01-11
    const sup = requirement(s, 'P23', 'SUP', '2026-11-22');
    expect(sup.provisional).toEqual({ expires_on: '2027-05-31', requirements: ['supervision-hours'], met: false, projected_date: '2028-01-06', at_risk: true });
    const items = ok(s.run(['reminders', '--as-of', '2026-11-22', '--within', '200', '--json'])).json.reminders;
    expect(items.filter((r: any) => r.kind === 'provisional_expiring')).toMatchObject([{ person: 'P23', due: '2027-05-31', at_risk: true, projected_date: '2028-01-06' }]);
  });
});
