// End to end: `init` (mode 0600, --force, --rules) and `rules list|show|validate|load|export`.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { initialised, ROOT, sandbox, type Sandbox } from '../helpers/cli.js';
import { ok, refused, rows, snapshot } from './assert.js';

/** A small pack: two versions of CRSS around 2026-07-01 and an hours-only qualification. */
const SMALL = `version: 1
name: small
payroll: {period_days: 14, anchor: "2026-01-02"}
credentials:
  - code: CRSS
    name: CRSS (2026 rules)
    effective_from: "2026-07-01"
    requirements:
      - {id: work-hours, type: hours, category: work, supervised: true, minimum: 600}
      - {id: exam, type: exam, exam: CRSS}
  - code: CRSS
    name: CRSS
    requirements:
      - {id: work-hours, type: hours, category: work, supervised: true, minimum: 500}
      - {id: exam, type: exam, exam: CRSS}
qualifications:
  - code: HOURS-500
    name: 500 supervised hours
    requirements:
      - {id: work-hours, type: hours, category: work, supervised: true, minimum: 500}
`;

/** Mistakes of shape: each reported with its path. */
const BAD_SHAPE = `version: 1
name: bad
credentials:
  - code: X
    name: X
    requirements:
      - {id: h, type: hours, category: work, minimum: -5}
      - {id: e, type: exam, exam: X, bogus: 1}
      - {id: w, type: hours, category: play, minimum: 5}
positions:
  - code: P
    name: P
    requirements:
      - {id: a, type: age, minimum_years: 0}
`;

/** Mistakes of meaning (the shape is right). */
const BAD_MEANING = `version: 1
name: bad
credentials:
  - code: X
    name: X
    requirements:
      - {id: h, type: hours, category: work, minimum: 5}
      - {id: h, type: exam, exam: X}
      - {id: c, type: credential, credential: NOPE}
      - {id: t, type: hours, category: work, minimum: 5, parts: [{id: p, domains: [ethics], minimum: 1}]}
  - code: X
    name: X again
`;

