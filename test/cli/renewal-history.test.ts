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
