// Random and damaged rule packs: any JSON or YAML value, random text, and rules/default.yaml
// with keys deleted, types changed, numbers made negative, zero or huge, requirement types
// unknown, ids duplicated. Validation never throws and names a path for every problem;
// `credtrack rules validate` exits 0 or 2, never anything else; and a damaged pack that is
// still valid can be loaded and used by check, progressions, reminders and report.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkPackText } from '../../src/services/rules.js';
import { initialised, ROOT, type Sandbox } from '../helpers/cli.js';
import { hostileText } from './hostile.js';

const SEED = 20261125;
const DEFAULT = fs.readFileSync(path.join(ROOT, 'rules', 'default.yaml'), 'utf8');
const TOP_KEYS = Object.keys(parseYaml(DEFAULT) as object);

type Key = string | number;
type Doc = unknown;

/** Every path to a value inside `v`. */
function pathsOf(v: Doc, at: Key[] = [], out: Key[][] = []): Key[][] {
  if (Array.isArray(v)) v.forEach((x, i) => { out.push([...at, i]); pathsOf(x, [...at, i], out); });
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { out.push([...at, k]); pathsOf(x, [...at, k], out); }
  return out;
}

const MUTATIONS = ['delete', 'null', 'string', 'negative', 'zero', 'huge', 'fraction', 'bool', 'emptyArray', 'emptyObject', 'unknownType', 'typo', 'duplicate', 'date'] as const;
type Mutation = (typeof MUTATIONS)[number];

function mutate(doc: Doc, at: Key[], how: Mutation): void {
  const parentPath = at.slice(0, -1);
  let parent: any = doc;
  for (const k of parentPath) parent = parent[k];
  const k = at[at.length - 1]!;
  const value = parent[k];
  switch (how) {
    case 'delete': if (Array.isArray(parent)) parent.splice(k as number, 1); else delete parent[k]; break;
    case 'null': parent[k] = null; break;
    case 'string': parent[k] = typeof value === 'string' ? `${value} x` : 'x'; break;
    case 'negative': parent[k] = typeof value === 'number' ? -value : -1; break;
    case 'zero': parent[k] = 0; break;
    case 'huge': parent[k] = typeof value === 'number' && Number.isInteger(value) ? 1_000_000_000 : 1e308; break;
    case 'fraction': parent[k] = typeof value === 'number' ? value + 0.5 : 0.5; break;
    case 'bool': parent[k] = true; break;
    case 'emptyArray': parent[k] = []; break;
    case 'emptyObject': parent[k] = {}; break;
    case 'unknownType': if (value && typeof value === 'object' && !Array.isArray(value)) value.type = 'telepathy'; else parent[k] = 'telepathy'; break;
    case 'typo': if (!Array.isArray(parent)) { delete parent[k]; parent[`${k}e`] = value; } break;
    case 'duplicate': if (Array.isArray(parent)) parent.push(structuredClone(value)); else if (Array.isArray(value) && value.length) value.push(structuredClone(value[0])); break;
    case 'date': parent[k] = '2025-02-30'; break;
  }
}

/** rules/default.yaml with one to three changes, written as YAML or JSON. */
const damagedDefault = fc.record({
  changes: fc.array(fc.tuple(fc.nat(), fc.constantFrom(...MUTATIONS)), { minLength: 1, maxLength: 3 }),
  json: fc.boolean(),
}).map(({ changes, json }) => {
  const doc = parseYaml(DEFAULT) as Doc;
  for (const [n, how] of changes) {
    const paths = pathsOf(doc);
    if (paths.length) mutate(doc, paths[n % paths.length]!, how);
  }
  return { text: json ? JSON.stringify(doc, null, 2) : stringifyYaml(doc), name: json ? 'pack.json' : 'pack.yaml', changes };
});

const randomPack = fc.oneof(
  fc.jsonValue().map((v) => ({ text: JSON.stringify(v) ?? 'null', name: 'pack.json' })),
  fc.jsonValue().map((v) => ({ text: stringifyYaml(v), name: 'pack.yaml' })),
  fc.dictionary(fc.constantFrom(...TOP_KEYS, 'extra'), fc.jsonValue()).map((v) => ({ text: stringifyYaml(v), name: 'pack.yaml' })),
  hostileText.map((t) => ({ text: t, name: 'pack.yaml' })),
  hostileText.map((t) => ({ text: t, name: 'pack.json' })),
);
const anyPack = fc.oneof({ weight: 3, arbitrary: damagedDefault }, { weight: 1, arbitrary: randomPack });

/** A problem's path: "(top level)", "(file)", "line N, column M", or a path from a top-level key. */
const PATH = new RegExp(`^(\\(top level\\)|\\(file\\)|line \\d+, column \\d+|(${TOP_KEYS.join('|')}|[^\\s.[\\]]+)(\\[\\d+\\]|\\.[^.[\\]]+)*)$`);

