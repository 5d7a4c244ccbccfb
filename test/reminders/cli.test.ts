// End to end through bin/credtrack: the contract scenarios built with single-record commands,
// cron runs with --unsent/--mark-sent, output formats, filters and exit codes.
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { initialised, type Run, type Sandbox } from '../helpers/cli.js';

function ok(r: Run, code = 0): Run {
  expect(r.code, `exit code\nstdout: ${r.stdout}\nstderr: ${r.stderr}`).toBe(code);
  return r;
}

/** P1 holds CRSS (issued 2025-01-15, no expiry) with 10 CEU hours; P3 is a trainee since 2026-05-22. */
function workforce(): Sandbox {
  const s = initialised('reminders');
  const steps: string[][] = [
    ['people', 'add', 'P1', '--first-name', 'Ana', '--last-name', 'Diaz', '--email', 'ana@example.org', '--supervisor', 'S1', '--site', 'North', '--hire-date', '2024-03-01'],
    ['people', 'add', 'P3', '--first-name', 'Cy', '--last-name', 'Lund', '--site', 'South', '--supervisor', 'S2', '--hire-date', '2026-05-22'],
    ['people', 'add', 'S1', '--first-name', 'Sam', '--last-name', 'Boss', '--email', 'sam@example.org'],
    ['credential', 'grant', 'P1', '--credential', 'CRSS', '--issued', '2025-01-15', '--number', 'IL-1'],
    ['log', 'P1', '--category', 'ceu', '--hours', '10', '--date', '2025-06-10', '--end-date', '2025-06-11'],
    ['position', 'P3', '--position', 'RSS-TRAINEE', '--start', '2026-05-22', '--field', 'mental_health'],
    ['evaluation', 'P3', '--date', '2026-08-22', '--rating', 'satisfactory'],
  ];
  for (const args of steps) ok(s.run(args));
  return s;
}

