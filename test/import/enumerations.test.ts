// Enumerated values (status, education, category, domain, result, type, rating, field) as
// spreadsheet users type them: any letter case, surrounding spaces, a space or dash for an
// underscore. Stored in canonical form; anything else is refused as before. Codes of the rule
// pack (credential, exam, position) stay case-sensitive identifiers.
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATEGORIES, CREDENTIAL_STATUSES, DOMAINS, EDUCATION, FIELDS, PERSON_STATUSES, RATINGS, RESULTS, SCREENING_TYPES, vocabularyReader } from '../../src/schemas/vocabulary.js';
import { ENUM_READERS, type ImportType, parseRow } from '../../src/schemas/rows.js';
import { initialised } from '../helpers/cli.js';

const SEED = 20261125;

function rows(db: string, sql: string): unknown[] {
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare(sql).raw().all();
  } finally {
    d.close();
  }
}

const VOCABULARIES: [string, readonly string[]][] = [
  ['education', EDUCATION], ['category', CATEGORIES], ['domain', DOMAINS], ['field', FIELDS], ['screening type', SCREENING_TYPES],
  ['credential status', CREDENTIAL_STATUSES], ['person status', PERSON_STATUSES], ['rating', RATINGS], ['result', RESULTS],
];

/** A value as someone might type it: each letter in either case, each underscore a space, dash or underscore (or several), blanks around. */
function typed(value: string): fc.Arbitrary<string> {
  const blank = fc.constantFrom('', ' ', '  ', '\t', '\u00A0');
  const sep = fc.constantFrom(' ', '-', '_', '  ', ' - ');
  const chars = [...value].map((ch) => (ch === '_' ? sep : fc.constantFrom(ch.toLowerCase(), ch.toUpperCase())));
  return fc.tuple(blank, fc.tuple(...chars), blank).map(([a, cs, b]) => `${a}${cs.join('')}${b}`);
}

describe('vocabularyReader', () => {
  it('reads every value of every vocabulary however it is typed, as its canonical spelling', () => {
    for (const [name, values] of VOCABULARIES) {
      const read = vocabularyReader(values);
      fc.assert(fc.property(fc.constantFrom(...values).chain((v) => fc.tuple(fc.constant(v), typed(v))), ([v, t]) => {
        expect(read(t), `${name}: ${JSON.stringify(t)}`).toBe(v);
      }), { seed: SEED, numRuns: 300 });
    }
  });

  it('reads a value only when it is one of the vocabulary up to case, blanks and separators (any string)', () => {
    const alphabet = fc.constantFrom(...'aeiouhgsdtbclnrpmwfkAEIOUHGSDTBCLNRPMWFK _-\t', '\u212A', '\u0130', 'é', '\u00A0');
    for (const [name, values] of VOCABULARIES) {
      const read = vocabularyReader(values);
      // The oracle: a regular expression per value, written independently of the reader.
      const patterns = values.map((v) => [v, new RegExp(`^\\s*${v.split('_').join('[\\s_-]+')}\\s*$`, 'i')] as const);
      const anyText = fc.oneof(fc.string({ unit: alphabet, maxLength: 24 }), fc.constantFrom(...values).chain(typed));
      fc.assert(fc.property(anyText, (t) => {
        const matches = patterns.filter(([, re]) => re.test(t)).map(([v]) => v);
        expect(read(t), `${name}: ${JSON.stringify(t)}`).toBe(matches.length === 1 ? matches[0] : undefined);
      }), { seed: SEED, numRuns: 500 });
    }
  });

  it('does not take a look-alike for a letter: the Kelvin sign is no k', () => {
    expect(vocabularyReader(CATEGORIES)('wor\u212A')).toBeUndefined();
    expect(vocabularyReader(CATEGORIES)('WORK')).toBe('work');
  });

  it('leaves a value that is none of them to the schema, which names it as written', () => {
    const parsed = parseRow('people', { person_id: 'P1', education: ' College ' });
    expect(parsed).toEqual({ ok: false, problems: [{ column: 'education', value: 'College', message: 'is not one of none, high_school, ged, associate, bachelor, master, doctorate' }],
      partial: { person_id: 'P1' } });
  });

  it('covers every enumerated column of every type, and no code column', () => {
    const columns = Object.fromEntries(Object.entries(ENUM_READERS).map(([t, m]) => [t, [...m.keys()]]));
    expect(columns).toEqual({
      people: ['education', 'status'], positions: ['field'], hours: ['category', 'domain'], exams: ['result'],
      credentials: ['status'], evaluations: ['rating'], screenings: ['type', 'result'],
    } satisfies Record<ImportType, string[]>);
  });
});

