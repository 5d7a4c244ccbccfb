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
