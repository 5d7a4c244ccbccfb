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
