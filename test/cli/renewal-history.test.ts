// HR asks what was true last year: a check as of a date before a late renewal sees the
// credential as it stood then (expired in the gap), through the real CLI.
import { describe, expect, it } from 'vitest';
import { initialised } from '../helpers/cli.js';

describe('check --as-of before a renewal', () => {
  it('sees the expiry in force on that date', () => {
    const s = initialised('renewal-history');
    for (const args of [
      ['people', 'add', 'P1', '--first-name', 'Ana', '--last-name', 'Diaz'],
      ['credential', 'grant', 'P1', '--credential', 'CRSS', '--issued', '2023-01-15', '--expires', '2025-01-14'],
      ['credential', 'renew', 'P1', '--credential', 'CRSS', '--date', '2025-03-01'],
    ]) expect(s.run(args).code, args.join(' ')).toBe(0);
    const held = (asOf: string) => {
      const r = s.run(['check', 'P1', '--credential', 'CRSS', '--json', '--as-of', asOf]);
      expect(r.code, r.stderr).toBe(0);
      return r.json.results[0].held;
    };
    expect(held('2025-01-14')).toEqual({ status: 'active', issued_on: '2023-01-15', expires_on: '2025-01-14' });
    expect(held('2025-01-15')).toBeNull();
    expect(held('2025-02-28')).toBeNull();
    expect(held('2025-03-01')).toEqual({ status: 'active', issued_on: '2023-01-15', expires_on: '2027-02-28' });
  });
});

describe('a credential imported with its current expiry, renewed before credtrack', () => {
  it('is in the cycle ending on that expiry: its CEU hours count there, and a renewal on time starts the next anniversary', () => {
    const s = initialised('imported-expiry');
    const csv = (name: string, text: string) => s.file(name, text);
    for (const args of [
      ['people', 'add', 'P1', '--first-name', 'June', '--last-name', 'Park'],
      ['import', csv('credentials.csv', 'person_id,credential,number,issued_on,expires_on,status\nP1,CMPSS,CA-1,2022-12-16,2026-12-15,active\n'), '--type', 'credentials'],
      ['import', csv('hours.csv', 'person_id,date,category,hours,domain\nP1,2025-05-05,ceu,14,core_functions\nP1,2026-02-10,ceu,6,ethics\n'), '--type', 'hours'],
    ]) expect(s.run(args).code, args.join(' ')).toBe(0);
    const r = s.run(['reminders', '--json', '--person', 'P1', '--as-of', '2026-11-22', '--within', '3650']);
    expect(r.code, r.stderr).toBe(0);
    const kinds = r.json.reminders.map((x: { kind: string }) => x.kind);
    expect(kinds).toContain('credential_expiring');
    // The 2022–24 cycle ended long ago; the current one (2024-12-16 – 2026-12-15) has its 20 hours.
    expect(kinds).not.toContain('ceu_deficit');
    const renewed = s.run(['credential', 'renew', 'P1', '--credential', 'CMPSS', '--date', '2026-11-20']);
    expect(renewed.code, renewed.stderr).toBe(0);
    expect(renewed.stdout + renewed.stderr).toContain('new cycle 2026-12-16 to 2028-12-15, valid through 2028-12-15');
  });
});

