// End to end: `check` at a terminal says what a provisional certificate needs before it
// expires, as `--json` and reminders do (SPEC §4: check and reminders show what is still
// needed before the provisional expiry and flag it at risk).
import { describe, expect, it } from 'vitest';
import { initialised } from '../helpers/cli.js';
import { ok } from './assert.js';

describe('check text for a provisional certificate', () => {
  it('names the expiry, what converts it, the projected date and "at risk"; the table says until when it is held', () => {
    const s = initialised('check-provisional');
    ok(s.run(['people', 'add', 'P1', '--first-name', 'Ana', '--last-name', 'Diaz']));
    ok(s.run(['credential', 'grant', 'P1', '--credential', 'CPSRP', '--issued', '2026-01-01', '--provisional']));
    ok(s.run(['log', 'P1', '--category', 'work', '--hours', '200', '--date', '2025-06-02', '--end-date', '2025-08-29', '--supervised']));
    ok(s.run(['log', 'P1', '--category', 'work', '--hours', '50', '--date', '2026-10-01', '--end-date', '2026-10-31', '--supervised']));
    const json = ok(s.run(['check', 'P1', '--credential', 'CPSRP', '--as-of', '2026-11-22', '--json'])).json.results[0];
    expect(json.provisional).toEqual({ expires_on: '2026-12-31', requirements: ['work-hours'], met: false, projected_date: '2027-02-20', at_risk: true });
    const text = ok(s.run(['check', 'P1', '--credential', 'CPSRP', '--as-of', '2026-11-22'])).stdout;
    expect(text).toMatch(/│ P1 +│ Ana Diaz +│ CPSRP +│ no \(holds, provisional through 2026-12-31, at risk\) +│/);
    expect(text).toContain('  ✗ work-hours: 250 of 300 supervised work hours\n');
    expect(text).toContain('  ! provisional certificate valid through 2026-12-31; converts to full with work-hours; at the current pace met on 2027-02-20 — at risk\n');
    // Once the converting requirement is met: say so, no risk.
    ok(s.run(['log', 'P1', '--category', 'work', '--hours', '50', '--date', '2026-11-02', '--end-date', '2026-11-20', '--supervised']));
    const met = ok(s.run(['check', 'P1', '--credential', 'CPSRP', '--as-of', '2026-11-22'])).stdout;
    expect(met).toContain('provisional certificate valid through 2026-12-31; converts to full with work-hours: met, apply to convert it\n');
    expect(met).toMatch(/\(holds, provisional through 2026-12-31\)/);
  });
});
