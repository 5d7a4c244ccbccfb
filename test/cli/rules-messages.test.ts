// End to end: what `credtrack rules validate` says about a bad pack. Mistakes of structure and
// of meaning together in one run, in file order; zod's words replaced by the pack's (the value
// given, what is allowed); yes/no/on/off under the boolean fields; exit 0 valid, 2 invalid.
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { BOOLEAN_KEYS } from '../../src/services/rules.js';
import { ROOT, sandbox, type Sandbox } from '../helpers/cli.js';
import { ok } from './assert.js';

const TYPES = 'education, age, hours, exam, credential, experience, attestation, screening, performance, approval, all_of, any_of';

/** Runs `rules validate` on `text` written as `name`; the problem lines (without the file name) and the exit code. */
function validate(s: Sandbox, name: string, text: string, code: number): string[] {
  s.file(name, text);
  const r = ok(s.run(['rules', 'validate', name]), code);
  if (code === 0) {
    expect(r.stdout).toBe(`${name}: valid\n`);
    return [];
  }
  const lines = r.stdout.trimEnd().split('\n');
  expect(r.stderr).toBe(`credtrack: ${lines.length} problem${lines.length > 1 ? 's' : ''} in ${name}\n`);
  for (const line of lines) expect(line.startsWith(`${name}: `), line).toBe(true);
  return lines.map((l) => l.slice(name.length + 2));
}

describe('rules validate: structure and meaning in one run', () => {
  let s: Sandbox;
  beforeAll(() => { s = sandbox('rules-messages'); });

  it('reports both kinds together, each with its path, in the order of the file', () => {
    expect(validate(s, 'mixed.yaml', `version: 1
name: mixed
credentials:
  - code: X
    name: X
    requirements:
      - {id: h, type: hours, category: wrk, minimum: 5}
      - {id: h, type: exam, exam: X}
      - {id: c, type: credential, credential: NOPE}
  - code: X
    name: X again
positions:
  - code: P
    name: P
    requirements:
      - {id: a, type: age, minimum_years: -1}
      - {id: e, type: exam, exam: X, deadline: {after_hire: {years: 1}}}
      - {id: ok, type: approval}
`, 2)).toEqual([
      'credentials[0].requirements[0].category: "wrk" is not one of work, supervision, training, ceu',
      // meaning problems of the requirements that are well-formed, next to the structure problem
      'credentials[0].requirements[2].credential: unknown credential "NOPE" (not in credentials)',
      'credentials[1].code: X is defined twice without effective_from (first at credentials[0])',
      'positions[0].requirements[0].minimum_years: expected a positive number, got -1',
      'positions[0].requirements[2].type: approval requirements belong in progressions',
    ]);
  });

  it('a rule with a structure mistake still has its other requirements checked for meaning', () => {
    expect(validate(s, 'rule-typo.yaml', `version: 1
name: rule-typo
credentials:
  - code: A
    nmae: A
    requirements:
      - {id: x, type: hours, category: work, minimum: 5}
      - {id: x, type: credential, credential: B}
      - {id: y, type: approval}
progressions:
  - {id: p, from: P1, to: P2, effective: eligible_date, requirements: [{id: d, type: performance, within: {weeks: 2}}, {id: d, type: approval}]}
`, 2)).toEqual([
      'credentials[0]: unknown key "nmae"',
      'credentials[0].name: is missing (expected text)',
      'credentials[0].requirements[1].id: duplicate requirement id "x" (also at credentials[0].requirements[0])',
      'credentials[0].requirements[1].credential: unknown credential "B" (not in credentials)',
      'credentials[0].requirements[2].type: approval requirements belong in progressions',
      'progressions[0].requirements[0].within: unknown key "weeks"',
      'progressions[0].requirements[0].within: a duration needs years, months or days',
    ]);
  });

  it('no meaning report where a structure mistake could make it wrong', () => {
    // A misspelt `credentials` key: every reference would look unknown, so none is reported.
    expect(validate(s, 'top-typo.yaml', `version: 1
name: top-typo
credential:
  - {code: A, name: A}
positions:
  - {code: P, name: P, requirements: [{id: a, type: credential, credential: A}]}
`, 2)).toEqual(['(top level): unknown key "credential"']);
    // A credential whose code cannot be read: the same.
    expect(validate(s, 'bad-code.yaml', `version: 1
name: bad-code
credentials:
  - {code: [A], name: A}
positions:
  - {code: P, name: P, requirements: [{id: a, type: credential, credential: A}]}
`, 2)).toEqual(['credentials[0].code: expected text, got a list']);
    // A broken credential whose code reads fine still defines it: the reference is not unknown.
    expect(validate(s, 'broken-credential.yaml', `version: 1
name: broken-credential
credentials:
  - {code: A, name: A, renewal: {cycle: {years: 2}}}
positions:
  - {code: P, name: P, requirements: [{id: a, type: credential, any_of: [A, Z]}]}
`, 2)).toEqual([
      'credentials[0].renewal.ceu_hours: is missing (expected a number)',
      'positions[0].requirements[0].any_of: unknown credential "Z" (not in credentials)',
    ]);
    // A broken payroll block is a structure problem only (not also "needs a payroll block").
    expect(validate(s, 'bad-payroll.yaml', `version: 1
name: bad-payroll
payroll: {period_days: 14}
progressions:
  - {id: p, from: P1, to: P2, requirements: [{id: a, type: approval}]}
`, 2)).toEqual(['payroll.anchor: is missing (expected text)']);
  });

  it('a pack with meaning mistakes only; a missing key is reported first in its object', () => {
    expect(validate(s, 'meaning.yaml', `version: 1
name: meaning
progressions:
  - {id: p, from: P1, to: P1, requirements: [{id: a, type: approval}]}
`, 2)).toEqual([
      'payroll: progressions effective on the next pay period need a payroll block (period_days, anchor)',
      'progressions[0].to: a progression must lead to another position',
    ]);
  });
});

