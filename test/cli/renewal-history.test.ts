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
