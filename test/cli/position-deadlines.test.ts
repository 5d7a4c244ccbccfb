// End to end: a position's deadline on a group of credentials ("C1 or C2 within six months of
// hire") is counted down by reminders under the credentials' codes, and a deadline placed
// inside the group (where neither check's result nor reminders could honour it) is refused.
import { describe, expect, it } from 'vitest';
import { sandbox } from '../helpers/cli.js';
import { ok } from './assert.js';

const pack = (deadlineOn: 'group' | 'options') => `version: 1
name: group-deadline
credentials:
  - {code: C1, name: C one, requirements: []}
  - {code: C2, name: C two, requirements: []}
positions:
  - code: POS
    name: Peer specialist
    requirements:
      - id: certs
        type: any_of
${deadlineOn === 'group' ? '        deadline: {after_hire: {months: 6}}\n' : ''}        requirements:
          - {id: c1, type: credential, credential: C1${deadlineOn === 'options' ? ', deadline: {after_hire: {months: 6}}' : ''}}
          - {id: c2, type: credential, credential: C2}
`;

describe('position deadlines on groups', () => {
  it('a deadline inside a group is refused by validate, load and init, naming where it goes', () => {
    const s = sandbox('deadline-nested');
    s.file('nested.yaml', pack('options'));
    const message = 'nested.yaml: positions[0].requirements[0].requirements[0].deadline: a deadline belongs on a top-level requirement of the position: put it on the group that holds this one';
    const r = ok(s.run(['rules', 'validate', 'nested.yaml']), 2);
    expect(r.stdout).toBe(`${message}\n`);
    expect(ok(s.run(['init', '--rules', 'nested.yaml']), 2).stderr).toContain(message);
  });

  it('reminders name the group deadline by its credentials (C1/C2), counting down then overdue, gone once one is held', () => {
    const s = sandbox('deadline-group');
    s.file('group.yaml', pack('group'));
    ok(s.run(['init', '--rules', 'group.yaml']));
    ok(s.run(['people', 'add', 'Q1', '--first-name', 'Q', '--last-name', 'One', '--hire-date', '2026-06-01']));
    ok(s.run(['position', 'Q1', '--position', 'POS', '--start', '2026-06-01']));
    const items = (asOf: string) => ok(s.run(['reminders', '--json', '--as-of', asOf])).json.reminders;
    expect(items('2026-11-22')).toMatchObject([{ key: 'Q1|certification_deadline|C1/C2|2026-12-01', kind: 'certification_deadline', subject: 'C1/C2',
      due: '2026-12-01', days_left: 9, severity: 'warning', position: 'POS', requirement: 'certs',
      message: 'POS requires C1/C2 by 2026-12-01 (6 months after hire): none of 2 options met' }]);
    expect(items('2026-12-02')).toMatchObject([{ subject: 'C1/C2', due: '2026-12-01', severity: 'overdue' }]);
    ok(s.run(['credential', 'grant', 'Q1', '--credential', 'C2', '--issued', '2026-11-01']));
    expect(ok(s.run(['reminders', '--json', '--as-of', '2026-12-02'])).stdout).toBe(''); // nothing due: nothing printed (SPEC)
  });
});