describe('rules validate: messages in the words of the pack format', () => {
  let s: Sandbox;
  beforeAll(() => { s = sandbox('rules-words'); });

  it('an unknown requirement type and an unknown enumeration value: the value given and what is allowed', () => {
    expect(validate(s, 'words.yaml', `version: 1
name: words
credentials:
  - code: X
    name: X
    requirements:
      - {id: a, type: hour, category: work, minimum: 5}
      - {id: b, category: work, minimum: 5}
      - {id: c, type: education, minimum: phd}
      - {id: d, type: screening, screening: xray}
      - {id: e, type: any_of, requirements: [{id: f, type: telepathy}]}
      - {id: g, type: education}
progressions:
  - {id: p, from: P1, to: P2, effective: soon, requirements: [{id: a, type: approval}]}
`, 2)).toEqual([
      `credentials[0].requirements[0].type: "hour" is not a requirement type (one of: ${TYPES})`,
      `credentials[0].requirements[1].type: is missing (a requirement type, one of: ${TYPES})`,
      'credentials[0].requirements[2].minimum: "phd" is not one of none, high_school, ged, associate, bachelor, master, doctorate',
      'credentials[0].requirements[3].screening: "xray" is not one of tb, background, drug',
      `credentials[0].requirements[4].requirements[0].type: "telepathy" is not a requirement type (one of: ${TYPES})`,
      'credentials[0].requirements[5].minimum: is missing (one of none, high_school, ged, associate, bachelor, master, doctorate)',
      'progressions[0].effective: "soon" is not one of next_pay_period, eligible_date',
    ]);
  });

  it('wrong types, literals, dates and ids: expected what, got what', () => {
    expect(validate(s, 'types.yaml', `version: 2
name: ""
credentials:
  - code: 1234
    name: X
    effective_from: "2025-02-30"
    requirements:
      - {id: Work Hours, type: hours, category: work, minimum: five}
      - just text
      - {id: b, type: age, minimum_years: 1.5}
`, 2)).toEqual([
      'version: expected 1, got 2',
      'name: expected non-empty text, got ""',
      'credentials[0].code: expected text, got 1234 (write it in quotes: "1234")',
      'credentials[0].effective_from: expected a calendar date YYYY-MM-DD, got "2025-02-30"',
      'credentials[0].requirements[0].id: expected a lower-case id such as work-hours, got "Work Hours"',
      'credentials[0].requirements[0].minimum: expected a number, got "five"',
      'credentials[0].requirements[1]: expected a mapping (key: value), got "just text"',
      'credentials[0].requirements[2].minimum_years: expected a whole number, got 1.5',
    ]);
    // JSON too
    expect(validate(s, 'types.json', JSON.stringify({ version: 1, name: 'j', credentials: [{ code: 'X', name: 'X', requirements: [{ id: 'a', type: 'hours', category: 'wrk', minimum: 5 }] }] }), 2))
      .toEqual(['credentials[0].requirements[0].category: "wrk" is not one of work, supervision, training, ceu']);
  });
});

