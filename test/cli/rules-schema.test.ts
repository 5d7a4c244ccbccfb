// End to end: an editor checking a pack with schemas/rules.schema.json gives the verdict
// `credtrack rules validate` gives, on the shipped packs and on packs valid and invalid in
// structure (the meaning checks — duplicate ids, unknown credentials... — are beyond a JSON
// Schema, so these packs have none). The editor reads YAML 1.2, as the `yaml` package does by
// default; the JSON Schema is checked by test/helpers/json-schema.ts.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, sandbox, type Sandbox } from '../helpers/cli.js';
import { jsonSchemaErrors } from '../helpers/json-schema.js';

const SCHEMA = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'rules.schema.json'), 'utf8'));

/** A pack with one credential whose requirements (and other fields) are given as YAML flow text. */
const pack = (requirements: string[], more = '') => `version: 1
name: agree
credentials:
  - code: X1
    name: X one
${more}    requirements:${requirements.length ? '' : ' []'}
${requirements.map((r) => `      - ${r}\n`).join('')}`;

const POSITION = (requirement: string) => `version: 1
name: agree
credentials:
  - {code: C1, name: C one}
  - {code: C2, name: C two}
positions:
  - code: P
    name: P
    requirements:
      - ${requirement}
`;

const VALID: Record<string, string> = {
  'minimal.yaml': 'version: 1\nname: minimal\n',
  'yes-no.yaml': pack([
    '{id: a, type: hours, category: work, supervised: yes, paid: No, minimum: 10}',
    '{id: b, type: hours, category: training, supervised: OFF, paid: on, minimum: 10}',
    '{id: c, type: experience, fields: [mental_health], supervised: Yes, months: 6}',
  ], '    verify_locally: yes\n'),
  'true-false.yaml': pack(['{id: a, type: hours, category: work, supervised: true, paid: false, minimum: 10, verify_locally: false}']),
  'durations.yaml': pack([
    '{id: a, type: hours, category: training, minimum: 10, within: {years: 2}, span: {months: 6}}',
    '{id: b, type: exam, exam: X1, within: {days: 30}}',
    '{id: c, type: screening, screening: tb, within: {years: 1, months: 1}}',
  ], '    renewal: {cycle: {years: 2}, ceu_hours: 10, submit_window: {days: 90}, fee: {amount: 60, every: {years: 1}}}\n'
    + '    provisional: {valid_for: {months: 6}, extensions: 1, requirements: [a]}\n'),
  'parts.yaml': pack([
    '{id: a, type: hours, category: training, minimum: 100, parts: [{id: p1, domains: [ethics], minimum: 6}, {id: p2, domains: [advocacy, mentoring], each_minimum: 10}, {id: p3, domains: [core_functions], maximum: 54}]}',
  ], '    renewal: {cycle: {years: 2}, ceu_hours: 40, ceu_parts: [{id: c1, domains: [ethics], minimum: 6, maximum: 10}]}\n'),
  'credential-one.yaml': POSITION('{id: a, type: credential, credential: C1, held_for: {months: 6}, deadline: {after_hire: {years: 1}}}'),
  'credential-any.yaml': POSITION('{id: a, type: credential, any_of: [C1, C2], deadline: {after_start: {days: 90}}}'),
  'pack.json': JSON.stringify({
    version: 1, name: 'json', credentials: [{ code: 'X1', name: 'X one', verify_locally: true, requirements: [
      { id: 'a', type: 'hours', category: 'work', supervised: true, minimum: 10, within: { years: 2 } },
      { id: 'b', type: 'hours', category: 'training', minimum: 10, parts: [{ id: 'p', domains: ['ethics'], minimum: 2 }] },
    ] }],
  }),
};

const INVALID: Record<string, string> = {
  // zod refinements, stated in the JSON Schema as anyOf / oneOf of required
  'within-empty.yaml': pack(['{id: a, type: hours, category: training, minimum: 10, within: {}}']),
  'span-empty.yaml': pack(['{id: a, type: hours, category: training, minimum: 10, span: {}}']),
  'exam-within-empty.yaml': pack(['{id: a, type: exam, exam: X1, within: {}}']),
  'cycle-empty.yaml': pack([], '    renewal: {cycle: {}, ceu_hours: 1}\n'),
  'submit-window-empty.yaml': pack([], '    renewal: {cycle: {years: 1}, ceu_hours: 1, submit_window: {}}\n'),
  'fee-every-empty.yaml': pack([], '    renewal: {cycle: {years: 1}, ceu_hours: 1, fee: {amount: 5, every: {}}}\n'),
  'valid-for-empty.yaml': pack(['{id: a, type: exam, exam: X1}'], '    provisional: {valid_for: {}, requirements: [a]}\n'),
  'held-for-empty.yaml': POSITION('{id: a, type: credential, credential: C1, held_for: {}}'),
  'deadline-empty.yaml': POSITION('{id: a, type: credential, credential: C1, deadline: {after_hire: {}}}'),
  'part-no-figure.yaml': pack(['{id: a, type: hours, category: training, minimum: 10, parts: [{id: p, domains: [ethics]}]}']),
  'ceu-part-no-figure.yaml': pack([], '    renewal: {cycle: {years: 1}, ceu_hours: 1, ceu_parts: [{id: p, domains: [ethics]}]}\n'),
  'credential-neither.yaml': POSITION('{id: a, type: credential}'),
  'credential-both.yaml': POSITION('{id: a, type: credential, credential: C1, any_of: [C2]}'),
  // yes/no fields: only true/false and the unquoted words
  'supervised-maybe.yaml': pack(['{id: a, type: hours, category: work, supervised: maybe, minimum: 10}']),
  'paid-number.yaml': pack(['{id: a, type: hours, category: work, paid: 1, minimum: 10}']),
  'verify-y.yaml': pack([], '    verify_locally: y\n'),
  // other structure mistakes
  'unknown-key.yaml': pack(['{id: a, type: hours, category: work, minimum: 10, maximum: 20}']),
  'bad-category.yaml': pack(['{id: a, type: hours, category: wrk, minimum: 10}']),
  'negative.yaml': pack(['{id: a, type: hours, category: work, minimum: -1}']),
  'bad-id.yaml': pack(['{id: Work Hours, type: hours, category: work, minimum: 10}']),
  'bad-type.yaml': pack(['{id: a, type: telepathy}']),
  'no-name.yaml': 'version: 1\ncredentials: []\n',
  'version-2.yaml': 'version: 2\nname: v2\n',
  'bad-date.yaml': pack([], '    effective_from: "2025-02-30"\n'),
  'duration-weeks.yaml': pack(['{id: a, type: hours, category: training, minimum: 10, within: {weeks: 2, days: 14}}']),
  'empty.json': JSON.stringify({ version: 1, name: 'json', credentials: [{ code: 'X1', name: 'X one', renewal: { cycle: {}, ceu_hours: 1 } }] }),
};

