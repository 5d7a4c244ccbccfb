// credtrack import and imports, end to end through bin/credtrack: every bad-input class,
// atomicity, idempotency, rejects, stdin, JSON/NDJSON, spreadsheet quirks, undo.
import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, initialised, type Sandbox } from '../helpers/cli.js';

const HOURS = 'entry_id,person_id,date,end_date,category,hours,domain,supervised,paid,topic,provider,verified_by,note';

/** Every table's rows, for "nothing changed" comparisons. */
function dump(db: string, tables = ['people', 'positions', 'hours', 'exams', 'credentials', 'evaluations', 'screenings', 'import_batches', 'batch_changes', 'audit']): Record<string, unknown[]> {
  const d = new Database(db, { readonly: true });
  try {
    return Object.fromEntries(tables.map((t) => [t, d.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()]));
  } finally {
    d.close();
  }
}
function count(db: string, table: string): number {
  return (dump(db, [table])[table] as unknown[]).length;
}

function withPeople(name: string): Sandbox {
  const s = initialised(name);
  s.file('people.csv', 'person_id,first_name,last_name,education,hire_date,lived_experience\nP1,Ana,Diaz,high_school,2024-03-01,yes\nP2,Ben,Okafor,ged,2024-06-01,no\n');
  const r = s.run(['import', 'people.csv', '--type', 'people']);
  expect(r.code, r.stderr).toBe(0);
  return s;
}

function ok(r: ReturnType<Sandbox['run']>): ReturnType<Sandbox['run']> {
  expect(r.code, r.stderr).toBe(0);
  return r;
}

function workHours(s: Sandbox, person: string, asOf = '2026-11-22'): number {
  const r = s.run(['check', person, '--credential', 'CRSS', '--json', '--as-of', asOf]);
  expect(r.code, r.stderr).toBe(0);
  return r.json.results[0].requirements.find((q: { id: string }) => q.id === 'work-hours').have;
}

describe('import: a good file', () => {
  it('adds people, prints a summary and records a batch', () => {
    const s = withPeople('good');
    const list = s.run(['imports', 'list', '--json']);
    expect(list.json.batches).toHaveLength(1);
    expect(list.json.batches[0]).toMatchObject({ id: 'B1', file: 'people.csv', type: 'people', actor: 'tester', read: 2, added: 2, updated: 0, unchanged: 0, rejected: 0 });
    const p = s.run(['people', 'show', 'P2', '--json']);
    expect(p.json.person).toMatchObject({ person_id: 'P2', first_name: 'Ben', education: 'ged', lived_experience: false });
  });

  it('prints the --json summary of SPEC §5', () => {
    const s = withPeople('json-summary');
    s.file('h.csv', `${HOURS}\nE1,P1,2025-01-05,,work,8,,yes,yes,,,,\nE2,P1,2025-01-06,,work,7.5,,yes,yes,,,,\n`);
    const r = s.run(['import', 'h.csv', '--type', 'hours', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ batch: 'B2', file: 'h.csv', type: 'hours', read: 2, added: 2, updated: 0, unchanged: 0, rejected: 0 });
    expect(workHours(s, 'P1')).toBe(15.5);
  });

  it('reads the format from the extension, and --format overrides it', () => {
    const s = withPeople('format');
    s.file('h.txt', `${HOURS}\nE1,P1,2025-01-05,,work,8,,yes,yes,,,,\n`);
    s.file('h.data', `${HOURS}\nE2,P1,2025-01-06,,work,8,,yes,yes,,,,\n`);
    expect(s.run(['import', 'h.txt', '--type', 'hours']).code).toBe(0);
    const unknown = s.run(['import', 'h.data', '--type', 'hours']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--format/);
    expect(s.run(['import', 'h.data', '--type', 'hours', '--format', 'csv']).code).toBe(0);
    expect(workHours(s, 'P1')).toBe(16);
  });
});