describe('rules validate: files that cannot be read, and keys given twice', () => {
  let s: Sandbox;
  beforeAll(() => { s = sandbox('rules-read'); });

  const DUP_JSON = '{"version": 1, "name": "dup", "credentials": [{"code": "X1", "name": "X one", "requirements": [{"id": "work", "type": "hours", "category": "work", "minimum": 100, "minimum": 1000}]}]}\n';
  const DUP_YAML = `version: 1
name: dup
credentials:
  - code: X1
    name: X one
    requirements:
      - {id: work, type: hours, category: work, minimum: 100, minimum: 1000}
`;

  it('a key given twice in JSON is refused as in YAML: its line and column, the key, where the first one is', () => {
    // JSON.parse would keep the last figure silently (1000 hours instead of 100).
    expect(validate(s, 'dupkey.json', DUP_JSON, 2)).toEqual([
      'line 1, column 164: cannot read: key "minimum" given twice in credentials[0].requirements[0] (first at column 148): keep one',
    ]);
    expect(validate(s, 'dupkey.yaml', DUP_YAML, 2)).toEqual([
      'line 7, column 63: cannot read: key "minimum" given twice in credentials[0].requirements[0] (first at column 49): keep one',
    ]);
  });

  it('every key given twice, on other lines and at the top level; an escaped spelling is the same key', () => {
    expect(validate(s, 'dups.json', `{
  "version": 1,
  "name": "dups",
  "credentials": [
    {"code": "X1", "name": "X one", "\\u006eame": "X again"}
  ],
  "version": 1
}
`, 2)).toEqual([
      'line 5, column 37: cannot read: key "name" given twice in credentials[0] (first at column 20): keep one',
      'line 7, column 3: cannot read: key "version" given twice at the top level (first at line 2, column 3): keep one',
    ]);
    expect(validate(s, 'dups.yaml', 'version: 1\nname: a\nqualifications:\n  - {code: Q, name: Q}\n  - code: R\n    name: R\n    code: S\nname: b\n', 2)).toEqual([
      'line 7, column 5: cannot read: key "code" given twice in qualifications[1] (first at line 5, column 5): keep one',
      'line 8, column 1: cannot read: key "name" given twice at the top level (first at line 2, column 1): keep one',
    ]);
  });

  it('init --rules and rules load refuse a JSON pack with a key given twice, and change nothing', () => {
    const t = sandbox('rules-read-load');
    t.file('dupkey.json', DUP_JSON);
    const init = ok(t.run(['init', '--rules', 'dupkey.json']), 2);
    expect(init.stderr).toContain('dupkey.json: line 1, column 164: cannot read: key "minimum" given twice');
    expect(fs.existsSync(t.db)).toBe(false);
    ok(t.run(['init']));
    const load = ok(t.run(['rules', 'load', 'dupkey.json']), 2);
    expect(load.stderr).toContain('dupkey.json: line 1, column 164: cannot read: key "minimum" given twice');
    expect(ok(t.run(['rules', 'list', '--json'])).json.pack).toBe('default');
  });

  it('ordinary JSON packs read as before: the default pack as JSON loads and shows the same rules', () => {
    const t = sandbox('rules-read-json');
    const yaml = fs.readFileSync(path.join(ROOT, 'rules', 'default.yaml'), 'utf8');
    t.file('default.json', JSON.stringify(parseYaml(yaml), null, 2));
    ok(t.run(['init', '--rules', 'default.json']));
    const fromJson = ok(t.run(['rules', 'export', '--format', 'json'])).stdout;
    const u = sandbox('rules-read-yaml');
    ok(u.run(['init']));
    expect(fromJson).toBe(ok(u.run(['rules', 'export', '--format', 'json'])).stdout);
  });

  it('a JSON syntax error gives its line and column, a YAML one no dangling colon', () => {
    expect(validate(s, 'syn.json', '{"version": 1, "name": "x",\n "credentials": [\n  {"code": "X1" "name": "y"}]}\n', 2))
      .toEqual(["line 3, column 17: cannot read: expected ',' or '}' after property value"]);
    expect(validate(s, 'end.json', '{"version": 1,\n', 2)).toEqual(['line 2, column 1: cannot read: expected double-quoted property name']);
    expect(validate(s, 'token.json', '{"version": 1,\n "name": x}', 2)).toEqual(["line 2, column 10: cannot read: unexpected token 'x'"]);
    expect(validate(s, 'syn.yaml', 'version: 1\nname: x\ncredentials:\n  - code: X1\n   name: y\n', 2))
      .toEqual(['line 5, column 1: cannot read: sequence item without - indicator']);
  });
});