describe('contract scenarios', () => {
  let s: Sandbox;
  beforeAll(() => { s = workforce(); });

  it('reminders --json has the CEU shortfall of the current CRSS cycle', () => {
    const doc = ok(s.run(['reminders', '--json', '--as-of', '2026-12-01'])).json;
    expect(Object.keys(doc)).toEqual(['as_of', 'within_days', 'reminders']);
    expect([doc.as_of, doc.within_days]).toEqual(['2026-12-01', 90]);
    const hit = doc.reminders.find((x: any) => x.person === 'P1' && x.kind === 'ceu_deficit');
    expect(hit).toMatchObject({
      key: 'P1|ceu_deficit|CRSS|2027-01-14', person: 'P1', name: 'Ana Diaz', kind: 'ceu_deficit', subject: 'CRSS', due: '2027-01-14',
      days_left: 44, severity: 'info', email: 'ana@example.org', supervisor: 'S1', supervisor_email: 'sam@example.org', threshold: 60,
    });
    expect(hit.message).toContain('10 of 40 CEU hours in the cycle ending 2027-01-14');
    const expiring = doc.reminders.find((x: any) => x.kind === 'credential_expiring');
    expect(expiring).toMatchObject({ subject: 'CRSS', due: '2027-01-14', opens: '2026-10-16' });
  });

  it('progressions --json: trainee to RSS, effective the next pay period', () => {
    const doc = ok(s.run(['progressions', '--json', '--as-of', '2026-11-22'])).json;
    expect(doc).toEqual({ as_of: '2026-11-22', progressions: [{
      person: 'P3', name: 'Cy Lund', progression: 'rss-trainee-to-rss', from: 'RSS-TRAINEE', to: 'RSS', start: '2026-05-22',
      eligible_on: '2026-11-22', effective_on: '2026-12-04', status: 'due', blocked_by: [] }] });
  });

  it('progressions --within keeps pending ones eligible in time, and due ones always', () => {
    expect(ok(s.run(['progressions', '--json', '--as-of', '2026-10-01', '--within', '30'])).json.progressions).toEqual([]);
    expect(ok(s.run(['progressions', '--json', '--as-of', '2026-10-01', '--within', '60'])).json.progressions[0].status).toBe('pending');
    expect(ok(s.run(['progressions', '--json', '--as-of', '2027-03-01', '--within', '0'])).json.progressions[0].status).toBe('due');
  });

  it('progressions takes payroll overrides', () => {
    const doc = ok(s.run(['progressions', '--json', '--as-of', '2026-11-22', '--payroll-anchor', '2026-11-23', '--period-days', '7'])).json;
    expect(doc.progressions[0].effective_on).toBe('2026-11-23');
    expect(ok(s.run(['progressions', '--as-of', '2026-11-22', '--period-days', '0']), 2).stderr).toMatch(/^credtrack: --period-days/);
    expect(ok(s.run(['progressions', '--payroll-anchor', '2026-02-30']), 2).stderr).toContain('--payroll-anchor');
  });

  it('reminders and report take the same payroll overrides: their progression_due dates agree with progressions', () => {
    const over = ['--as-of', '2026-11-22', '--payroll-anchor', '2026-11-23', '--period-days', '7'];
    const due = (doc: { reminders: { kind: string; due: string }[] }) => doc.reminders.filter((r) => r.kind === 'progression_due').map((r) => r.due);
    expect(due(ok(s.run(['reminders', '--json', ...over])).json)).toEqual(['2026-11-23']);
    expect(due(ok(s.run(['reminders', '--json', '--as-of', '2026-11-22'])).json)).toEqual(['2026-12-04']);
    const report = ok(s.run(['report', '--json', ...over])).json;
    expect(report.progressions.items.map((p: { effective_on: string }) => p.effective_on)).toEqual(['2026-11-23']);
    expect(ok(s.run(['reminders', '--period-days', '0']), 2).stderr).toMatch(/^credtrack: --period-days/);
    expect(ok(s.run(['report', '--payroll-anchor', '2026-02-30']), 2).stderr).toContain('--payroll-anchor');
  });

  it('progressions --format csv and the table', () => {
    const csv = ok(s.run(['progressions', '--format', 'csv', '--as-of', '2026-11-22'])).stdout;
    expect(csv.split('\n')[0]).toBe('person,name,progression,from,to,start,eligible_on,effective_on,status,blocked_by');
    expect(csv).toContain('P3,Cy Lund,rss-trainee-to-rss,RSS-TRAINEE,RSS,2026-05-22,2026-11-22,2026-12-04,due,');
    expect(ok(s.run(['progressions', '--as-of', '2026-11-22'])).stdout).toMatch(/P3 .*Cy Lund .*RSS-TRAINEE → RSS .*2026-12-04 .*due/);
  });

  it('filters by site, supervisor, person and kind', () => {
    const people = (args: string[]) => [...new Set(ok(s.run(['reminders', '--json', '--as-of', '2026-12-01', ...args])).json.reminders.map((r: any) => r.person))];
    expect(people(['--site', 'North'])).toEqual(['P1']);
    expect(people(['--supervisor', 'S2'])).toEqual(['P3']);
    expect(people(['--person', 'P3'])).toEqual(['P3']);
    const kinds = ok(s.run(['reminders', '--json', '--as-of', '2026-12-01', '--kind', 'ceu_deficit', 'renewal_fee_due'])).json.reminders.map((r: any) => r.kind);
    expect(kinds.sort()).toEqual(['ceu_deficit', 'renewal_fee_due']);
    expect(ok(s.run(['reminders', '--kind', 'ceu']), 2).stderr).toMatch(/^credtrack: --kind: unknown kind "ceu"/);
    expect(ok(s.run(['reminders', '--person', 'NOPE']), 2).stderr).toContain('unknown person "NOPE"');
    expect(ok(s.run(['reminders', '--within', 'soon']), 2).stderr).toContain('--within');
    expect(ok(s.run(['reminders', '--thresholds', '30,x']), 2).stderr).toContain('--thresholds');
  });

  it('--exit-code: 1 when something is overdue, 0 otherwise', () => {
    ok(s.run(['reminders', '--exit-code', '--as-of', '2026-12-01']), 0);
    ok(s.run(['reminders', '--exit-code', '--as-of', '2027-01-15']), 1);
    ok(s.run(['reminders', '--as-of', '2027-01-15']), 0);
  });

  it('--format csv has a header and one row per item; the table groups by person', () => {
    const csv = ok(s.run(['reminders', '--format', 'csv', '--as-of', '2026-12-01'])).stdout.trim().split('\n');
    expect(csv[0]).toBe('key,person,name,email,supervisor,supervisor_email,site,kind,subject,due,days_left,severity,threshold,opens,at_risk,message');
    expect(csv).toHaveLength(5);
    const text = ok(s.run(['reminders', '--as-of', '2027-01-15'])).stdout;
    expect(text).toMatch(/^Reminders as of 2027-01-15 \(next 90 days\): \d+ items, \d+ overdue/);
    // P3's progression (effective 2026-12-04) is longer overdue than P1's cycle end.
    expect(text.indexOf('│ P3')).toBeLessThan(text.indexOf('│ P1'));
  });

  it('--format ics writes one event per item with UIDs from the keys', () => {
    const ics = ok(s.run(['reminders', '--format', 'ics', '--as-of', '2026-12-01'])).stdout;
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(4);
    expect(ics).toContain('UID:P1/ceu_deficit/CRSS/2027-01-14@credtrack');
    expect(ok(s.run(['reminders', '--format', 'ics', '--as-of', '2026-12-01'])).stdout).toBe(ics);
  });

  it('prints nothing at all when nothing is due and stdout is not a terminal', () => {
    for (const format of ['text', 'json', 'csv', 'ics']) {
      const r = ok(s.run(['reminders', '--format', format, '--as-of', '2026-06-01', '--within', '5']));
      expect([r.stdout, r.stderr]).toEqual(['', '']);
    }
  });
});