describe('reminders and report as of a date before a recorded renewal', () => {
  it('see the credential as it stood then, as check does: the old cycle, its expiry and fee', () => {
    const s = initialised('renewal-history-reminders');
    for (const args of [
      ['people', 'add', 'D4', '--first-name', 'Rae', '--last-name', 'Lee'],
      ['people', 'add', 'D5', '--first-name', 'Sam', '--last-name', 'Lee'],
      ['credential', 'grant', 'D4', '--credential', 'CRSS', '--issued', '2024-06-01'],
      ['credential', 'renew', 'D4', '--credential', 'CRSS', '--date', '2026-05-20'], // on time: next cycle from 2026-06-01
      ['credential', 'grant', 'D5', '--credential', 'CRSS', '--issued', '2024-03-01'],
      ['credential', 'renew', 'D5', '--credential', 'CRSS', '--date', '2026-04-15'], // late: expired 2026-02-28 until then
    ]) expect(s.run(args).code, args.join(' ')).toBe(0);
    const asOf = '2026-03-15';
    const r = s.run(['reminders', '--json', '--as-of', asOf, '--within', '100']);
    expect(r.code, r.stderr).toBe(0);
    const items = r.json.reminders.map((x: { person: string; kind: string; due: string }) => `${x.person} ${x.kind} ${x.due}`);
    expect(items).toEqual([
      'D5 ceu_deficit 2026-02-28', 'D5 credential_expired 2026-02-28',
      'D4 ceu_deficit 2026-05-31', 'D4 credential_expiring 2026-05-31', 'D4 renewal_fee_due 2026-06-01',
    ]);
    const report = s.run(['report', '--json', '--as-of', asOf]);
    expect(report.code, report.stderr).toBe(0);
    expect(report.json.credentials.by_status).toMatchObject({ active: 1, expired: 1 });
    // And check agrees: D4 held through 2026-05-31, D5 not held.
    const held = s.run(['check', 'D4', 'D5', '--credential', 'CRSS', '--json', '--as-of', asOf]).json.results.map((x: { held: unknown }) => x.held);
    expect(held).toEqual([{ status: 'active', issued_on: '2024-06-01', expires_on: '2026-05-31' }, null]);
    // After the renewals, the new cycles.
    const later = s.run(['reminders', '--json', '--as-of', '2026-11-22', '--within', '1000']).json.reminders
      .filter((x: { kind: string }) => x.kind === 'credential_expiring').map((x: { person: string; due: string }) => `${x.person} ${x.due}`);
    expect(later).toEqual(['D5 2028-04-14', 'D4 2028-05-31']);
  });
});

describe('credential renew before the submission window opens', () => {
  it('is refused: it would skip the rest of the cycle (CRSS: 90 days before the cycle ends)', () => {
    const s = initialised('renew-window');
    expect(s.run(['people', 'add', 'X3']).code).toBe(0);
    expect(s.run(['credential', 'grant', 'X3', '--credential', 'CRSS', '--issued', '2025-01-15']).code).toBe(0);
    const early = s.run(['credential', 'renew', 'X3', '--credential', 'CRSS', '--date', '2025-03-01']);
    expect(early.code).toBe(2);
    expect(early.stderr.split('\n')[0]).toBe('credtrack: --date: "2025-03-01" is before CRSS\'s renewal window opens (2026-10-16, 90 days before the cycle ends on 2027-01-14)');
    const day = s.run(['credential', 'renew', 'X3', '--credential', 'CRSS', '--date', '2026-10-15']);
    expect(day.code).toBe(2);
    const opens = s.run(['credential', 'renew', 'X3', '--credential', 'CRSS', '--date', '2026-10-16']);
    expect(opens.code, opens.stderr).toBe(0);
    expect(opens.stderr).toContain('new cycle 2027-01-15 to 2029-01-14');
  });
});