describe('rules validate: figures that contradict each other', () => {
  let s: Sandbox;
  beforeAll(() => { s = sandbox('rules-figures'); });
  const hours = (req: string) => `version: 1
name: figures
credentials:
  - code: C1
    name: C one
    requirements:
      - ${req}
`;

  it("a part's maximum below its minimum: both values", () => {
    expect(validate(s, 'max.yaml', hours('{id: tr, type: hours, category: training, minimum: 10, parts: [{id: p, domains: [ethics], minimum: 20, maximum: 5}]}'), 2))
      .toEqual(['credentials[0].requirements[0].parts[0].maximum: maximum 5 is below the minimum 20']);
  });

  it('an hours minimum that can never be reached: every domain counted is capped, the caps add up to less', () => {
    expect(validate(s, 'never.yaml', hours('{id: tr, type: hours, category: training, minimum: 60, domains: [core_functions], parts: [{id: cf, domains: [core_functions], maximum: 30}]}'), 2))
      .toEqual(['credentials[0].requirements[0].minimum: 60 can never be reached: every domain it counts is in a capped part (cf), and they add at most 30']);
    expect(validate(s, 'never2.yaml', hours('{id: tr, type: hours, category: training, minimum: 60, domains: [ethics, advocacy, mentoring], parts: [{id: a, domains: [ethics], maximum: 20}, {id: b, domains: [advocacy, mentoring], minimum: 10, maximum: 30}]}'), 2))
      .toEqual(['credentials[0].requirements[0].minimum: 60 can never be reached: every domain it counts is in a capped part (a, b), and they add at most 50']);
  });

  it('reachable: the caps add up to the minimum, a domain is uncapped, or no domains are named (an entry of any domain counts)', () => {
    validate(s, 'even.yaml', hours('{id: tr, type: hours, category: training, minimum: 60, domains: [ethics, advocacy], parts: [{id: a, domains: [ethics], maximum: 30}, {id: b, domains: [advocacy], maximum: 30}]}'), 0);
    validate(s, 'open.yaml', hours('{id: tr, type: hours, category: training, minimum: 60, domains: [ethics, advocacy], parts: [{id: a, domains: [ethics], maximum: 30}]}'), 0);
    validate(s, 'any.yaml', hours('{id: tr, type: hours, category: training, minimum: 60, parts: [{id: cf, domains: [core_functions], maximum: 30}]}'), 0);
  });
});

