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