describe('import: bad input is refused whole, with file, line, column and value', () => {
  let s: Sandbox;
  beforeAll(() => {
    s = withPeople('bad');
  });

  it.each([
    ['a number with a decimal comma', 'P1,2025-01-05,work,"7,5",yes', /bad\.csv:3: hours: "7,5" is not a number/],
    ['an impossible date', 'P1,2025-02-30,work,8,yes', /bad\.csv:3: date: "2025-02-30" is not valid/],
    ['a future date', 'P1,2099-01-01,work,8,yes', /bad\.csv:3: date: "2099-01-01" is after today/],
    ['zero hours', 'P1,2025-01-07,work,0,yes', /bad\.csv:3: hours: 0 must be more than 0/],
    ['negative hours', 'P1,2025-01-07,work,-3,yes', /bad\.csv:3: hours: -3 must be more than 0/],
    ['more than 24 hours in a day', 'P1,2025-01-07,work,25,yes', /bad\.csv:3: hours: 25 is more than 24 hours a day/],
    ['an unknown person', 'P9,2025-01-07,work,8,yes', /bad\.csv:3: person_id: "P9" is not a known person/],
    ['an unknown category', 'P1,2025-01-07,play,8,yes', /bad\.csv:3: category: "play" is not one of work, supervision, training, ceu/],
    ['a yes/no that is neither', 'P1,2025-01-07,work,8,maybe', /bad\.csv:3: supervised: "maybe" is not yes\/no/],
    ['a missing required cell', 'P1,,work,8,yes', /bad\.csv:3: date: is required/],
    ['cells beyond the header', 'P1,2025-01-07,work,8,yes,extra', /bad\.csv:3: row: has 6 cells, the header has 5/],
  ])('%s', (_what, bad, message) => {
    const before = dump(s.db);
    s.file('bad.csv', `person_id,date,category,hours,supervised\nP1,2025-01-05,work,8,yes\n${bad}\nP1,2025-01-06,work,8,yes\n`);
    const r = s.run(['import', 'bad.csv', '--type', 'hours']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/nothing was imported/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(dump(s.db)).toEqual(before);
  });

  it('lists every problem of the file, up to a limit, then a count', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `P1,2025-01-${String((i % 28) + 1).padStart(2, '0')},work,${25 + i},yes`);
    s.file('many.csv', `person_id,date,category,hours,supervised\n${rows.join('\n')}\n`);
    const r = s.run(['import', 'many.csv', '--type', 'hours']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/30 of 30 rows have problems/);
    expect(r.stderr).toMatch(/many\.csv:2: hours: 25 /);
    expect(r.stderr).toMatch(/many\.csv:21: hours: 44 /);
    expect(r.stderr).not.toMatch(/many\.csv:22:/);
    expect(r.stderr).toMatch(/\.\.\. and 10 more/);
  });

  it.each([
    ['an unknown column', 'person_id,date,category,hours,overtime', /"overtime" \(column 5\) is not a column of hours/],
    ['a missing required column', 'person_id,date,hours', /the required column category is missing/],
    ['a column twice', 'person_id,date,category,hours,hours', /"hours" appears twice/],
  ])('a header with %s is refused before any row', (_what, header, message) => {
    const before = dump(s.db);
    s.file('head.csv', `${header}\nP1,2025-01-05,work,8,1\n`);
    const r = s.run(['import', 'head.csv', '--type', 'hours']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/head\.csv:1: the header does not fit type hours/);
    expect(r.stderr).toMatch(message);
    expect(dump(s.db)).toEqual(before);
  });

  it('an unknown exam or credential code is caught; position codes are free text', () => {
    s.file('exams.csv', 'person_id,exam,date,result\nP1,CRS,2025-09-10,pass\n');
    const e = s.run(['import', 'exams.csv', '--type', 'exams']);
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(/exams\.csv:2: exam: "CRS" is not an exam of the rule pack/);
    s.file('creds.csv', 'person_id,credential,issued_on\nP1,CRS,2025-01-15\n');
    const c = s.run(['import', 'creds.csv', '--type', 'credentials']);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/creds\.csv:2: credential: "CRS" is not a credential of the rule pack/);
    s.file('pos.csv', 'person_id,position,start_date,field\nP1,CASE-MANAGER-ACME,2020-01-01,human_services\n');
    expect(s.run(['import', 'pos.csv', '--type', 'positions']).code).toBe(0);
  });

  it('a malformed CSV (an unclosed quote) is refused with its line', () => {
    const before = dump(s.db);
    s.file('quote.csv', 'person_id,date,category,hours\nP1,2025-01-05,work,8\nP1,"2025-01-06,work,8\n');
    const r = s.run(['import', 'quote.csv', '--type', 'hours']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/quote\.csv:\d+: the CSV cannot be read/);
    expect(dump(s.db)).toEqual(before);
  });

  it('a row with problems of shape still gets the checks against the pack, today and the people on record: all in one message', () => {
    s.file('all-at-once.csv', 'person_id,exam,date,result\nP9,CRSX,2099-01-01,maybe\n');
    const r = s.run(['import', 'all-at-once.csv', '--type', 'exams']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('all-at-once.csv:2: result: "maybe" is not one of pass, fail; date: "2099-01-01" is after today');
    expect(r.stderr).toContain('exam: "CRSX" is not an exam of the rule pack');
    expect(r.stderr).toContain('person_id: "P9" is not a known person');
    s.file('people-all.csv', 'person_id,email,birth_date,status\nP5,bad-email,2099-01-01,gone\n');
    const p = s.run(['import', 'people-all.csv', '--type', 'people']);
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(/people-all\.csv:2: .*email: "bad-email".*status: "gone".*birth_date: "2099-01-01" is after today/);
  });

  it('a person named as their own supervisor is refused with the line', () => {
    s.file('self.csv', 'person_id,first_name,supervisor_id\nP7,Gus,S1\nP8,Ida,P8\n');
    const r = s.run(['import', 'self.csv', '--type', 'people']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('self.csv:3: supervisor_id: "P8" is the person themselves: no one supervises themselves');
  });

  it('an empty file and a missing file are clear errors', () => {
    s.file('empty.csv', '');
    const e = s.run(['import', 'empty.csv', '--type', 'hours']);
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(/empty\.csv: the file is empty/);
    const m = s.run(['import', 'nope.csv', '--type', 'hours']);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(/cannot read nope\.csv: no such file/);
  });
});

/** util-linux `script`, to run a command on a terminal (the progress bar shows only there). */
const SCRIPT = ['/usr/bin/script', '/bin/script'].find((p) => fs.existsSync(p));

describe('import at a terminal', () => {
  it.skipIf(!SCRIPT)('shows a progress bar on stderr and imports (it crashed loading cli-progress)', () => {
    const s = initialised('tty-import');
    s.file('people.csv', 'person_id,first_name\nP1,Ana\nP2,Ben\n');
    const quote = (a: string) => `'${a.replace(/'/g, "'\\''")}'`;
    const cmd = [BIN, 'import', path.join(s.dir, 'people.csv'), '--type', 'people', '--db', s.db].map(quote).join(' ');
    const r = spawnSync(SCRIPT!, ['-qec', cmd, '/dev/null'], { encoding: 'utf8', env: { ...process.env, NODE_EXTRA_CA_CERTS: '' } });
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toContain('importing [');
    expect(r.stdout).toContain('2 rows read: 2 added');
    expect(r.stdout).not.toContain('unexpected error');
    expect(count(s.db, 'people')).toBe(2);
  });
});

/**
 * Runs `args` on a terminal (script(1)), waits for the progress bar to show `when`, sends `signal` to the
 * import and returns what the terminal showed and the exit code.
 */
async function interruptAtTerminal(s: Sandbox, args: string[], signal: 'SIGINT' | 'SIGTERM', when: RegExp): Promise<{ code: number | null; screen: string }> {
  const quote = (a: string) => `'${a.replace(/'/g, "'\\''")}'`;
  const pidFile = path.join(s.dir, 'import.pid');
  fs.rmSync(pidFile, { force: true });
  // exec: the pid the shell writes is the import's.
  const cmd = `echo $$ > ${quote(pidFile)}; exec ${[BIN, ...args, '--db', s.db].map(quote).join(' ')}`;
  const child = spawn(SCRIPT!, ['-qec', cmd, '/dev/null'], { cwd: s.dir, env: { ...process.env, NO_COLOR: '1', USER: 'tester' } });
  let screen = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => { screen += d; });
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  const deadline = Date.now() + 60_000;
  while (!when.test(screen) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  expect(screen, 'the progress bar never showed').toMatch(when);
  process.kill(Number(fs.readFileSync(pidFile, 'utf8')), signal);
  return { code: await closed, screen };
}

