// credtrack audit end to end: who changed what, filtered by person and date, as a table,
// JSON and CSV.
import os from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { initialised, type Sandbox } from '../helpers/cli.js';
import { ok, steps, withDb } from './helpers.js';

describe('credtrack audit', () => {
  let s: Sandbox;
  beforeAll(() => {
    s = initialised('audit');
    steps(s, [
      ['people', 'add', 'P1', '--first-name', 'Ana', '--last-name', 'Diaz', '--email', 'ana@example.org'],
      ['--actor', 'hr-bob', 'log', 'P1', '--category', 'work', '--hours', '8', '--date', '2026-01-05', '--supervised'],
      ['people', 'edit', 'P1', '--site', 'North', '--email', 'ana.diaz@example.org'],
      ['people', 'add', 'P2', '--first-name', 'Cy'],
    ]);
  });

  it('--json lists every change with its actor, command and before/after images', () => {
    const doc = ok(s.run(['audit', '--json'])).json;
    expect(Object.keys(doc)).toEqual(['audit']);
    const entries = doc.audit;
    for (const e of entries) {
      expect(Object.keys(e)).toEqual(['id', 'at', 'actor', 'command', 'action', 'record_type', 'record_key', 'person_id', 'batch_id', 'before', 'after']);
    }
    expect(entries.map((e: any) => [e.command, e.action, e.record_type, e.person_id, e.actor])).toEqual([
      ['init', 'add', 'rule_pack', null, 'tester'],
      ['people add', 'add', 'people', 'P1', 'tester'],
      ['log', 'add', 'hours', 'P1', 'hr-bob'],
      ['people edit', 'change', 'people', 'P1', 'tester'],
      ['people add', 'add', 'people', 'P2', 'tester'],
    ]);
    expect(entries[1]).toMatchObject({ record_key: 'P1', before: null, after: { person_id: 'P1', first_name: 'Ana', email: 'ana@example.org' } });
    expect(entries[2].after).toMatchObject({ date: '2026-01-05', category: 'work', hours: 8 });
    expect(entries[3]).toMatchObject({ before: { email: 'ana@example.org', site: null }, after: { email: 'ana.diaz@example.org', site: 'North' } });
    expect(entries.map((e: any) => e.id)).toEqual([...entries.map((e: any) => e.id)].sort((a, b) => a - b));
    expect(entries[0].at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('takes the actor from --actor, else $USER', () => {
    const t = initialised('audit-actor');
    ok(t.run(['people', 'add', 'P9'], { env: { USER: 'carol' } }));
    ok(t.run(['--actor', 'HR import robot', 'people', 'edit', 'P9', '--site', 'West'], { env: { USER: 'carol' } }));
    const actors = ok(t.run(['audit', '--json', '--person', 'P9'])).json.audit.map((e: any) => e.actor);
    expect(actors).toEqual(['carol', 'HR import robot']);
  });

  it('without $USER (cron), takes $LOGNAME, else the account name — never "unknown" where the system knows', () => {
    const t = initialised('audit-actor-cron');
    ok(t.run(['people', 'add', 'P8'], { env: { USER: '', LOGNAME: 'cronuser' } }));
    ok(t.run(['people', 'edit', 'P8', '--site', 'West'], { env: { USER: '', LOGNAME: '' } }));
    const actors = ok(t.run(['audit', '--json', '--person', 'P8'])).json.audit.map((e: any) => e.actor);
    expect(actors).toEqual(['cronuser', os.userInfo().username]);
  });

  it('--person keeps that person\'s entries; an unknown person is an error', () => {
    const p1 = ok(s.run(['audit', '--json', '--person', 'P1'])).json.audit;
    expect(p1.map((e: any) => e.command)).toEqual(['people add', 'log', 'people edit']);
    expect(ok(s.run(['audit', '--json', '--person', 'P2'])).json.audit).toHaveLength(1);
    const r = ok(s.run(['audit', '--person', 'NOPE']), 2);
    expect(r.stderr).toMatch(/^credtrack: unknown person "NOPE"/);
    expect(r.stdout).toBe('');
  });

  it('--since keeps entries at or after the start of that day, and checks the date', () => {
    const t = initialised('audit-since');
    steps(t, [['people', 'add', 'P1'], ['people', 'edit', 'P1', '--site', 'East']]);
    withDb(t.db, (db) => {
      db.prepare("UPDATE audit SET at = '2025-03-01T23:59:59.999Z' WHERE command = 'init'").run();
      db.prepare("UPDATE audit SET at = '2025-03-02T00:00:00.000Z' WHERE command = 'people add'").run();
    });
    const commands = (since: string) => ok(t.run(['audit', '--json', '--since', since])).json.audit.map((e: any) => e.command);
    expect(commands('2025-03-01')).toEqual(['init', 'people add', 'people edit']);
    expect(commands('2025-03-02')).toEqual(['people add', 'people edit']);
    expect(commands('2025-03-03')).toEqual(['people edit']);
    expect(commands('2999-01-01')).toEqual([]);
    expect(ok(t.run(['audit', '--since', '2025-02-30']), 2).stderr).toMatch(/^credtrack: --since: "2025-02-30" is not valid: expected a calendar date YYYY-MM-DD/);
    expect(ok(t.run(['audit', '--since', 'yesterday']), 2).stderr).toContain('--since');
  });

  it('--limit keeps the last N entries, oldest first', () => {
    const last = ok(s.run(['audit', '--json', '--limit', '2'])).json.audit;
    expect(last.map((e: any) => e.command)).toEqual(['people edit', 'people add']);
    expect(ok(s.run(['audit', '--json', '--person', 'P1', '--limit', '1'])).json.audit.map((e: any) => e.command)).toEqual(['people edit']);
    expect(ok(s.run(['audit', '--limit', '0']), 2).stderr).toContain('--limit');
    expect(ok(s.run(['audit', '--limit', 'ten']), 2).stderr).toContain('--limit');
  });

  it('prints a table with a compact before → after summary', () => {
    const out = ok(s.run(['audit'])).stdout;
    expect(out.split('\n')[1]).toMatch(/when +│ actor +│ command +│ action +│ record +│ person +│ change/);
    expect(out).toMatch(/│ hr-bob +│ log +│ add +│ hours 1 +│ P1 +│ date=2026-01-05, category=work, hours=8/);
    expect(out).toContain('email: ana@example.org → ana.diaz@example.org; site: ∅ → North');
    expect(out).not.toMatch(/\x1b\[/);
  });

  it('prints CSV with the JSON columns, before and after as JSON text', async () => {
    const { parse } = await import('csv-parse/sync');
    const rows = parse(ok(s.run(['audit', '--format', 'csv', '--person', 'P1'])).stdout, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(['id', 'at', 'actor', 'command', 'action', 'record_type', 'record_key', 'person_id', 'batch_id', 'before', 'after']);
    expect(rows).toHaveLength(3);
    expect(JSON.parse(rows[2]!.after!)).toEqual({ email: 'ana.diaz@example.org', site: 'North' });
    expect(rows[0]!.before).toBe('');
  });

  it('says so on stderr when nothing matches', () => {
    const r = ok(s.run(['audit', '--since', '2999-01-01']));
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('credtrack: no audit entries match\n');
    expect(ok(s.run(['audit', '--json', '--since', '2999-01-01'])).json).toEqual({ audit: [] });
  });
});

// Rows an import adds are not audited one by one (docs/import.md), so `audit --person`
// lists each batch that added rows for the person, at its time, among the entries: a later
// change to such a row no longer changes a record that was never created.
describe('credtrack audit --person and import batches', () => {
  let s: Sandbox;
  beforeAll(() => {
    s = initialised('audit-batches');
    steps(s, [['people', 'add', 'P1'], ['people', 'add', 'P2']]);
    s.file('w.csv', 'entry_id,person_id,date,category,hours,supervised\nW-1,P1,2026-11-19,work,8,yes\nW-2,P1,2026-11-18,work,8,yes\nW-3,P2,2026-11-18,work,8,yes\n');
    s.file('e.csv', 'person_id,date,rating\nP1,2026-10-01,satisfactory\n');
    steps(s, [
      ['--actor', 'hr-ana', 'import', 'w.csv', '--type', 'hours'],
      ['log', 'P1', '--category', 'work', '--hours', '9', '--date', '2026-11-19', '--supervised', '--entry-id', 'W-1'],
      ['--actor', 'hr-bob', 'import', 'e.csv', '--type', 'evaluations'],
    ]);
  });

  const summary = (e: any) => [e.id === null ? null : 'id', e.command, e.action, e.record_type, e.record_key, e.batch_id];

  it('--json lists the batches that added the person\'s rows, in time order, as entries with id null', () => {
    const p1 = ok(s.run(['audit', '--json', '--person', 'P1'])).json.audit;
    expect(p1.map(summary)).toEqual([
      ['id', 'people add', 'add', 'people', 'P1', null],
      [null, 'import', 'add', 'import_batch', 'B1', 1],
      ['id', 'log', 'change', 'hours', '1', null],
      [null, 'import', 'add', 'import_batch', 'B2', 2],
    ]);
    expect(p1[1]).toMatchObject({ actor: 'hr-ana', person_id: 'P1', before: null, after: { file: 'w.csv', type: 'hours', rows: 2 } });
    expect(Object.keys(p1[1])).toEqual(['id', 'at', 'actor', 'command', 'action', 'record_type', 'record_key', 'person_id', 'batch_id', 'before', 'after']);
    expect(p1[3]).toMatchObject({ actor: 'hr-bob', after: { file: 'e.csv', type: 'evaluations', rows: 1 } });
    expect(ok(s.run(['audit', '--json', '--person', 'P2'])).json.audit.map((e: any) => e.after.rows ?? e.record_key)).toEqual(['P2', 1]);
    // The whole log is as it was: one entry per batch, no person.
    expect(ok(s.run(['audit', '--json'])).json.audit.filter((e: any) => e.id === null)).toEqual([]);
  });

  it('CSV has the same rows, the batch entries with an empty id', async () => {
    const { parse } = await import('csv-parse/sync');
    const rows = parse(ok(s.run(['audit', '--format', 'csv', '--person', 'P1'])).stdout, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.id === '' ? null : 'id', r.command, r.record_type, r.record_key])).toEqual([
      ['id', 'people add', 'people', 'P1'], [null, 'import', 'import_batch', 'B1'], ['id', 'log', 'hours', '1'], [null, 'import', 'import_batch', 'B2'],
    ]);
    expect(JSON.parse(rows[1]!.after!)).toEqual({ file: 'w.csv', type: 'hours', rows: 2 });
  });

  it('the table says what each batch added for the person, and names the batch an entry came from', () => {
    const out = ok(s.run(['audit', '--person', 'P1'])).stdout;
    expect(out).toMatch(/│ hr-ana +│ import B1 +│ add +│ import_batch B1 +│ P1 +│ import B1 \(w\.csv\): 2 hours rows added for P1 +│/);
    expect(out).toMatch(/│ hr-bob +│ import B2 +│ add +│ import_batch B2 +│ P1 +│ import B2 \(e\.csv\): 1 evaluations row added for P1 +│/);
    expect(out.indexOf('import B1 (w.csv)')).toBeLessThan(out.indexOf('hours: 8 → 9'));
    // The batch's own entry in the whole log names it in the command column too.
    expect(ok(s.run(['audit'])).stdout).toMatch(/│ hr-ana +│ import B1 +│ add +│ import_batch B1 +│ +│ file=w\.csv/);
  });

  it('--since and --limit count the batch entries like the others; an undone batch added nothing', () => {
    expect(ok(s.run(['audit', '--json', '--person', 'P1', '--limit', '2'])).json.audit.map(summary)).toEqual([
      ['id', 'log', 'change', 'hours', '1', null], [null, 'import', 'add', 'import_batch', 'B2', 2],
    ]);
    expect(ok(s.run(['audit', '--json', '--person', 'P1', '--since', '2999-01-01'])).json.audit).toEqual([]);
    const t = initialised('audit-batches-undo');
    steps(t, [['people', 'add', 'P1']]);
    t.file('e.csv', 'person_id,date,rating\nP1,2026-10-01,satisfactory\n');
    steps(t, [['import', 'e.csv', '--type', 'evaluations'], ['imports', 'undo', 'B1']]);
    expect(ok(t.run(['audit', '--json', '--person', 'P1'])).json.audit.map((e: any) => e.id === null)).toEqual([false]);
  });

  it('reads the person\'s rows through the index on the person', () => {
    withDb(s.db, (db) => {
      for (const t of ['positions', 'hours', 'exams', 'credentials', 'evaluations', 'screenings']) {
        const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT batch_id, count(*) FROM ${t} WHERE person = (SELECT id FROM people WHERE person_id = 'P1') AND batch_id IS NOT NULL GROUP BY batch_id`).all() as { detail: string }[];
        expect(plan.map((p) => p.detail).join('\n'), t).toMatch(new RegExp(`SEARCH ${t} USING (COVERING )?INDEX \\w+ \\(person=\\?`));
      }
    });
  });
});