/** The JSON Schema's verdict, as an editor reading the file (YAML 1.2 or JSON) gives it. */
function schemaErrors(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return jsonSchemaErrors(SCHEMA, /\.json$/.test(file) ? JSON.parse(text) : parseYaml(text));
}

interface Verdict { code: number; stdout: string; stderr: string }

/** `credtrack rules validate FILE` in `dir`, run alongside the others (one at a time takes a minute). */
function validateAsync(dir: string, file: string): Promise<Verdict> {
  return new Promise((resolve) => {
    execFile(BIN, ['rules', 'validate', file], { cwd: dir, env: { ...process.env, NO_COLOR: '1', TZ: 'UTC' }, encoding: 'utf8', timeout: 120_000 },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: unknown }).code ?? -1) : 0, stdout, stderr }));
  });
}

describe('rules validate and schemas/rules.schema.json agree', () => {
  let s: Sandbox;
  const shipped = fs.readdirSync(path.join(ROOT, 'rules')).filter((f) => /\.(ya?ml|json)$/.test(f));
  const verdicts = new Map<string, Verdict>();
  beforeAll(async () => {
    s = sandbox('rules-schema');
    const files = [...shipped.map((name) => path.join(ROOT, 'rules', name))];
    for (const [name, text] of Object.entries({ ...VALID, ...INVALID })) { s.file(name, text); files.push(name); }
    for (let i = 0; i < files.length; i += 8) {
      const batch = files.slice(i, i + 8);
      (await Promise.all(batch.map((f) => validateAsync(s.dir, f)))).forEach((v, k) => verdicts.set(batch[k]!, v));
    }
  }, 300_000);

  it.each(shipped)('the shipped pack rules/%s: valid for both', (name) => {
    const file = path.join(ROOT, 'rules', name);
    expect(verdicts.get(file)!.stdout).toBe(`${file}: valid\n`);
    expect(schemaErrors(file)).toEqual([]);
  });

  it.each(Object.keys(VALID))('%s: valid for both', (name) => {
    const r = verdicts.get(name)!;
    expect(r.stdout + r.stderr).toBe(`${name}: valid\n`);
    expect(schemaErrors(path.join(s.dir, name))).toEqual([]);
  });

  it.each(Object.keys(INVALID))('%s: invalid for both', (name) => {
    const r = verdicts.get(name)!;
    // One mistake each, of structure: the schema must see that one.
    expect(r.code, r.stdout).toBe(2);
    expect(r.stderr).toBe(`credtrack: 1 problem in ${name}\n`);
    expect(schemaErrors(path.join(s.dir, name)), r.stdout).not.toEqual([]);
  });

  it('the one difference: a quoted "yes" (or "yes" in JSON) — text the tool refuses, which a JSON Schema cannot tell from an unquoted yes', () => {
    for (const [name, text] of [
      ['quoted-yes.yaml', pack(['{id: a, type: hours, category: work, supervised: "yes", minimum: 10}'])],
      ['yes.json', JSON.stringify({ version: 1, name: 'json', credentials: [{ code: 'X1', name: 'X one', verify_locally: 'yes' }] })],
    ] as const) {
      const file = s.file(name, text);
      expect(s.run(['rules', 'validate', name]).stdout).toMatch(/: expected true or false, got "yes"\n$/);
      expect(schemaErrors(file)).toEqual([]);
    }
  });
});

describe('the JSON Schema checker of these tests', () => {
  it('refuses a keyword it does not implement rather than ignoring it', () => {
    expect(() => jsonSchemaErrors({ type: 'object', dependentRequired: { a: ['b'] } }, {})).toThrow(/dependentRequired/);
  });
  it('anyOf and oneOf of required', () => {
    const any = { type: 'object', anyOf: [{ required: ['a'] }, { required: ['b'] }] };
    const one = { type: 'object', oneOf: [{ required: ['a'] }, { required: ['b'] }] };
    expect([{}, { a: 1 }, { a: 1, b: 1 }].map((v) => jsonSchemaErrors(any, v).length === 0)).toEqual([false, true, true]);
    expect([{}, { a: 1 }, { a: 1, b: 1 }].map((v) => jsonSchemaErrors(one, v).length === 0)).toEqual([false, true, false]);
  });
});