describe('rule-pack validation on anything', () => {
  it('never throws; the pack is valid or every problem has a path and a message', () => {
    let valid = 0;
    let invalid = 0;
    fc.assert(fc.property(anyPack, ({ text, name }) => {
      const { pack, problems } = checkPackText(text, name);
      if (pack) {
        valid++;
        expect(problems).toEqual([]);
        return;
      }
      invalid++;
      expect(problems.length).toBeGreaterThan(0);
      for (const p of problems) {
        expect(p.path, JSON.stringify(p)).toMatch(PATH);
        expect(p.path).not.toMatch(/undefined/);
        expect(p.message, JSON.stringify(p)).toMatch(/\S/);
      }
    }), { seed: SEED, numRuns: 600 });
    expect(valid).toBeGreaterThan(20);
    expect(invalid).toBeGreaterThan(200);
  });

  it('names the changed place: a damaged requirement is reported at its path', () => {
    const doc = parseYaml(DEFAULT) as any;
    doc.credentials[0].requirements[1].minimum = -5;
    doc.credentials[0].requirements[4].type = 'telepathy';
    delete doc.payroll.anchor;
    const { problems } = checkPackText(stringifyYaml(doc), 'pack.yaml');
    const paths = problems.map((p) => p.path);
    expect(paths).toContain('credentials[0].requirements[1].minimum');
    expect(paths.some((p) => p.startsWith('credentials[0].requirements[4]'))).toBe(true);
    expect(paths.some((p) => p.startsWith('payroll'))).toBe(true);
  });

  it('refuses numbers that would push dates off the calendar, naming them (they crashed check and progressions)', () => {
    const doc = parseYaml(DEFAULT) as any;
    doc.payroll.period_days = 1_000_000_000;
    doc.credentials[0].renewal.cycle = { years: 1_000_000_000 };
    doc.progressions[0].requirements[0].months = 1_000_000_000;
    const { pack, problems } = checkPackText(stringifyYaml(doc), 'pack.yaml');
    expect(pack).toBeUndefined();
    expect(problems).toEqual(expect.arrayContaining([
      { path: 'payroll.period_days', message: 'expected a number of at most 366, got 1000000000' },
      { path: 'credentials[0].renewal.cycle.years', message: 'expected a number of at most 100, got 1000000000' },
      { path: 'progressions[0].requirements[0].months', message: 'expected a number of at most 1200, got 1000000000' },
    ]));
  });
});

describe('credtrack rules validate and load with random packs', () => {
  let s: Sandbox;
  beforeAll(() => {
    s = initialised('rule-packs');
    for (const type of ['people', 'positions', 'hours', 'exams', 'credentials', 'evaluations', 'screenings']) {
      const r = s.run(['import', path.join(ROOT, 'fixtures', 'demo', `${type}.csv`), '--type', type]);
      expect(r.code, r.stderr).toBe(0);
    }
  });

  it('validate exits 0 ("valid") or 2 with one "FILE: path: message" line per problem — never a crash', () => {
    fc.assert(fc.property(anyPack, ({ text, name }) => {
      const file = s.file(name, text);
      const r = s.run(['rules', 'validate', file]);
      expect([0, 2], `${r.stdout}\n${r.stderr}`).toContain(r.code);
      expect(r.stderr).not.toMatch(/^\s+at /m);
      if (r.code === 0) {
        expect(r.stdout).toBe(`${file}: valid\n`);
        return;
      }
      expect(r.stderr).toMatch(/^credtrack: \d+ problems? in /);
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        expect(line.startsWith(`${file}: `), line).toBe(true);
        const [where] = line.slice(file.length + 2).split(': ');
        expect(where, line).toMatch(PATH);
      }
    }), { seed: SEED, numRuns: 20 });
  }, 120_000);

  it('a damaged pack that validates can be loaded, and check, progressions, reminders and report run on it', () => {
    const stillValid = damagedDefault.filter(({ text, name }) => checkPackText(text, name).pack !== undefined);
    fc.assert(fc.property(stillValid, ({ text, name, changes }) => {
      const file = s.file(name, text);
      const context = `changes ${JSON.stringify(changes)}`;
      // A pack that drops codes the records use is refused, and loads with --force (those records are then left out).
      const plain = s.run(['rules', 'load', file]);
      if (plain.code !== 0) {
        expect(plain.code, `${context}\n${plain.stderr}`).toBe(2);
        expect(plain.stderr).toMatch(/^credtrack: .*the pack does not define .* the records use; nothing was loaded$/m);
      }
      const load = s.run(['rules', 'load', file, '--force']);
      expect(load.code, `${context}\n${load.stderr}`).toBe(0);
      for (const args of [['check', '--all', '--json'], ['progressions', '--json'], ['reminders', '--json'], ['report', '--json']]) {
        const r = s.run([...args, '--as-of', '2026-11-22']);
        expect(r.code, `${args.join(' ')} with ${context}\n${r.stderr.slice(0, 1500)}`).toBe(0);
        expect(r.stderr).not.toMatch(/^\s+at /m);
      }
    }), { seed: SEED, numRuns: 4 });
  }, 120_000);
});