describe('init', () => {
  it('creates the database, readable by its owner only, with the default pack', () => {
    const s = sandbox('init');
    const r = ok(s.run(['init']));
    expect(r.stderr).toBe(`credtrack: created ${s.db} with rule pack "default"\n`);
    expect(r.stdout).toBe('');
    expect(fs.statSync(s.db).mode & 0o777).toBe(0o600);
    expect(ok(s.run(['rules', 'list', '--json'])).json.pack).toBe('default');
    expect(rows(s.db, 'SELECT actor, command, action, record_type FROM audit')).toEqual([{ actor: 'tester', command: 'init', action: 'add', record_type: 'rule_pack' }]);
  });

  it('--db names the file (over $CREDTRACK_DB)', () => {
    const s = sandbox('init-db');
    ok(s.run(['init', '--db', 'other.db']));
    expect(fs.existsSync(path.join(s.dir, 'other.db'))).toBe(true);
    expect(fs.existsSync(s.db)).toBe(false);
    expect(fs.statSync(path.join(s.dir, 'other.db')).mode & 0o777).toBe(0o600);
  });

  it('refuses an existing database without --force and leaves it as it was', () => {
    const s = initialised('init-again');
    ok(s.run(['people', 'add', 'P1', '--first-name', 'Ana']));
    const before = snapshot(s.db);
    const r = refused(s.run(['init']), `${s.db} already exists`);
    expect(r.stderr).toContain('hint: use --force to replace it');
    expect(snapshot(s.db)).toEqual(before);
  });

  it('--force replaces it: its records are gone', () => {
    const s = initialised('init-force');
    ok(s.run(['people', 'add', 'P1', '--first-name', 'Ana']));
    ok(s.run(['init', '--force']));
    expect(ok(s.run(['people', 'list', '--json'])).json).toEqual({ people: [] });
    expect(fs.statSync(s.db).mode & 0o777).toBe(0o600);
  });

  it('--rules FILE loads that pack instead of the default', () => {
    const s = sandbox('init-rules');
    s.file('small.yaml', SMALL);
    expect(ok(s.run(['init', '--rules', 'small.yaml'])).stderr).toBe(`credtrack: created ${s.db} with rule pack "small"\n`);
    expect(ok(s.run(['rules', 'list', '--json'])).json).toEqual({ pack: 'small', rules: [
      { kind: 'credential', code: 'CRSS', name: 'CRSS (2026 rules)', effective_from: '2026-07-01', requirements: 2 },
      { kind: 'credential', code: 'CRSS', name: 'CRSS', effective_from: null, requirements: 2 },
      { kind: 'qualification', code: 'HOURS-500', name: '500 supervised hours', effective_from: null, requirements: 1 },
    ] });
  });

  it('an invalid --rules file: every problem listed, exit 2, no database created', () => {
    const s = sandbox('init-bad-rules');
    s.file('bad.yaml', BAD_MEANING);
    const r = refused(s.run(['init', '--rules', 'bad.yaml']), 'bad.yaml: 4 problems in the rule pack');
    expect(r.stderr).toContain('  bad.yaml: credentials[0].requirements[2].credential: unknown credential "NOPE" (not in credentials)\n');
    expect(fs.existsSync(s.db)).toBe(false);
    refused(s.run(['init', '--rules', 'missing.yaml']), 'cannot read missing.yaml: no such file');
    expect(fs.existsSync(s.db)).toBe(false);
  });

  it('an invalid --rules file with --force leaves the existing database alone', () => {
    const s = initialised('init-force-bad');
    ok(s.run(['people', 'add', 'P1']));
    s.file('bad.yaml', BAD_SHAPE);
    const before = snapshot(s.db);
    refused(s.run(['init', '--force', '--rules', 'bad.yaml']), /^credtrack: bad\.yaml: 4 problems in the rule pack$/);
    expect(snapshot(s.db)).toEqual(before);
  });

  it('every other command refuses a missing database and creates nothing', () => {
    const s = sandbox('no-db');
    for (const args of [['check', '--all'], ['people', 'list'], ['rules', 'list'], ['log', 'P1', '--category', 'work', '--hours', '1', '--date', '2026-01-01']]) {
      const r = refused(s.run(args), `no database at ${s.db}`);
      expect(r.stderr).toContain('hint: create one with `credtrack init`');
    }
    expect(fs.existsSync(s.db)).toBe(false);
  });

  it('an empty file is not a database yet: every other command refuses it and writes nothing; init makes it one without --force', () => {
    const s = sandbox('empty-db');
    fs.writeFileSync(s.db, '', { mode: 0o644 });
    for (const args of [['check', 'P1'], ['people', 'list'], ['rules', 'load', path.join(ROOT, 'rules', 'default.yaml')], ['doctor']]) {
      const r = s.run(args);
      if (args[0] === 'doctor') expect(r.code).not.toBe(0);
      else refused(r, `${s.db} is empty: not a credtrack database yet`);
      expect(fs.statSync(s.db).size, args.join(' ')).toBe(0);
      expect(fs.existsSync(`${s.db}-wal`)).toBe(false);
    }
    expect(ok(s.run(['init'])).stderr).toMatch(/^credtrack: created /);
    expect(fs.statSync(s.db).mode & 0o777).toBe(0o600);
    expect(ok(s.run(['rules', 'list', '--json'])).json.pack).toBe('default');
  });

  it("refuses another program's SQLite database and leaves it as it was", () => {
    const s = sandbox('foreign-db');
    const d = new Database(s.db);
    d.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES (\'keep me\')');
    d.close();
    const bytes = fs.readFileSync(s.db);
    refused(s.run(['people', 'list']), `${s.db} is a SQLite database of another program, not a credtrack database`);
    refused(s.run(['log', 'P1', '--category', 'work', '--hours', '1', '--date', '2026-01-01']), /another program/);
    expect(fs.readFileSync(s.db).equals(bytes)).toBe(true);
  });
});