describe('import: enumerated values in any case', () => {
  it('imports mixed-case values and stores them canonically; an unknown value gets the usual error', () => {
    const s = initialised('enum-case');
    s.file('people.csv', 'person_id,education,status,lived_experience\nP1, High School ,Active,Yes\nP2,GED,INACTIVE,no\nP3,Bachelor,active,\n');
    const p = s.run(['import', 'people.csv', '--type', 'people', '--json']);
    expect(p.code, p.stderr).toBe(0);
    expect(rows(s.db, 'SELECT person_id, education, status FROM people ORDER BY person_id')).toEqual([['P1', 'high_school', 'active'], ['P2', 'ged', 'inactive'], ['P3', 'bachelor', 'active']]);

    s.file('hours.csv', 'person_id,date,category,hours,domain\nP1,2025-01-05,Work,8,\nP1,2025-01-06,SUPERVISION,2,Core Functions\nP1,2025-01-07,Training,3,recovery-support\nP1,2025-01-08,CEU,1,Professional Responsibility\n');
    s.file('exams.csv', 'person_id,exam,date,result\nP1,CRSS,2025-02-01,PASS\nP2,CRSS,2025-02-01,Fail\n');
    s.file('screenings.csv', 'person_id,type,date,result\nP1,TB,2025-03-01,Pass\nP1,Background,2025-03-02,PASS\n');
    s.file('credentials.csv', 'person_id,credential,issued_on,status\nP1,CRSS,2025-04-01,Provisional\n');
    s.file('evaluations.csv', 'person_id,date,rating\nP1,2025-05-01,Satisfactory\n');
    s.file('positions.csv', 'person_id,position,start_date,field\nP1,RSS,2024-01-01,Mental Health\nP2,RSS,2024-01-01,SUBSTANCE-USE\n');
    for (const t of ['hours', 'exams', 'screenings', 'credentials', 'evaluations', 'positions']) {
      const r = s.run(['import', `${t}.csv`, '--type', t, '--json']);
      expect(r.code, `${t}: ${r.stderr}`).toBe(0);
      expect(r.json.rejected, t).toBe(0);
    }
    expect(rows(s.db, 'SELECT category, domain FROM hours ORDER BY date')).toEqual([
      ['work', null], ['supervision', 'core_functions'], ['training', 'recovery_support'], ['ceu', 'professional_responsibility']]);
    expect(rows(s.db, 'SELECT result FROM exams ORDER BY rowid')).toEqual([['pass'], ['fail']]);
    expect(rows(s.db, 'SELECT type, result FROM screenings ORDER BY rowid')).toEqual([['tb', 'pass'], ['background', 'pass']]);
    expect(rows(s.db, 'SELECT status FROM credentials')).toEqual([['provisional']]);
    expect(rows(s.db, 'SELECT rating FROM evaluations')).toEqual([['satisfactory']]);
    expect(rows(s.db, 'SELECT field FROM positions ORDER BY rowid')).toEqual([['mental_health'], ['substance_use']]);

    // Re-importing the same file in other letter cases changes nothing.
    s.file('again.csv', 'person_id,date,category,hours,domain\nP1,2025-01-05,WORK,8,\nP1,2025-01-06,supervision,2,core_functions\n');
    expect(s.run(['import', 'again.csv', '--type', 'hours', '--json']).json).toMatchObject({ added: 0, unchanged: 2 });

    // Still refused: a value that is none of them, named as written (trimmed).
    const before = rows(s.db, 'SELECT * FROM hours');
    s.file('bad.csv', 'person_id,date,category,hours\nP1,2025-01-09,Wrk,8\nP1,2025-01-10,High School,8\n');
    const bad = s.run(['import', 'bad.csv', '--type', 'hours']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.csv:2: category: "Wrk" is not one of work, supervision, training, ceu/);
    expect(bad.stderr).toMatch(/bad\.csv:3: category: "High School" is not one of work, supervision, training, ceu/);
    expect(rows(s.db, 'SELECT * FROM hours')).toEqual(before);
  });

  it('leaves codes of the rule pack case-sensitive: a credential written crss is refused with the known codes', () => {
    const s = initialised('enum-codes');
    s.file('people.csv', 'person_id\nP1\n');
    expect(s.run(['import', 'people.csv', '--type', 'people']).code).toBe(0);
    s.file('c.csv', 'person_id,credential,issued_on\nP1,crss,2025-04-01\n');
    const r = s.run(['import', 'c.csv', '--type', 'credentials']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/c\.csv:2: credential: "crss" is not a credential of the rule pack \(known: .*CRSS/);
  });

  it('takes any case in the record commands and people options too', () => {
    const s = initialised('enum-cli');
    const ok = (args: string[]) => {
      const r = s.run(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r;
    };
    ok(['people', 'add', 'P1', '--education', 'High School', '--status', 'Inactive']);
    ok(['people', 'edit', 'P1', '--status', 'ACTIVE']);
    ok(['log', 'P1', '--category', 'Supervision', '--domain', 'Mentoring', '--hours', '2', '--date', '2025-01-06']);
    ok(['exam', 'P1', '--exam', 'CRSS', '--date', '2025-06-01', '--result', 'PASS']);
    ok(['screening', 'P1', '--type', 'TB', '--date', '2025-06-01', '--result', 'Pass']);
    ok(['evaluation', 'P1', '--date', '2025-06-01', '--rating', 'Unsatisfactory']);
    expect(rows(s.db, 'SELECT education, status FROM people')).toEqual([['high_school', 'active']]);
    expect(rows(s.db, 'SELECT category, domain FROM hours')).toEqual([['supervision', 'mentoring']]);
    expect(rows(s.db, 'SELECT result FROM exams')).toEqual([['pass']]);
    expect(rows(s.db, 'SELECT type, result FROM screenings')).toEqual([['tb', 'pass']]);
    expect(rows(s.db, 'SELECT rating FROM evaluations')).toEqual([['unsatisfactory']]);
    expect(ok(['people', 'list', '--status', 'Active', '--json']).json.people.map((p: { person_id: string }) => p.person_id)).toEqual(['P1']);
    const bad = s.run(['log', 'P1', '--category', 'wrk', '--hours', '8', '--date', '2025-01-06']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--category: "wrk" is not one of work, supervision, training, ceu/);
  });
});