describe('import interrupted at a terminal', () => {
  it.skipIf(!SCRIPT)('Ctrl-C or SIGTERM stops the bar (cursor and line wrap back), says nothing was imported, exits 130 or 143', async () => {
    const s = withPeople('tty-interrupt');
    const rows = ['entry_id,person_id,date,category,hours,note'];
    for (let i = 0; i < 200_000; i++) rows.push(`H${i},P${(i % 2) + 1},2024-01-${String((i % 28) + 1).padStart(2, '0')},work,4,${i % 1000 === 0 ? 'bad' : ''}`);
    rows[5] = 'H4,P9,2024-01-05,work,4,'; // a rejected row: its rejects file must not appear
    s.file('big.csv', `${rows.join('\n')}\n`);
    const before = dump(s.db);
    // SIGINT part way through the file; SIGTERM as soon as the bar shows (the import may not have begun reading).
    for (const [signal, code, when] of [['SIGINT', 130, /importing \[.*\] [1-9]\d*% /], ['SIGTERM', 143, /importing \[/]] as const) {
      const r = await interruptAtTerminal(s, ['import', path.join(s.dir, 'big.csv'), '--type', 'hours', '--skip-invalid'], signal, when);
      expect(r.code, r.screen).toBe(code);
      expect(r.screen).toContain('\u001b[?25l'); // the bar hid the cursor ...
      expect(r.screen).toContain('\u001b[?25h'); // ... and shows it again
      expect(r.screen).toContain('\u001b[?7h'); // line wrap back on
      expect(r.screen).toMatch(new RegExp(`\\u001b\\[2Kcredtrack: the import was interrupted \\(${signal}\\); nothing was imported\\r?\\n`));
      expect(r.screen).not.toContain('rows read');
      expect(dump(s.db), signal).toEqual(before);
      expect(fs.readdirSync(s.dir).filter((f) => f.includes('rejects'))).toEqual([]);
    }
    // The database is whole and the next import runs.
    expect(s.run(['doctor']).code).toBe(0);
    s.file('small.csv', 'person_id,date,category,hours\nP1,2024-02-01,work,4\n');
    expect(s.run(['import', 'small.csv', '--type', 'hours', '--json']).json).toMatchObject({ added: 1 });
  }, 180_000);
});

describe('import: a file with no rows', () => {
  it('a header only, an empty JSON array or NDJSON: nothing imported, no batch left behind, exit 0', () => {
    const s = withPeople('no-rows');
    const before = dump(s.db);
    for (const [name, text] of [['header.csv', `${HOURS}\n`], ['none.json', '[]'], ['blank.ndjson', '\n']] as const) {
      s.file(name, text);
      const r = s.run(['import', name, '--type', 'hours']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(`${name}: no rows — nothing imported\n`);
      const j = s.run(['import', name, '--type', 'hours', '--json', '--skip-invalid']);
      expect(j.code, j.stderr).toBe(0);
      expect(j.json).toMatchObject({ batch: null, read: 0, added: 0, rejected: 0, rejects_file: null });
      expect(fs.existsSync(path.join(s.dir, `${name}.rejects.csv`))).toBe(false);
    }
    expect(dump(s.db)).toEqual(before);
    expect(s.run(['imports', 'list', '--json']).json.batches).toHaveLength(1);
  });
});

describe('import: atomic', () => {
  it('a bad last row of a large file leaves the database content unchanged', () => {
    const s = withPeople('atomic');
    const before = dump(s.db);
    // One day each (a person's day holds at most 24 hours): 1970-01-01 onwards.
    const day = (i: number) => new Date(Date.UTC(1970, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    const rows = Array.from({ length: 20_000 }, (_, i) => `E${i},P${(i % 2) + 1},${day(i)},,work,4,,yes,yes,,,,`);
    rows.push('LAST,P1,2025-01-01,,work,99,,yes,yes,,,,');
    s.file('big.csv', `${HOURS}\n${rows.join('\n')}\n`);
    const r = s.run(['import', 'big.csv', '--type', 'hours']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/big\.csv:20002: hours: 99 is more than 24 hours a day/);
    expect(dump(s.db)).toEqual(before);
  });

  it('--dry-run reports what would happen and writes nothing', () => {
    const s = withPeople('dry');
    const before = dump(s.db);
    s.file('h.csv', `${HOURS}\nE1,P1,2025-01-05,,work,8,,yes,yes,,,,\n`);
    const r = s.run(['import', 'h.csv', '--type', 'hours', '--dry-run', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ batch: null, dry_run: true, read: 1, added: 1 });
    expect(dump(s.db)).toEqual(before);
    const text = s.run(['import', 'h.csv', '--type', 'hours', '--dry-run']);
    expect(text.stdout).toMatch(/dry run, nothing written — 1 row read: 1 would be added/);
  });
});

describe('import: idempotent', () => {
  it('re-importing the same file adds nothing and says so', () => {
    const s = withPeople('idem');
    s.file('h.csv', `${HOURS}\nE1,P1,2025-01-05,,work,8,,yes,yes,,,,\n,P1,2025-01-06,,work,8,,yes,yes,,,,\n`);
    expect(s.run(['import', 'h.csv', '--type', 'hours']).code).toBe(0);
    const again = s.run(['import', 'h.csv', '--type', 'hours', '--json']);
    expect(again.json).toMatchObject({ added: 0, updated: 0, unchanged: 2, same_file_as: ['B2'] });
    expect(count(s.db, 'hours')).toBe(2);
    expect(workHours(s, 'P1')).toBe(16);
  });

  it('re-running an older file says it set back later corrections, and by whom; undo puts them back (QA F3)', () => {
    const s = withPeople('rerun');
    s.file('a.csv', `${HOURS}\nE1,P1,2025-03-07,,work,8,,,,,,,original\nE2,P1,2025-03-08,,work,8,,,,,,,original\nE3,P1,2025-03-09,,work,8,,,,,,,original\n`);
    s.file('b.csv', `${HOURS}\nE1,P1,2025-03-07,,work,6,,,,,,,corrected\n`);
    expect(s.run(['import', 'a.csv', '--type', 'hours']).code).toBe(0); // B2
    expect(s.run(['import', 'b.csv', '--type', 'hours']).code).toBe(0); // B3: a correction file
    expect(s.run(['log', 'P1', '--entry-id', 'E2', '--category', 'work', '--hours', '7', '--date', '2025-03-08']).code).toBe(0);
    const stored = () => (dump(s.db, ['hours']).hours as { hours: number; note: string }[]).map((h) => [h.hours, h.note]);
    const note = 'note: the same file was imported before as B2; 2 rows changed since (by B3, credtrack log)';

    const dry = s.run(['import', 'a.csv', '--type', 'hours', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toContain(`${note} would be set back to this file's values\n`);
    expect(dry.stderr).not.toContain('left as they were');

    const r = s.run(['import', 'a.csv', '--type', 'hours']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('a.csv: B4 — 3 rows read: 0 added, 2 updated, 1 unchanged, 0 rejected\n');
    expect(r.stderr).toBe(`${note} were set back to this file's values — \`credtrack imports undo B4\` puts back the values B4 replaced\n`);
    expect(stored()).toEqual([[8, 'original'], [8, 'original'], [8, 'original']]);

    // Run once more: nothing changed since B4, so nothing is set back and the note says so.
    const third = s.run(['import', 'a.csv', '--type', 'hours', '--json']);
    expect(third.json).toMatchObject({ batch: 'B5', updated: 0, unchanged: 3, same_file_as: ['B2', 'B4'], set_back: 0, set_back_by: [] });
    expect(s.run(['imports', 'undo', 'B5']).code).toBe(0);

    expect(s.run(['imports', 'undo', 'B4']).code).toBe(0);
    expect(stored()).toEqual([[6, 'corrected'], [7, 'original'], [8, 'original']]);
    const json = s.run(['import', 'a.csv', '--type', 'hours', '--json']);
    expect(json.json).toMatchObject({ batch: 'B6', updated: 2, same_file_as: ['B2'], set_back: 2, set_back_by: ['B3', 'log'] });
  });

  it('re-running a file whose rows were not all written before: updated rows not changed since are not called set back', () => {
    const s = withPeople('rerun-other');
    // E1 is rejected the first time (P3 is not yet a person), so its row was never this file's values.
    s.file('a.csv', `${HOURS}\nE1,P1,2025-03-07,,work,8,,,,,,,original\nE9,P3,2025-03-07,,work,8,,,,,,,\n`);
    expect(s.run(['import', 'a.csv', '--type', 'hours', '--skip-invalid']).code).toBe(0); // B2
    s.file('b.csv', `${HOURS}\nE1,P1,2025-03-07,,work,6,,,,,,,corrected\n`);
    expect(s.run(['import', 'b.csv', '--type', 'hours']).code).toBe(0); // B3
    s.file('p3.csv', 'person_id,first_name\nP3,Cy\n');
    expect(s.run(['import', 'p3.csv', '--type', 'people']).code).toBe(0); // B4
    s.file('e9.csv', `${HOURS}\nE9,P3,2025-03-07,,work,5,,,,,,,\n`);
    expect(s.run(['import', 'e9.csv', '--type', 'hours']).code).toBe(0); // B5
    const r = s.run(['import', 'a.csv', '--type', 'hours', '--skip-invalid']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("note: the same file was imported before as B2; 1 row changed since (by B3) was set back to this file's values, "
      + "and 1 row more was updated to this file's values — `credtrack imports undo B6` puts back the values B6 replaced\n");
  });

  it('hours keyed by entry_id are updated when their values change; undo restores them', () => {
    const s = withPeople('update');
    s.file('h.csv', `${HOURS}\nE1,P1,2025-01-05,,work,8,,yes,yes,,,,\n`);
    s.run(['import', 'h.csv', '--type', 'hours']);
    s.file('fix.csv', `${HOURS}\nE1,P1,2025-01-05,,work,6,,yes,yes,,,,\n`);
    const r = s.run(['import', 'fix.csv', '--type', 'hours', '--json']);
    expect(r.json).toMatchObject({ batch: 'B3', added: 0, updated: 1, unchanged: 0 });
    expect(workHours(s, 'P1')).toBe(6);
    const audit = dump(s.db, ['audit']).audit as { record_type: string; action: string; before: string; after: string; batch_id: number }[];
    const change = audit.find((a) => a.record_type === 'hours' && a.action === 'change');
    expect(change).toMatchObject({ batch_id: 3 });
    expect(JSON.parse(change!.before).hours).toBe(8);
    expect(JSON.parse(change!.after).hours).toBe(6);
    expect(s.run(['imports', 'undo', 'B3']).code).toBe(0);
    expect(workHours(s, 'P1')).toBe(8);
  });

  it('an entry_id of another person is an error', () => {
    const s = withPeople('other');
    s.file('h.csv', `${HOURS}\nE1,P1,2025-01-05,,work,8,,yes,yes,,,,\n`);
    s.run(['import', 'h.csv', '--type', 'hours']);
    s.file('h2.csv', `${HOURS}\nE1,P2,2025-01-05,,work,8,,yes,yes,,,,\n`);
    const r = s.run(['import', 'h2.csv', '--type', 'hours']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/h2\.csv:2: entry_id: "E1" is already the id of an entry of another person/);
  });

  it('an exact duplicate inside one file is recorded once and reported; a contradicting one is an error', () => {
    const s = withPeople('dupes');
    s.file('d.csv', `${HOURS}\n,P1,2025-01-05,,work,8,,yes,yes,,,,\n,P1,2025-01-05,,work,8,,yes,yes,,,,\n`);
    const r = s.run(['import', 'd.csv', '--type', 'hours', '--json']);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ read: 2, added: 1, duplicates: 1 });
    expect(r.stderr).toMatch(/d\.csv:3: repeats an earlier row of this file; recorded once/);
    expect(workHours(s, 'P1')).toBe(8);
    s.file('c.csv', `${HOURS}\nX1,P1,2025-02-05,,work,8,,yes,yes,,,,\nX1,P1,2025-02-05,,work,7,,yes,yes,,,,\n`);
    const c = s.run(['import', 'c.csv', '--type', 'hours']);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/c\.csv:3: entry_id: has the same key as an earlier row of this file but different values/);
  });

  it('people rows update only the fields they give', () => {
    const s = withPeople('people-update');
    s.file('p2.csv', 'person_id,site,first_name\nP1,Springfield,\nP3,,Cy\n');
    const r = s.run(['import', 'p2.csv', '--type', 'people', '--json']);
    expect(r.json).toMatchObject({ added: 1, updated: 1, unchanged: 0 });
    const p1 = s.run(['people', 'show', 'P1', '--json']).json.person;
    expect(p1).toMatchObject({ first_name: 'Ana', last_name: 'Diaz', site: 'Springfield', education: 'high_school' });
    expect(s.run(['imports', 'undo', 'B2']).code).toBe(0);
    expect(s.run(['people', 'show', 'P1', '--json']).json.person.site).toBeNull();
    expect(s.run(['people', 'show', 'P3']).code).toBe(2);
  });
});

describe('import: --skip-invalid and the rejects file', () => {
  it('writes the valid rows and every rejected row with its line and error', () => {
    const s = withPeople('rejects');
    s.file('h.csv', 'person_id,date,category,hours,note\nP1,2025-01-05,work,8,"first, good"\nP9,2025-01-06,work,8,who\nP1,2025-01-07,work,30,"long\nday"\nP1,2025-01-08,work,8,good\n');
    const r = s.run(['import', 'h.csv', '--type', 'hours', '--skip-invalid', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ read: 4, added: 2, rejected: 2, rejects_file: 'h.csv.rejects.csv' });
    const file = path.join(s.dir, 'h.csv.rejects.csv');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const text = fs.readFileSync(file, 'utf8');
    expect(text.split('\n')[0]).toBe('person_id,date,category,hours,note,line,error');
    expect(text).toContain('P9,2025-01-06,work,8,who,3,"person_id: ""P9"" is not a known person');
    expect(text).toContain('P1,2025-01-07,work,30,"long\nday",4,hours: 30 is more than 24 hours a day');
    expect(s.run(['imports', 'show', 'B2', '--json']).json).toMatchObject({ read: 4, added: 2, rejected: 2 });
  });

  it('imports list and show give times in local time, as audit does; JSON and CSV keep the stored UTC time', () => {
    const s = withPeople('imports-local-time');
    const at = s.run(['imports', 'list', '--json']).json.batches[0].at as string;
    expect(at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    // Kiritimati is UTC+14 all year: the local time is the stored one plus 14 hours.
    const local = new Date(Date.parse(at) + 14 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
    const env = { TZ: 'Pacific/Kiritimati' };
    const out = (r: ReturnType<Sandbox['run']>) => { expect(r.code, r.stderr).toBe(0); return r.stdout; };
    expect(out(s.run(['imports', 'list'], { env }))).toContain(`│ B1    │ ${local} │`);
    expect(out(s.run(['imports', 'show', 'B1'], { env }))).toContain(`when                   ${local}\n`);
    expect(out(s.run(['audit', '--limit', '1'], { env }))).toContain(local.slice(0, 16));
    expect(out(s.run(['imports', 'list', '--format', 'csv'], { env }))).toContain(`B1,${at},`);
  });

  it('a row with more cells than the header is written to the rejects file as given, every cell, then its line and error', () => {
    const s = withPeople('rejects-wide');
    s.file('w.csv', 'person_id,date,category,hours\nP1,2025-01-05,work,8\nP1,2025-01-06,work,8,oops,"x, y"\n');
    const r = s.run(['import', 'w.csv', '--type', 'hours', '--skip-invalid', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ read: 2, added: 1, rejected: 1 });
    const [header, row] = fs.readFileSync(path.join(s.dir, 'w.csv.rejects.csv'), 'utf8').split('\n');
    expect(header).toBe('person_id,date,category,hours,line,error');
    expect(row).toBe('P1,2025-01-06,work,8,oops,"x, y",3,"row: has 6 cells, the header has 4"');
    // Imported again unfixed, it is refused for the same reason (its line and error are not read as cells).
    const again = s.run(['import', 'w.csv.rejects.csv', '--type', 'hours']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('w.csv.rejects.csv:2: row: has 6 cells, the header has 4 (before line and error)');
  });

  it('an unquoted decimal comma: the rejects row keeps every cell, and fixed with sed it imports as it is (QA3 L4)', () => {
    const s = withPeople('rejects-decimal-comma');
    s.file('h.csv', 'person_id,date,category,hours,supervised,paid\nP1,2025-11-19,work,7,yes,yes\nP1,2025-11-20,work,7,5,yes,yes\n');
    expect(ok(s.run(['import', 'h.csv', '--type', 'hours', '--skip-invalid', '--json'])).json).toMatchObject({ added: 1, rejected: 1 });
    const rejects = path.join(s.dir, 'h.csv.rejects.csv');
    expect(fs.readFileSync(rejects, 'utf8')).toBe('person_id,date,category,hours,supervised,paid,line,error\nP1,2025-11-20,work,7,5,yes,yes,3,"row: has 7 cells, the header has 6"\n');
    expect(spawnSync('sed', ['-i', 's/7,5/7.5/', rejects]).status).toBe(0);
    expect(ok(s.run(['import', rejects, '--type', 'hours', '--json'])).json).toMatchObject({ read: 1, added: 1, rejected: 0 });
    const rows = ok(s.run(['export', '--type', 'hours'])).stdout.trim().split('\n').slice(1);
    expect(rows).toEqual([',P1,2025-11-19,,work,7,,yes,yes,,,,', ',P1,2025-11-20,,work,7.5,,yes,yes,,,,']);
  });

  it('a fixed rejects file imports as it is (its line and error columns are ignored)', () => {
    const s = withPeople('reimport-rejects');
    s.file('h.csv', 'person_id,date,category,hours\nP1,2025-01-05,work,8\nP1,2025-01-06,work,30\n');
    s.run(['import', 'h.csv', '--type', 'hours', '--skip-invalid', '--rejects', 'fix-me.csv']);
    const fixed = fs.readFileSync(path.join(s.dir, 'fix-me.csv'), 'utf8').replace(',30,', ',10,');
    s.file('fix-me.csv', fixed);
    const r = s.run(['import', 'fix-me.csv', '--type', 'hours', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ added: 1 });
    expect(workHours(s, 'P1')).toBe(0); // neither entry is marked supervised
  });

  it('a fixed rejects file of a JSON or NDJSON import imports as it is: an empty other column is ignored like line and error', () => {
    for (const format of ['json', 'ndjson'] as const) {
      const s = withPeople(`reimport-rejects-${format}`);
      const rows = [
        { entry_id: 'A', person_id: 'P1', date: '2025-03-07', category: 'work', hours: '7,5' },
        { entry_id: 'B', person_id: 'P1', date: '2025-03-08', category: 'work', hours: 6 },
      ];
      s.file(`h.${format}`, format === 'json' ? JSON.stringify(rows) : rows.map((r) => JSON.stringify(r)).join('\n'));
      expect(s.run(['import', `h.${format}`, '--type', 'hours', '--skip-invalid', '--json']).json).toMatchObject({ added: 1, rejected: 1 });
      const rejects = path.join(s.dir, `h.${format}.rejects.csv`);
      const text = fs.readFileSync(rejects, 'utf8');
      expect(text.split('\n')[0]).toBe(`${HOURS},other,line,error`);
      fs.writeFileSync(rejects, text.replace('"7,5"', '7.5'));
      const r = s.run(['import', rejects, '--type', 'hours', '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.json).toMatchObject({ read: 1, added: 1, rejected: 0 });
      expect(workHours(s, 'P1')).toBe(0); // unsupervised work: counted nowhere, but both entries are there
      expect(count(s.db, 'hours')).toBe(2);
    }
  });

  it("a rejects file row whose other cell holds keys is refused naming them, and they stay in the next rejects file", () => {
    const s = withPeople('reimport-rejects-other');
    s.file('h.json', JSON.stringify([
      { person_id: 'P1', date: '2025-03-07', category: 'work', hours: 8, overtime: 2, Shift: 'night' },
      { person_id: 'P1', date: '2025-03-08', category: 'work', hours: '7,5' },
    ]));
    expect(s.run(['import', 'h.json', '--type', 'hours', '--skip-invalid', '--json']).json).toMatchObject({ added: 0, rejected: 2 });
    const rejects = path.join(s.dir, 'h.json.rejects.csv');
    fs.writeFileSync(rejects, fs.readFileSync(rejects, 'utf8').replace('"7,5"', '7.5'));
    const before = dump(s.db);
    const r = s.run(['import', rejects, '--type', 'hours']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('h.json.rejects.csv: 1 of 2 rows has a problem; nothing was imported');
    expect(r.stderr).toContain('h.json.rejects.csv:2: other.overtime, other.Shift: unknown columns');
    expect(dump(s.db)).toEqual(before);
    // With --skip-invalid the good row goes in, and the next rejects file keeps the other cell as it was.
    const again = s.run(['import', rejects, '--type', 'hours', '--skip-invalid', '--rejects', 'again.csv', '--json']);
    expect(again.json).toMatchObject({ read: 2, added: 1, rejected: 1 });
    const [header, row] = fs.readFileSync(path.join(s.dir, 'again.csv'), 'utf8').split('\n');
    expect(header).toBe(`${HOURS},other,line,error`);
    expect(row).toContain(',"{""overtime"":""2"",""Shift"":""night""}",2,');
    // Emptying the cell drops the keys on purpose: the row imports.
    s.file('fixed.csv', `${header}\n${row!.replace(/,"\{.*\}",/, ',,')}\n`);
    expect(ok(s.run(['import', 'fixed.csv', '--type', 'hours', '--json'])).json).toMatchObject({ added: 1 });
    // Not a JSON object: a problem of its own.
    s.file('bad-other.csv', `${HOURS},other,line,error\n,P1,2025-03-09,,work,4,,,,,,,,overtime=2,5,\n`);
    const bad = s.run(['import', 'bad-other.csv', '--type', 'hours']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bad-other.csv:2: row: other: "overtime=2" is not a JSON object');
  });

  it('an other column counts only in a rejects file, right before its trailing line and error', () => {
    const s = withPeople('other-column');
    for (const header of ['person_id,date,category,hours,other', 'person_id,date,category,hours,other,line', 'person_id,date,category,other,hours,line,error']) {
      s.file('o.csv', `${header}\nP1,2025-03-07,work,4,,,\n`);
      const r = s.run(['import', 'o.csv', '--type', 'hours']);
      expect(r.code, header).toBe(2);
      expect(r.stderr, header).toContain('"other" (column');
    }
    expect(count(s.db, 'hours')).toBe(0);
  });

  it("removes the temporary rejects file a killed import left, and keeps a running import's", () => {
    const s = withPeople('orphan-rejects');
    s.file('h.csv', 'person_id,date,category,hours\nP1,2025-01-05,work,8\nP1,2025-01-06,work,30\n');
    const gone = spawnSync(process.execPath, ['-e', '']).pid!; // a process that has ended
    const orphan = s.file(`h.csv.rejects.csv.${gone}.tmp`, 'person_id\n');
    const running = s.file(`h.csv.rejects.csv.${process.pid}.tmp`, 'person_id\n');
    const other = s.file(`other.csv.rejects.csv.${gone}.tmp`, 'person_id\n');
    const r = s.run(['import', 'h.csv', '--type', 'hours', '--skip-invalid', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(fs.existsSync(orphan)).toBe(false);
    expect(fs.existsSync(running)).toBe(true);
    expect(fs.existsSync(other)).toBe(true); // another file's: left to its own import
    expect(fs.readdirSync(s.dir).filter((f) => f.endsWith('.tmp')).sort()).toEqual([path.basename(running), path.basename(other)].sort());
  });

  it('with standard input, --skip-invalid needs --rejects', () => {
    const s = withPeople('stdin-rejects');
    const r = s.run(['import', '-', '--type', 'hours', '--format', 'csv', '--skip-invalid'], { input: 'person_id,date,category,hours\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--rejects/);
  });
});

describe('import: formats and spreadsheet quirks', () => {
  it('reads standard input', () => {
    const s = withPeople('stdin');
    const r = s.run(['import', '-', '--type', 'hours', '--format', 'csv', '--json'], { input: 'person_id,date,category,hours,supervised\nP1,2025-01-05,work,8,yes\n' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ file: 'stdin', added: 1 });
    const guess = s.run(['import', '-', '--type', 'hours'], { input: '' });
    expect(guess.code).toBe(2);
    expect(guess.stderr).toMatch(/give --format/);
  });

  it('holds no lock while standard input is still coming: another writer is not kept waiting', async () => {
    const s = withPeople('stdin-lock');
    const child = spawn(BIN, ['import', '-', '--type', 'hours', '--format', 'csv', '--json'], {
      cwd: s.dir, env: { ...process.env, CREDTRACK_DB: s.db, NO_COLOR: '1', USER: 'tester', CREDTRACK_BUSY_TIMEOUT: '2' },
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { out += d; });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.stdin.write('person_id,date,category,hours,supervised\nP1,2025-01-05,work,8,yes\n');
    await new Promise((r) => setTimeout(r, 500));
    // The import is waiting for the rest of its input; a write elsewhere goes through at once.
    const log = s.run(['log', 'P2', '--category', 'work', '--hours', '4', '--date', '2025-01-06', '--supervised'], { env: { CREDTRACK_BUSY_TIMEOUT: '2' } });
    expect(log.code, log.stderr).toBe(0);
    child.stdin.end('P1,2025-01-07,work,8,yes\n');
    expect(await exited).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ file: 'stdin', read: 2, added: 2 });
    expect(workHours(s, 'P1')).toBe(16);
    expect(workHours(s, 'P2')).toBe(4);
  });

  it('reads a JSON array and NDJSON, with JSON types and ids written as numbers', () => {
    const s = withPeople('json');
    s.file('people.json', JSON.stringify([{ person_id: 1001, first_name: 'Dee', lived_experience: true, hire_date: '2025-01-02' }]));
    const p = s.run(['import', 'people.json', '--type', 'people', '--json']);
    expect(p.code, p.stderr).toBe(0);
    expect(p.json).toMatchObject({ added: 1 });
    s.file('h.ndjson', '{"person_id":"1001","date":"2025-01-05","category":"work","hours":8,"supervised":true}\n\n{"person_id":"1001","date":"2025-01-06","category":"work","hours":"7.5","supervised":"yes"}\n');
    const h = s.run(['import', 'h.ndjson', '--type', 'hours', '--json']);
    expect(h.code, h.stderr).toBe(0);
    expect(h.json).toMatchObject({ read: 2, added: 2 });
    expect(workHours(s, '1001')).toBe(15.5);
  });

  it('names the line of a bad NDJSON row and the item of a bad JSON row', () => {
    const s = withPeople('json-bad');
    s.file('h.ndjson', '{"person_id":"P1","date":"2025-01-05","category":"work","hours":8}\n{"person_id":"P1","date":"2025-01-05","category":"work","hours":8,"shift":"night"}\nnot json\n[1]\n');
    const n = s.run(['import', 'h.ndjson', '--type', 'hours']);
    expect(n.code).toBe(2);
    expect(n.stderr).toMatch(/h\.ndjson:2: shift: unknown column/);
    expect(n.stderr).toMatch(/h\.ndjson:3: row: is not JSON/);
    expect(n.stderr).toMatch(/h\.ndjson:4: row: is an array, not an object/);
    s.file('h.json', JSON.stringify([{ person_id: 'P1', date: '2025-01-05', category: 'work', hours: 8 }, { person_id: 'P1', date: '2025-13-01', category: 'work', hours: 8 }]));
    const j = s.run(['import', 'h.json', '--type', 'hours']);
    expect(j.code).toBe(2);
    expect(j.stderr).toMatch(/h\.json: item 2: date: "2025-13-01" is not valid/);
    s.file('obj.json', '{"person_id":"P1"}');
    expect(s.run(['import', 'obj.json', '--type', 'hours']).stderr).toMatch(/expected a JSON array of objects/);
    expect(count(s.db, 'hours')).toBe(0);
  });

  it('takes a spreadsheet export as it comes: BOM, CRLF, spaced headers, quoted commas and newlines, every yes/no spelling', () => {
    const s = initialised('excel');
    const text = '\uFEFF Person ID ,First Name,Last Name,Lived Experience\r\n' +
      'P1,"Diaz, Ana",Diaz,Yes\r\nP2,Ben,"O\'Kafor\r\nJr",No\r\nP3,Cy,Lund,TRUE\r\nP4,Di,Moe,false\r\nP5,Ed,Nu,y\r\nP6,Flo,Oz,N\r\nP7,Gus,Po,1\r\nP8,Hal,Qu,0\r\n,,,\r\n';
    s.file('staff.csv', text);
    const r = s.run(['import', 'staff.csv', '--type', 'people', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ read: 8, added: 8, rejected: 0 });
    const people = s.run(['people', 'list', '--json']).json.people as { person_id: string; first_name: string; last_name: string; lived_experience: boolean }[];
    expect(people.map((p) => p.lived_experience)).toEqual([true, false, true, false, true, false, true, false]);
    expect(people[0]!.first_name).toBe('Diaz, Ana');
    expect(people[1]!.last_name).toBe("O'Kafor\r\nJr");
    // The line after a quoted newline is counted right.
    s.file('h.csv', 'person_id,date,category,hours,note\r\nP2,2025-01-05,work,8,"two\r\nlines"\r\nP2,2025-01-06,work,x,\r\n');
    const bad = s.run(['import', 'h.csv', '--type', 'hours']);
    expect(bad.stderr).toMatch(/h\.csv:4: hours: "x" is not a number/);
  });

  it('a header ending in unnamed columns (Excel: person_id,date,category,hours,,) imports when they are empty in every row', () => {
    const s = withPeople('unnamed-columns');
    s.file('h.csv', 'person_id,date,category,hours,,\r\nP1,2025-03-07,work,7,,\r\nP1,2025-03-08,work,6\r\n,,,,,\r\n');
    const r = s.run(['import', 'h.csv', '--type', 'hours', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ read: 2, added: 2, rejected: 0 });
    // An unnamed column between named ones, empty throughout, is nothing too.
    s.file('m.csv', 'person_id,,date,category,hours\nP2,,2025-03-07,work,5\n');
    expect(ok(s.run(['import', 'm.csv', '--type', 'hours', '--json'])).json).toMatchObject({ added: 1 });
  });

  it('an unnamed column holding a value in some row is refused naming the line and column; nothing is dropped', () => {
    const s = withPeople('unnamed-data');
    // Checked row by row as the file streams: the value is in the last of 5,000 rows.
    const lines = ['person_id,date,category,hours,,,entry_id'];
    for (let i = 0; i < 5000; i++) lines.push(`P1,2025-01-${String((i % 28) + 1).padStart(2, '0')},training,0.01,,,E${i}`);
    lines[5000] = 'P1,2025-02-01,training,0.01,,overtime 2,E5000';
    s.file('h.csv', `${lines.join('\r\n')}\r\n`);
    const before = dump(s.db);
    const r = s.run(['import', 'h.csv', '--type', 'hours']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('h.csv: 1 of 5000 rows has a problem; nothing was imported');
    expect(r.stderr).toContain('h.csv:5001: row: column 6 has no name in the header but holds "overtime 2"');
    expect(dump(s.db)).toEqual(before);
    // --skip-invalid: the rejects file keeps the value under its unnamed column, and re-imports once it is moved.
    const k = s.run(['import', 'h.csv', '--type', 'hours', '--skip-invalid', '--json']);
    expect(k.json).toMatchObject({ read: 5000, added: 4999, rejected: 1 });
    const text = fs.readFileSync(path.join(s.dir, 'h.csv.rejects.csv'), 'utf8');
    expect(text.split('\n').slice(0, 2)).toEqual(['person_id,date,category,hours,,,entry_id,line,error',
      'P1,2025-02-01,training,0.01,,overtime 2,E5000,5001,"row: column 6 has no name in the header but holds ""overtime 2""; name the column or move the value"']);
    s.file('fixed.csv', text.replace(',,overtime 2,', ',,,'));
    expect(ok(s.run(['import', 'fixed.csv', '--type', 'hours', '--json'])).json).toMatchObject({ read: 1, added: 1 });
  });

  it('short rows (trailing empty cells left out) are read as empty cells', () => {
    const s = withPeople('short');
    s.file('h.csv', 'person_id,date,category,hours,supervised,paid\nP1,2025-01-05,work,8\n');
    const r = s.run(['import', 'h.csv', '--type', 'hours', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ added: 1 });
  });
});

describe('imports undo', () => {
  it('removes what a batch added, once, and is audited', () => {
    const s = withPeople('undo');
    s.file('h.csv', `${HOURS}\nE1,P1,2025-01-05,,work,8,,yes,yes,,,,\nE2,P1,2025-01-06,,work,8,,yes,yes,,,,\n`);
    s.run(['import', 'h.csv', '--type', 'hours']);
    expect(workHours(s, 'P1')).toBe(16);
    const r = s.run(['imports', 'undo', 'B2', '--json', '--actor', 'hr-lead']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toEqual({ batch: 'B2', type: 'hours', removed: 2, restored: 0, already_removed: 0 });
    expect(workHours(s, 'P1')).toBe(0);
    const again = s.run(['imports', 'undo', 'B2']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/B2 was already undone .* by hr-lead/);
    const list = s.run(['imports', 'list', '--json']).json.batches;
    expect(list[1]).toMatchObject({ id: 'B2', undone_by: 'hr-lead' });
    const audit = dump(s.db, ['audit']).audit as { record_type: string; action: string; actor: string; record_key: string }[];
    expect(audit.at(-1)).toMatchObject({ record_type: 'import_batch', action: 'remove', actor: 'hr-lead', record_key: 'B2' });
  });

  it('undoing a people batch keeps each removed person in the audit log (their fields as the before-image)', () => {
    const s = withPeople('undo-people-audit');
    s.file('p33.csv', 'person_id,first_name,last_name,hire_date,site,status\nP33,Sup,Er,2026-01-01,Hartford,active\n');
    expect(s.run(['import', 'p33.csv', '--type', 'people']).code).toBe(0);
    expect(s.run(['imports', 'undo', 'B2']).code).toBe(0);
    const removal = s.run(['audit', '--json', '--person', 'P33']).json.audit.find((e: { action: string }) => e.action === 'remove');
    expect(removal).toMatchObject({ record_type: 'people', record_key: 'P33', after: null,
      before: { first_name: 'Sup', last_name: 'Er', hire_date: '2026-01-01', site: 'Hartford', status: 'active', email: null } });
  });

  it('refuses to undo people who have records since, and a batch changed later; nothing is changed', () => {
    const s = withPeople('undo-refused');
    s.file('h.csv', `${HOURS}\nE1,P1,2025-01-05,,work,8,,yes,yes,,,,\n`);
    s.run(['import', 'h.csv', '--type', 'hours']);
    const before = dump(s.db);
    const people = s.run(['imports', 'undo', 'B1']);
    expect(people.code).toBe(2);
    expect(people.stderr).toMatch(/B1 cannot be undone: people it added have records from elsewhere \(P1\)/);
    s.file('fix.csv', `${HOURS}\nE1,P1,2025-01-05,,work,6,,yes,yes,,,,\n`);
    s.run(['import', 'fix.csv', '--type', 'hours']);
    const later = s.run(['imports', 'undo', 'B2']);
    expect(later.code).toBe(2);
    expect(later.stderr).toMatch(/undo B3 first/);
    expect(s.run(['imports', 'undo', 'B3']).code).toBe(0);
    expect(s.run(['imports', 'undo', 'B2']).code).toBe(0);
    expect(s.run(['imports', 'undo', 'B1']).code).toBe(0);
    expect(count(s.db, 'people')).toBe(0);
    expect(before.people).toHaveLength(2);
  });

  it('refuses to discard a later change made by a command', () => {
    const s = withPeople('undo-command');
    const r = s.run(['people', 'edit', 'P1', '--site', 'Peoria']);
    expect(r.code, r.stderr).toBe(0);
    const undo = s.run(['imports', 'undo', 'B1']);
    expect(undo.code).toBe(2);
    expect(undo.stderr).toMatch(/people P1 changed by `people edit`/);
  });

  it('names an unknown batch', () => {
    const s = withPeople('undo-unknown');
    expect(s.run(['imports', 'undo', 'B9']).stderr).toMatch(/no import batch B9/);
    expect(s.run(['imports', 'show', 'twelve']).stderr).toMatch(/"twelve" is not a batch id/);
  });
});