describe('rules validate: yes/no/on/off in YAML', () => {
  const PACK = `version: 1
name: yes-no
credentials:
  - code: NO           # Norway's code: stays text
    name: Norwegian credential
    verify_locally: yes
    requirements:
      - {id: no, type: hours, category: work, supervised: yes, paid: No, minimum: 5}
      - {id: on, type: hours, category: training, supervised: off, paid: ON, minimum: 5}
      - {id: off, type: exam, exam: NO}
positions:
  - code: ON
    name: On call
    requirements:
      - {id: yes, type: credential, credential: NO}
`;

  it('unquoted yes/no/on/off are true/false under supervised, paid and verify_locally, and text everywhere else', () => {
    const s = sandbox('rules-yes');
    validate(s, 'yes.yaml', PACK, 0);
    ok(s.run(['init', '--rules', 'yes.yaml']));
    const cred = ok(s.run(['rules', 'show', 'NO', '--json'])).json;
    expect(cred.code).toBe('NO');
    expect(cred.verify_locally).toBe(true);
    expect(cred.requirements.map((r: any) => [r.id, r.supervised, r.paid, r.exam])).toEqual([
      ['no', true, false, undefined], ['on', false, true, undefined], ['off', undefined, undefined, 'NO'],
    ]);
    const pos = ok(s.run(['rules', 'show', 'ON', '--json'])).json;
    expect(pos.requirements).toEqual([{ id: 'yes', type: 'credential', credential: 'NO' }]);
  });

  it('a quoted "yes", a y, or "yes" in JSON is text: expected true or false', () => {
    const s = sandbox('rules-yes-quoted');
    expect(validate(s, 'quoted.yaml', `version: 1
name: quoted
credentials:
  - code: X
    name: X
    requirements:
      - {id: a, type: hours, category: work, supervised: "yes", minimum: 5}
      - {id: b, type: hours, category: work, paid: y, minimum: 5}
`, 2)).toEqual([
      'credentials[0].requirements[0].supervised: expected true or false, got "yes"',
      'credentials[0].requirements[1].paid: expected true or false, got "y"',
    ]);
    expect(validate(s, 'quoted.json', JSON.stringify({ version: 1, name: 'j', credentials: [{ code: 'X', name: 'X', verify_locally: 'yes' }] }), 2))
      .toEqual(['credentials[0].verify_locally: expected true or false, got "yes"']);
  });

  it('the boolean keys are every boolean field of the pack format (schemas/rules.schema.json)', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'rules.schema.json'), 'utf8'));
    const found = new Set<string>();
    const plain = new Set<string>();
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(visit);
      else if (node && typeof node === 'object') {
        const props = (node as { properties?: Record<string, { type?: string; $ref?: string }> }).properties;
        for (const [k, v] of Object.entries(props ?? {})) {
          if (v.$ref === '#/$defs/YesNo' || v.type === 'boolean') found.add(k);
          if (v.type === 'boolean') plain.add(k);
        }
        Object.values(node).forEach(visit);
      }
    };
    visit(schema);
    expect([...found].sort()).toEqual([...BOOLEAN_KEYS].sort());
    // Every one of them allows the words as an editor reading YAML 1.2 sees them: text.
    expect([...plain]).toEqual([]);
    expect(schema.$defs.YesNo.anyOf).toEqual([
      { type: 'boolean' },
      { type: 'string', enum: ['yes', 'Yes', 'YES', 'on', 'On', 'ON', 'no', 'No', 'NO', 'off', 'Off', 'OFF'] },
    ]);
  });
});

describe('rules validate: exit codes', () => {
  it('0 for the default pack, 2 for an invalid one', () => {
    const s = sandbox('rules-exit');
    const file = path.join(ROOT, 'rules', 'default.yaml');
    expect(ok(s.run(['rules', 'validate', file])).stdout).toBe(`${file}: valid\n`);
    validate(s, 'bad.yaml', 'version: 1\nname: bad\ncredentials: [{code: X, name: X, requirements: [{id: a, type: hour}]}]\n', 2);
  });
});