describe('rules', () => {
  let s: Sandbox;
  beforeAll(() => { s = initialised('rules'); });

  it('list: every rule of the active pack, as a table and as JSON', () => {
    const doc = ok(s.run(['rules', 'list', '--json'])).json;
    expect(doc.pack).toBe('default');
    expect(doc.rules.map((r: any) => `${r.kind} ${r.code} ${r.requirements}`)).toEqual([
      'credential CRSS 5', 'credential CPSRP 3', 'credential CPS 3', 'credential CMPSS 2', 'credential DRIVER_LICENSE 0',
      'qualification RSS-MQ 1', 'qualification MHP-132 1', 'qualification RSA-132 1',
      'position RSS-TRAINEE 0', 'position RSS 1', 'position PSS 7', 'position PSS-I 1', 'position PSS-II 2',
      'progression rss-trainee-to-rss 2', 'progression pss-i-to-ii 4',
    ]);
    expect(doc.rules[13]).toEqual({ kind: 'progression', code: 'rss-trainee-to-rss', name: 'RSS-TRAINEE → RSS', effective_from: null, requirements: 2 });
    const table = ok(s.run(['rules', 'list'])).stdout;
    expect(table.split('\n')[0]).toBe('Rule pack: default');
    expect(table).toMatch(/│ credential +│ CRSS +│ Certified Recovery Support Specialist +│ +│ 5 +│/);
  });

  it('show: one rule in YAML or JSON, a progression too', () => {
    const yaml = ok(s.run(['rules', 'show', 'MHP-132'])).stdout;
    const doc = parseYaml(yaml);
    expect(doc.code).toBe('MHP-132');
    expect(doc.requirements[0].requirements.map((r: any) => r.id)).toEqual(['crss-route', 'supervised-route']);
    expect(ok(s.run(['rules', 'show', 'MHP-132', '--json'])).json).toEqual(doc);
    expect(ok(s.run(['rules', 'show', 'pss-i-to-ii', '--json'])).json.requirements.map((r: any) => r.type)).toEqual(['experience', 'credential', 'performance', 'approval']);
  });

  it('show: an unknown code lists the known ones', () => {
    const r = refused(s.run(['rules', 'show', 'CRS']), 'unknown rule "CRS"');
    expect(r.stderr).toContain('hint: known: CRSS, CPSRP, CPS, CMPSS, DRIVER_LICENSE, RSS-MQ, MHP-132, RSA-132, RSS-TRAINEE, RSS, PSS, PSS-I, PSS-II, rss-trainee-to-rss, pss-i-to-ii');
  });

  it('validate: a valid pack', () => {
    const r = ok(s.run(['rules', 'validate', path.join(ROOT, 'rules', 'default.yaml')]));
    expect(r.stdout).toBe(`${path.join(ROOT, 'rules', 'default.yaml')}: valid\n`);
  });

  it('validate: every problem of shape with its path, exit 2', () => {
    s.file('bad-shape.yaml', BAD_SHAPE);
    const r = ok(s.run(['rules', 'validate', 'bad-shape.yaml']), 2);
    expect(r.stdout.split('\n')).toEqual([
      'bad-shape.yaml: credentials[0].requirements[0].minimum: expected a positive number, got -5',
      'bad-shape.yaml: credentials[0].requirements[1]: unknown key "bogus"',
      'bad-shape.yaml: credentials[0].requirements[2].category: "play" is not one of work, supervision, training, ceu',
      'bad-shape.yaml: positions[0].requirements[0].minimum_years: expected a positive number, got 0',
      '',
    ]);
    expect(r.stderr).toBe('credtrack: 4 problems in bad-shape.yaml\n');
  });

  it('validate: every problem of meaning with its path, exit 2', () => {
    s.file('bad-meaning.yaml', BAD_MEANING);
    const r = ok(s.run(['rules', 'validate', 'bad-meaning.yaml']), 2);
    expect(r.stdout).toBe([
      'bad-meaning.yaml: credentials[0].requirements[1].id: duplicate requirement id "h" (also at credentials[0].requirements[0])',
      'bad-meaning.yaml: credentials[0].requirements[2].credential: unknown credential "NOPE" (not in credentials)',
      'bad-meaning.yaml: credentials[0].requirements[3].parts: work hours have no domains',
      'bad-meaning.yaml: credentials[1].code: X is defined twice without effective_from (first at credentials[0])',
      '',
    ].join('\n'));
    expect(r.stderr).toBe('credtrack: 4 problems in bad-meaning.yaml\n');
  });

  it('validate: JSON packs, unreadable YAML and missing files', () => {
    s.file('pack.json', JSON.stringify(parseYaml(SMALL)));
    expect(ok(s.run(['rules', 'validate', 'pack.json'])).stdout).toBe('pack.json: valid\n');
    s.file('broken.yaml', 'version: 1\nname: [unclosed\n');
    expect(ok(s.run(['rules', 'validate', 'broken.yaml']), 2).stdout)
      .toBe('broken.yaml: line 3, column 1: cannot read: flow sequence in block collection must be sufficiently indented and end with a ]\n');
    s.file('broken.json', '{"version": 1,');
    // The line and column, not "(file)" and JSON.parse's byte offset.
    expect(ok(s.run(['rules', 'validate', 'broken.json']), 2).stdout).toBe('broken.json: line 1, column 15: cannot read: expected double-quoted property name\n');
    refused(s.run(['rules', 'validate', 'nope.yaml']), 'cannot read nope.yaml: no such file');
  });

  it('export: YAML and JSON of the active pack, which validate and load again', () => {
    const yaml = ok(s.run(['rules', 'export'])).stdout;
    const json = ok(s.run(['rules', 'export', '--format', 'json'])).json;
    expect(parseYaml(yaml)).toEqual(json);
    expect(json.name).toBe('default');
    expect(json.credentials.map((c: any) => c.code)).toEqual(['CRSS', 'CPSRP', 'CPS', 'CMPSS', 'DRIVER_LICENSE']);
    s.file('exported.yaml', yaml);
    expect(ok(s.run(['rules', 'validate', 'exported.yaml'])).stdout).toBe('exported.yaml: valid\n');
  });
});