describe('a recorded expiry that is not the computed cycle end (QA3 MEDIUM 1)', () => {
  // One answer: the CEU cycle ends on the recorded expiry, so reminders, the renewal window
  // and the on-time rule all count from it.
  const setUp = (name: string) => {
    const s = initialised(name);
    for (const args of [
      ['import', s.file('people.csv', 'person_id,first_name\nE2,Ed\nE4,Eve\nC3,Cy\n'), '--type', 'people'],
      ['import', s.file('credentials.csv', 'person_id,credential,number,issued_on,expires_on,status\n'
        + 'E2,CRSS,2,2022-11-26,2026-12-31,active\nE4,CRSS,4,2022-10-20,2026-11-30,active\nC3,CRSS,N3,2024-11-25,2026-11-25,active\n'), '--type', 'credentials'],
    ]) expect(s.run(args).code, args.join(' ')).toBe(0);
    return s;
  };
  const reminders = (s: ReturnType<typeof initialised>, asOf: string) => {
    const r = s.run(['reminders', '--json', '--as-of', asOf, '--within', '400']);
    expect(r.code, r.stderr).toBe(0);
    return r.json.reminders as { person: string; kind: string; due: string; days_left: number; severity: string; opens?: string }[];
  };

  it('reminders and credential renew give the same opening date, and CEU hours fall due on the expiry', () => {
    const s = setUp('expiry-window');
    const items = reminders(s, '2026-10-25');
    const of = (person: string, kind: string) => items.filter((x) => x.person === person && x.kind === kind);
    expect(of('E2', 'credential_expiring')).toMatchObject([{ due: '2026-12-31', opens: '2026-10-02' }]);
    expect(of('E4', 'credential_expiring')).toMatchObject([{ due: '2026-11-30', opens: '2026-09-01' }]);
    // Not overdue while the credential is valid: due with it.
    expect(of('E4', 'ceu_deficit')).toMatchObject([{ due: '2026-11-30', days_left: 36, severity: 'info' }]);
    expect(of('E2', 'ceu_deficit')).toMatchObject([{ due: '2026-12-31' }]);
    const early = s.run(['credential', 'renew', 'E2', '--credential', 'CRSS', '--date', '2026-10-01']);
    expect(early.code).toBe(2);
    expect(early.stderr.split('\n')[0]).toBe('credtrack: --date: "2026-10-01" is before CRSS\'s renewal window opens (2026-10-02, 90 days before the cycle ends on 2026-12-31)');
    expect(s.run(['credential', 'renew', 'E2', '--credential', 'CRSS', '--date', '2026-08-27']).code).toBe(2);
    const opens = s.run(['credential', 'renew', 'E2', '--credential', 'CRSS', '--date', '2026-10-02']);
    expect(opens.code, opens.stderr).toBe(0);
    expect(opens.stderr).toContain('renewed CRSS for E2: new cycle 2027-01-01 to 2028-12-31, valid through 2028-12-31');
  });

  it('a renewal on or before the recorded expiry is on time: the next cycle starts the day after it, no days lost', () => {
    const s = setUp('expiry-on-time');
    const e4 = s.run(['credential', 'renew', 'E4', '--credential', 'CRSS', '--date', '2026-11-10']);
    expect(e4.code, e4.stderr).toBe(0);
    expect(e4.stderr).toContain('renewed CRSS for E4: new cycle 2026-12-01 to 2028-11-30, valid through 2028-11-30');
    // A board writing issue + 2 years: on 2026-11-25 the CEU hours are due today, not overdue.
    const today = reminders(s, '2026-11-25').filter((x) => x.person === 'C3');
    expect(today.map((x) => `${x.kind} ${x.due} ${x.days_left} ${x.severity}`).sort()).toEqual([
      'ceu_deficit 2026-11-25 0 warning', 'credential_expiring 2026-11-25 0 warning', 'renewal_fee_due 2026-11-25 0 warning',
    ]);
    const c3 = s.run(['credential', 'renew', 'C3', '--credential', 'CRSS', '--date', '2026-11-25']);
    expect(c3.code, c3.stderr).toBe(0);
    expect(c3.stderr).toContain('renewed CRSS for C3: new cycle 2026-11-26 to 2028-11-25, valid through 2028-11-25');
    const held = s.run(['check', 'E4', 'C3', '--credential', 'CRSS', '--json', '--as-of', '2026-11-25']).json.results
      .map((x: { person: string; held: { expires_on: string } }) => `${x.person} ${x.held.expires_on}`).sort();
    expect(held).toEqual(['C3 2028-11-25', 'E4 2028-11-30']);
  });
});

describe('a provisional certificate issued at the end of a month (QA3 LOW 4)', () => {
  it('runs to the last day of February when six months on has no such day', () => {
    const s = initialised('provisional-month-end');
    expect(s.run(['people', 'add', 'P3']).code).toBe(0);
    expect(s.run(['people', 'add', 'P4']).code).toBe(0);
    expect(s.run(['credential', 'grant', 'P3', '--credential', 'CPS', '--issued', '2025-08-31', '--provisional']).code).toBe(0);
    expect(s.run(['credential', 'grant', 'P4', '--credential', 'CPS', '--issued', '2025-08-28', '--provisional']).code).toBe(0);
    const r = s.run(['check', 'P3', 'P4', '--credential', 'CPS', '--json', '--as-of', '2026-01-15']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.results.map((x: { provisional: { expires_on: string } }) => x.provisional.expires_on)).toEqual(['2026-02-28', '2026-02-27']);
  });
});
