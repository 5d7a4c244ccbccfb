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