describe('cron: --unsent --mark-sent', () => {
  it('tells each item once per threshold: a second run the same day prints nothing', () => {
    const s = workforce();
    const cron = (asOf: string) => ok(s.run(['reminders', '--unsent', '--mark-sent', '--format', 'csv', '--as-of', asOf]));
    const first = cron('2026-12-01');
    expect(first.stdout.trim().split('\n')).toHaveLength(5);
    expect(first.stderr).toBe('');
    const second = cron('2026-12-01');
    expect([second.stdout, second.stderr]).toEqual(['', '']);
    // The next day nothing crossed a threshold; a week later P3's progression reaches 0 days.
    expect(cron('2026-12-02').stdout).toBe('');
    const later = cron('2026-12-04').stdout;
    expect(later).toContain('P3|progression_due|rss-trainee-to-rss|2026-12-04');
    expect(later.trim().split('\n')).toHaveLength(2);
    // Without --unsent everything due is listed again.
    expect(ok(s.run(['reminders', '--format', 'csv', '--as-of', '2026-12-04'])).stdout.trim().split('\n').length).toBeGreaterThan(2);

    const db = new Database(s.db, { readonly: true });
    const rows = db.prepare('SELECT key, threshold, actor FROM reminders_sent ORDER BY key, threshold').all() as any[];
    expect(rows).toContainEqual({ key: 'P1|ceu_deficit|CRSS|2027-01-14', threshold: 60, actor: 'tester' });
    expect(rows).toContainEqual({ key: 'P3|progression_due|rss-trainee-to-rss|2026-12-04', threshold: 0, actor: 'tester' });
    const audits = db.prepare("SELECT command, after FROM audit WHERE record_type = 'reminders_sent'").all() as any[];
    expect(audits).toHaveLength(2);
    expect(JSON.parse(audits[0].after)).toMatchObject({ as_of: '2026-12-01', marked: 4 });
    db.close();
  });

  it('marks overdue items once, apart from the threshold-0 mark', () => {
    const s = workforce();
    const cron = (asOf: string) => ok(s.run(['reminders', '--unsent', '--mark-sent', '--json', '--kind', 'ceu_deficit', '--as-of', asOf])).json;
    expect(cron('2027-01-14').reminders[0]).toMatchObject({ days_left: 0, threshold: 0 });
    expect(cron('2027-01-15').reminders[0]).toMatchObject({ days_left: -1, threshold: 'overdue', severity: 'overdue' });
    expect(cron('2027-01-16')).toBeUndefined();
  });
});

