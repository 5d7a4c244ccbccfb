// The CEU cycle a credential is in: the recorded one, or — when the recorded expiry lies past
// it (renewed before its records came to credtrack) — later ones anchored on the recorded start.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cycleEnd } from '../../src/engine/ceu-cycle.js';
import { addDays } from '../../src/engine/dates.js';
import { ceuStanding, currentCycleStart } from '../../src/engine/renewal.js';
import type { CredentialFact, HourFact } from '../../src/engine/facts.js';

const twoYears = { years: 2 };
const cred = (cycle_start: string, expires_on: string | null) => ({ cycle_start, expires_on });

describe('currentCycleStart', () => {
  it('is the recorded start without an expiry, or while the expiry ends the first cycle', () => {
    expect(currentCycleStart(cred('2022-12-16', null), twoYears, '2026-11-22')).toBe('2022-12-16');
    expect(currentCycleStart(cred('2025-01-15', '2027-01-14'), twoYears, '2026-11-22')).toBe('2025-01-15');
    // An expiry before the cycle's end (a board's shorter term) leaves the cycle as recorded.
    expect(currentCycleStart(cred('2025-01-15', '2026-06-30'), twoYears, '2026-11-22')).toBe('2025-01-15');
  });

  it('moves to the cycle ending on an imported expiry once that cycle has begun', () => {
    // Issued 2022-12-16, renewed elsewhere in 2024: valid through 2026-12-15.
    const c = cred('2022-12-16', '2026-12-15');
    expect(currentCycleStart(c, twoYears, '2026-11-22')).toBe('2024-12-16');
    expect(currentCycleStart(c, twoYears, '2024-12-16')).toBe('2024-12-16');
    // The day before the second cycle began, the first one was current.
    expect(currentCycleStart(c, twoYears, '2024-12-15')).toBe('2022-12-16');
  });

  it('with an expiry several cycles away, is the cycle that has begun by the as-of date', () => {
    const c = cred('2020-03-01', '2028-02-29');
    expect(currentCycleStart(c, twoYears, '2021-12-31')).toBe('2020-03-01');
    expect(currentCycleStart(c, twoYears, '2022-03-01')).toBe('2022-03-01');
    expect(currentCycleStart(c, twoYears, '2025-07-04')).toBe('2024-03-01');
    expect(currentCycleStart(c, twoYears, '2027-12-31')).toBe('2026-03-01');
    // Past the expiry, the last cycle that ends by it stays current (the credential has expired).
    expect(currentCycleStart(c, twoYears, '2030-01-01')).toBe('2026-03-01');
  });

  it('keeps a Feb 29 start anchored: cycles begin 2022-02-28, then 2024-02-29', () => {
    const c = cred('2020-02-29', '2026-02-27');
    expect(currentCycleStart(c, twoYears, '2022-02-28')).toBe('2022-02-28');
    expect(currentCycleStart(c, twoYears, '2024-02-28')).toBe('2022-02-28');
    expect(currentCycleStart(c, twoYears, '2024-02-29')).toBe('2024-02-29');
    expect(cycleEnd('2024-02-29', twoYears)).toBe('2026-02-27');
  });

  it('never starts before the recorded start or after the as-of date, and its cycle ends by the expiry unless it is the recorded one', () => {
    const day = fc.integer({ min: 0, max: 20 * 366 }).map((n) => addDays('2010-01-01', n));
    fc.assert(fc.property(day, fc.integer({ min: 0, max: 4000 }), fc.integer({ min: 0, max: 6000 }), fc.integer({ min: 1, max: 3 }), (start, expiresAfter, asOfAfter, years) => {
      const c = cred(start, addDays(start, expiresAfter));
      const asOf = addDays(start, asOfAfter);
      const got = currentCycleStart(c, { years }, asOf);
      expect(got >= start).toBe(true);
      if (got !== start) {
        expect(got <= asOf).toBe(true);
        expect(cycleEnd(got, { years }) <= c.expires_on!).toBe(true);
      }
    }));
  });
});

describe('ceuStanding', () => {
  const renewal = { cycle: twoYears, ceu_hours: 20 } as Parameters<typeof ceuStanding>[1];
  const ceu = (date: string, hours: number): HourFact => ({ date, end: date, category: 'ceu', hours, domain: null, supervised: null, paid: null, topic: null });
  const fact = (expires_on: string | null): CredentialFact => ({ code: 'CMPSS', number: null, issued_on: '2022-12-16', expires_on, status: 'active', status_on: null, cycle_start: '2022-12-16' });

  it('counts the hours of the cycle ending on an imported expiry, not the first cycle', () => {
    const hours = [ceu('2023-05-01', 20), ceu('2025-05-05', 14), ceu('2026-02-10', 6)];
    const s = ceuStanding(fact('2026-12-15'), renewal, hours, '2026-11-22');
    expect([s.cycle_start, s.cycle_end, s.have, s.remaining]).toEqual(['2024-12-16', '2026-12-15', 20, 0]);
    // Without an expiry the recorded cycle stands: it ended 2024-12-15 with 20 hours.
    const first = ceuStanding(fact(null), renewal, hours, '2026-11-22');
    expect([first.cycle_start, first.cycle_end, first.have]).toEqual(['2022-12-16', '2024-12-15', 20]);
  });
});
