// `check` as text says what is missing inside an any_of/all_of group (QA3 M3): the members under
// the group, in the table's "missing" cell and in the requirement lines; several results get a
// "What is missing" section; `--all` keeps the table alone. And `--all` with people named.
import { beforeAll, describe, expect, it } from 'vitest';
import { initialised, type Sandbox } from '../helpers/cli.js';
import { ok } from './assert.js';

/**
 * P1 Carla: an RSS in mental health since 2022-05-16, supervised, no CRSS: MHP-132's route is
 *   unmet (crss-route lacks the CRSS; supervised-route has 54.3 of 60 months).
 * P2 Dan: nothing recorded. P3 Eve: inactive.
 */
function workforce(): Sandbox {
  const s = initialised('check-groups');
  for (const args of [
    ['people', 'add', 'P1', '--first-name', 'Carla'],
    ['position', 'P1', '--position', 'RSS', '--start', '2022-05-16', '--field', 'mental_health', '--supervised'],
    ['people', 'add', 'P2', '--first-name', 'Dan'],
    ['people', 'add', 'P3', '--first-name', 'Eve', '--status', 'inactive'],
  ]) ok(s.run(args));
  return s;
}

const AS_OF = ['--as-of', '2026-11-25'];

describe('check: what is missing inside a group', () => {
  let s: Sandbox;
  beforeAll(() => { s = workforce(); }, 120_000);

  it('one result: the group\'s members indented under it, each with its mark and detail', () => {
    const out = ok(s.run(['check', 'P1', '--credential', 'MHP-132', ...AS_OF])).stdout;
    expect(out).toMatch(/│ P1 +│ Carla +│ MHP-132 +│ no +│ route, one of: +│ 2027-05-16 +│/);
    expect(out).toMatch(/│ +│ +│ +│ +│   crss-route: crss +│ +│/);
    expect(out).toMatch(/│ +│ +│ +│ +│   supervised-route \(5\.7 months short\) +│ +│/);
    expect(out.split('\n').slice(-6)).toEqual([
      '  ✗ route: none of 2 options met',
      '    ✗ crss-route: 1 of 2 met',
      '      ✗ crss: CRSS: not held',
      '      ✓ mh-experience: 54.3 of 12 months experience in mental_health',
      '    ✗ supervised-route: 54.3 of 60 months supervised experience in mental_health/human_services',
      '',
    ]);
  });

  it('several results: each one\'s unmet requirements with their detail, groups expanded', () => {
    const out = ok(s.run(['check', 'P1', 'P2', '--credential', 'MHP-132', 'RSA-132', ...AS_OF])).stdout;
    expect(out.slice(out.indexOf('\nWhat is missing:'))).toBe(['',
      'What is missing:',
      'P1 Carla, MHP-132:',
      '  ✗ route: none of 2 options met',
      '    ✗ crss-route: 1 of 2 met',
      '      ✗ crss: CRSS: not held',
      '      ✓ mh-experience: 54.3 of 12 months experience in mental_health',
      '    ✗ supervised-route: 54.3 of 60 months supervised experience in mental_health/human_services',
      'P1 Carla, RSA-132:',
      '  ✗ age: birth date not recorded',
      'P2 Dan, MHP-132:',
      '  ✗ route: none of 2 options met',
      '    ✗ crss-route: 0 of 2 met',
      '      ✗ crss: CRSS: not held',
      '      ✗ mh-experience: 0 of 12 months experience in mental_health',
      '    ✗ supervised-route: 0 of 60 months supervised experience in mental_health/human_services',
      'P2 Dan, RSA-132:',
      '  ✗ age: birth date not recorded',
      '',
    ].join('\n'));
    // One person, every rule: the same section (an eligible rule has nothing in it).
    const one = ok(s.run(['check', 'P1', ...AS_OF])).stdout;
    expect(one).toContain('\nWhat is missing:\nP1 Carla, CRSS:\n');
    expect(one).toContain('P1 Carla, MHP-132:\n  ✗ route: none of 2 options met\n');
  });

  it('--all: the table alone, a group\'s unmet members in the missing cell; JSON unchanged', () => {
    const out = ok(s.run(['check', '--all', '--credential', 'MHP-132', ...AS_OF])).stdout;
    expect(out).not.toContain('What is missing');
    expect(out).not.toContain('✗');
    expect(out).toMatch(/│ P2 +│ Dan +│ MHP-132 +│ no +│ route, one of: +│ - +│\n│ +│ +│ +│ +│   crss-route: crss, mh-experience \(12 months short\) +│ +│/);
    const json = ok(s.run(['check', 'P1', '--credential', 'MHP-132', '--json', ...AS_OF])).json;
    expect(json.results[0].requirements[0].requirements.map((q: { id: string; met: boolean }) => [q.id, q.met]))
      .toEqual([['crss-route', false], ['supervised-route', false]]);
  });

  it('--all with people named: everyone active, and the named ones even when inactive', () => {
    const people = (args: string[]) => ok(s.run(['check', ...args, '--credential', 'RSA-132', '--format', 'csv', ...AS_OF])).stdout
      .trim().split('\n').slice(1).map((l) => l.split(',')[0]);
    expect(people(['--all'])).toEqual(['P1', 'P2']);
    expect(people(['P1', '--all'])).toEqual(['P1', 'P2']);
    expect(people(['P3', '--all'])).toEqual(['P1', 'P2', 'P3']);
  });
});