describe('credential lifecycle', () => {
  it('renewal starts a new cycle; lapsed and revoked credentials give no renewal reminders', () => {
    const s = initialised('lifecycle');
    for (const args of [
      ['people', 'add', 'P5', '--first-name', 'Eve'],
      ['people', 'add', 'P6', '--first-name', 'Fay'],
      ['people', 'add', 'P7', '--first-name', 'Gus'],
      ['credential', 'grant', 'P5', '--credential', 'CRSS', '--issued', '2023-01-15', '--expires', '2025-01-14'],
      ['credential', 'renew', 'P5', '--credential', 'CRSS', '--date', '2025-01-05'],
      ['log', 'P5', '--category', 'ceu', '--hours', '30', '--date', '2024-11-01', '--end-date', '2024-11-02', '--domain', 'core_functions'],
      ['credential', 'grant', 'P6', '--credential', 'CRSS', '--issued', '2025-01-15'],
      ['credential', 'lapse', 'P6', '--credential', 'CRSS', '--date', '2026-06-01'],
      ['credential', 'grant', 'P7', '--credential', 'CRSS', '--issued', '2025-01-15'],
      ['credential', 'revoke', 'P7', '--credential', 'CRSS', '--date', '2026-06-01'],
    ]) ok(s.run(args));
    const doc = ok(s.run(['reminders', '--json', '--as-of', '2026-12-01'])).json;
    const p5 = doc.reminders.filter((r: any) => r.person === 'P5');
    expect(p5.map((r: any) => `${r.kind} ${r.due}`).sort()).toEqual(['ceu_deficit 2027-01-14', 'credential_expiring 2027-01-14', 'renewal_fee_due 2027-01-15']);
    expect(p5.find((r: any) => r.kind === 'ceu_deficit')).toMatchObject({ have: 0, cycle_start: '2025-01-15' });
    expect(doc.reminders.filter((r: any) => r.person !== 'P5')).toEqual([]);
    const report = ok(s.run(['report', '--json', '--as-of', '2026-12-01'])).json;
    expect(report.credentials.by_status).toEqual({ active: 1, provisional: 0, expired: 0, lapsed: 1, revoked: 1 });
  });
});

describe('report', () => {
  let s: Sandbox;
  beforeAll(() => { s = workforce(); });

  it('summarises the workforce as JSON', () => {
    const r = ok(s.run(['report', '--json', '--as-of', '2026-12-01'])).json;
    expect(r).toMatchObject({ as_of: '2026-12-01', within_days: 90, people: { active: 3 } });
    expect(r.credentials.by_credential.find((c: any) => c.code === 'CRSS')).toMatchObject({ active: 1, total: 1 });
    expect(r.ceu_short).toEqual([{ person: 'P1', name: 'Ana Diaz', credential: 'CRSS', cycle_start: '2025-01-15', cycle_end: '2027-01-14', days_left: 44, have: 10, need: 40, remaining: 40, severity: 'info' }]);
    expect(r.deadlines).toMatchObject({ total: 3, overdue: 0, by_kind: { ceu_deficit: 1, credential_expiring: 1, renewal_fee_due: 1 } });
    expect(r.progressions).toMatchObject({ due: 1, blocked: 0, pending: 0 });
  });

  it('prints text and writes an HTML page with --output', () => {
    expect(ok(s.run(['report', '--as-of', '2026-12-01'])).stdout).toMatch(/^Workforce compliance as of 2026-12-01: 3 active people/);
    const r = ok(s.run(['report', '--format', 'html', '--output', 'report.html', '--as-of', '2026-12-01']));
    expect(r.stdout).toBe('');
    const html = require('node:fs').readFileSync(`${s.dir}/report.html`, 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('Ana Diaz');
    // A missing directory is a usage error, as for export and backup (exit 2, nothing created).
    expect(ok(s.run(['report', '--output', `${s.dir}/no/such/dir/r.html`]), 2).stderr)
      .toBe(`credtrack: --output ${s.dir}/no/such/dir/r.html: the directory ${s.dir}/no/such/dir does not exist\nhint: create it first, or write somewhere else\n`);
    expect(require('node:fs').existsSync(`${s.dir}/no`)).toBe(false);
  });
});
