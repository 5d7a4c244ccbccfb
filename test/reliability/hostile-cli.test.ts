// Hostile import files through the real bin/credtrack: the outcome is exit 0 with the data
// accepted, or exit 2 with a `credtrack:` message and the database unchanged — never another
// exit code, never a stack trace. Afterwards, whatever was accepted, every reading command
// still works. Plus the data that once crashed `check` (an hours entry of 0.00001 h).
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { initialised, type Sandbox } from '../helpers/cli.js';
import { dump, rows, scalar } from './helpers.js';
import { csvFile, expectSound, type HostileFile, jsonFile, KNOWN_PEOPLE, ndjsonFile, TYPES } from './hostile.js';

const SEED = 20261125;

function property(s: Sandbox, files: fc.Arbitrary<HostileFile>, counts: { accepted: number; refused: number }) {
  return fc.property(files, (file) => {
    const before = dump(s.db);
    const path = s.file(`hostile.${file.format}`, file.content);
    const r = s.run(['import', path, '--type', file.type, '--format', file.format, '--json']);
    const context = `${file.format} ${file.type}: ${JSON.stringify(file.content).slice(0, 600)}\nstderr: ${r.stderr}`;
    expect([0, 2], context).toContain(r.code);
    expect(r.stderr, context).not.toMatch(/^\s+at /m);
    expect(r.stderr, context).not.toMatch(/unexpected error/);
    if (r.code === 0) {
      counts.accepted++;
      expectSound(file, { ok: true, summary: r.json }, before, dump(s.db), (sql, ...a) => rows(s.db, sql, ...a)[0]);
    } else {
      counts.refused++;
      expect(r.stderr, context).toMatch(/^credtrack: \S/);
      expect(r.stdout, context).toBe('');
      expectSound(file, { ok: false, message: r.stderr }, before, dump(s.db), () => undefined);
    }
  });
}

describe('hostile import files through bin/credtrack', () => {
  let s: Sandbox;
  const counts = { accepted: 0, refused: 0 };
  beforeAll(() => {
    s = initialised('hostile-cli');
    const r = s.run(['import', s.csv('known.csv', ['person_id', 'first_name'], KNOWN_PEOPLE.map((p) => ({ person_id: p, first_name: p }))), '--type', 'people']);
    expect(r.code, r.stderr).toBe(0);
  });

  const any = <T>(make: (t: (typeof TYPES)[number]) => fc.Arbitrary<T>) => fc.constantFrom(...TYPES).chain(make);

  it('CSV files: exit 0 and accepted, or exit 2 and nothing written', () => {
    fc.assert(property(s, any(csvFile), counts), { seed: SEED, numRuns: 20 });
  }, 120_000);

  it('NDJSON files: exit 0 and accepted, or exit 2 and nothing written', () => {
    fc.assert(property(s, any(ndjsonFile), counts), { seed: SEED + 1, numRuns: 15 });
  }, 120_000);

  it('JSON files: exit 0 and accepted, or exit 2 and nothing written', () => {
    fc.assert(property(s, any(jsonFile), counts), { seed: SEED + 2, numRuns: 15 });
  }, 120_000);

  it('both outcomes happened, and every reading command works on whatever was accepted', () => {
    expect(counts.accepted).toBeGreaterThan(5);
    expect(counts.refused).toBeGreaterThan(5);
    for (const args of [['check', '--all', '--json'], ['progressions', '--json'], ['reminders', '--json'], ['report', '--json'],
      ['people', 'list', '--json'], ['imports', 'list', '--json'], ['export', '--type', 'hours'], ['audit', '--json']]) {
      const r = s.run(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
  });
});

describe('data and options that crashed a command once', () => {
  it('an hours entry of 0.00001 h: check has no projected date (it threw "Invalid time value", exit 3)', () => {
    const s = initialised('tiny-hours');
    expect(s.run(['people', 'add', 'X1']).code).toBe(0);
    expect(s.run(['import', s.csv('tiny.csv', ['person_id', 'date', 'category', 'hours', 'supervised'],
      [{ person_id: 'X1', date: '2026-11-01', category: 'work', hours: '0.00001', supervised: 'yes' }]), '--type', 'hours']).code).toBe(0);
    const r = s.run(['check', 'X1', '--credential', 'CRSS', '--as-of', '2026-11-22', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const work = r.json.results[0].requirements.find((q: any) => q.id === 'work-hours');
    expect(work).toMatchObject({ met: false, need: 2000 }); // have is shown to two decimals
    expect(r.json.results[0].projected_date).toBeNull();
    expect(scalar(s.db, 'SELECT hours FROM hours')).toBe(0.00001);
  });

  it('day counts beyond 100 years are bad usage (progressions --within 99999999999 threw, exit 3)', () => {
    const s = initialised('huge-days');
    for (const args of [['progressions', '--within', '99999999999'], ['progressions', '--period-days', '1000000000'], ['reminders', '--within', '99999999999']]) {
      const r = s.run(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(/^credtrack: --(within|period-days): \d+ days is more than 100 years/);
    }
  });
});