describe('rules load and versions', () => {
  it('load makes a pack active (audited); a bad pack changes nothing', () => {
    const s = initialised('rules-load');
    s.file('bad.yaml', BAD_MEANING);
    const before = snapshot(s.db);
    refused(s.run(['rules', 'load', 'bad.yaml']), 'bad.yaml: 4 problems in the rule pack');
    expect(snapshot(s.db)).toEqual(before);
    s.file('small.yaml', SMALL);
    expect(ok(s.run(['rules', 'load', 'small.yaml'])).stderr).toBe('credtrack: loaded rule pack "small" from small.yaml\n');
    expect(ok(s.run(['rules', 'list', '--json'])).json.pack).toBe('small');
    expect(rows(s.db, "SELECT before, after FROM audit WHERE record_type = 'rule_pack' AND action = 'change'")).toEqual([
      { before: '{"name":"default"}', after: '{"name":"small","source":"small.yaml"}' },
    ]);
    // codes of the old pack are gone with it
    refused(s.run(['check', '--all', '--credential', 'MHP-132']), /^credtrack: --credential: unknown rule "MHP-132"$/);
  });

  it('load refuses a pack that does not define the credential and exam codes the records use, unless --force', () => {
    const s = initialised('rules-load-codes');
    ok(s.run(['people', 'add', 'P1', '--first-name', 'Ana', '--last-name', 'Diaz']));
    ok(s.run(['credential', 'grant', 'P1', '--credential', 'CPS', '--issued', '2025-01-15']));
    ok(s.run(['credential', 'grant', 'P1', '--credential', 'CMPSS', '--issued', '2025-02-01']));
    ok(s.run(['exam', 'P1', '--exam', 'CMPSS', '--date', '2025-01-20', '--result', 'pass']));
    s.file('small.yaml', SMALL);
    const before = snapshot(s.db);
    const r = refused(s.run(['rules', 'load', 'small.yaml']), 'small.yaml: the pack does not define 3 codes the records use; nothing was loaded');
    expect(r.stderr).toContain('credential CMPSS (1 record)');
    expect(r.stderr).toContain('credential CPS (1 record)');
    expect(r.stderr).toContain('exam CMPSS (1 result)');
    expect(r.stderr).toContain('--force');
    expect(snapshot(s.db)).toEqual(before);
    // --force loads it, and says what is left out.
    const forced = ok(s.run(['rules', 'load', 'small.yaml', '--force']));
    expect(forced.stderr).toBe('credtrack: loaded rule pack "small" from small.yaml\n'
      + 'credtrack: warning: records use codes the pack does not define, left out of checks and reminders: credential CMPSS (1 record), credential CPS (1 record), exam CMPSS (1 result)\n');
    expect(ok(s.run(['rules', 'list', '--json'])).json.pack).toBe('small');
    // The default pack defines them all again: loaded without a word more.
    expect(ok(s.run(['rules', 'load', path.join(ROOT, 'rules', 'default.yaml')])).stderr).toMatch(/^credtrack: loaded rule pack "[^"]+" from .*default\.yaml\n$/);
  });

  describe('a pack with two versions of CRSS (the second from 2026-07-01)', () => {
    let s: Sandbox;
    beforeAll(() => {
      s = sandbox('versions');
      s.file('small.yaml', SMALL);
      ok(s.run(['init', '--rules', 'small.yaml']));
      ok(s.run(['people', 'add', 'P1', '--first-name', 'Ana', '--last-name', 'Diaz']));
      ok(s.run(['log', 'P1', '--category', 'work', '--hours', '410', '--date', '2025-01-01', '--end-date', '2025-12-31', '--supervised']));
      ok(s.run(['log', 'P1', '--category', 'work', '--hours', '45', '--date', '2026-09-01', '--end-date', '2026-09-30', '--supervised']));
      ok(s.run(['log', 'P1', '--category', 'work', '--hours', '100', '--date', '2026-10-01', '--end-date', '2026-10-31']));
      ok(s.run(['exam', 'P1', '--exam', 'CRSS', '--date', '2025-06-01', '--result', 'pass']));
    });

    it.each([
      ['2026-06-30', 'CRSS'],
      ['2026-07-01', 'CRSS (2026 rules)'],
    ])('rules show CRSS --as-of %s: %s', (asOf, name) => {
      expect(ok(s.run(['rules', 'show', 'CRSS', '--json', '--as-of', asOf])).json.name).toBe(name);
    });

    it.each([
      ['2026-06-30', null, 500, 410, 90],
      ['2026-07-01', '2026-07-01', 600, 410, 190],
      ['2026-11-22', '2026-07-01', 600, 455, 145],
    ])('check --as-of %s: version %s, %i hours needed', (asOf, version, need, have, remaining) => {
      const [r] = ok(s.run(['check', 'P1', '--credential', 'CRSS', '--json', '--as-of', asOf])).json.results;
      expect(r).toMatchObject({ rule: 'CRSS', version, eligible: false });
      expect(r.requirements[0]).toMatchObject({ id: 'work-hours', have, need, remaining });
    });

    it('no version in force yet: nothing to check', () => {
      const t = sandbox('versions-future');
      t.file('future.yaml', SMALL.replace('  - code: CRSS\n    name: CRSS\n', '  - code: CRSS\n    name: CRSS\n    effective_from: "2026-01-01"\n'));
      ok(t.run(['init', '--rules', 'future.yaml']));
      ok(t.run(['people', 'add', 'P1']));
      expect(ok(t.run(['check', 'P1', '--credential', 'CRSS', '--json', '--as-of', '2025-12-31'])).json).toEqual({ as_of: '2025-12-31', results: [] });
      refused(t.run(['rules', 'show', 'CRSS', '--as-of', '2025-12-31']), 'CRSS has no version in force on 2025-12-31');
    });

    it('projects an hours-only rule at the pace of the last 90 days: 45 h to go at 0.5 h a day', () => {
      const [r] = ok(s.run(['check', 'P1', '--credential', 'HOURS-500', '--json', '--as-of', '2026-11-22'])).json.results;
      expect(r).toMatchObject({ rule: 'HOURS-500', kind: 'qualification', eligible: false, projected_date: '2027-02-20' });
      expect(r.requirements).toEqual([{ id: 'work-hours', type: 'hours', met: false, have: 455, need: 500, remaining: 45, detail: '455 of 500 supervised work hours' }]);
    });
  });
});
