// The CEU cycle a credential is in: with a recorded expiry, the one that ends on it (earlier
// cycles back to back before it, the first from the recorded start); without, the recorded one.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cycleEnd, cycleOn } from '../../src/engine/ceu-cycle.js';
import { addDays, addDuration } from '../../src/engine/dates.js';
import { ceuStanding, currentCycleStart } from '../../src/engine/renewal.js';
import type { CredentialFact, HourFact } from '../../src/engine/facts.js';

const twoYears = { years: 2 };
const cred = (cycle_start: string, expires_on: string | null) => ({ cycle_start, expires_on });

describe('currentCycleStart', () => {
  it('is the recorded start without an expiry, or while the expiry ends the first cycle', () => {
    expect(currentCycleStart(cred('2022-12-16', null), twoYears, '2026-11-22')).toBe('2022-12-16');
    expect(currentCycleStart(cred('2025-01-15', '2027-01-14'), twoYears, '2026-11-22')).toBe('2025-01-15');
    // An expiry before the cycle's end (a board's shorter term) ends the cycle there.
    expect(currentCycleStart(cred('2025-01-15', '2026-06-30'), twoYears, '2026-11-22')).toBe('2025-01-15');
    expect(cycleOn(cred('2025-01-15', '2026-06-30'), twoYears, '2026-01-01')).toEqual({ start: '2025-01-15', end: '2026-06-30' });
    expect(cycleOn(cred('2025-01-15', null), twoYears, '2026-11-22')).toEqual({ start: '2025-01-15', end: '2027-01-14' });
  });

  it('ends on a recorded expiry a little past the computed cycle end (a board writing issue + 2 years)', () => {
    // Issued 2024-11-25, valid through 2026-11-25: one cycle, S..E, not 2024-11-25..2026-11-24.
    const c = cred('2024-11-25', '2026-11-25');
    for (const asOf of ['2024-11-25', '2026-11-24', '2026-11-25', '2027-03-01']) {
      expect(cycleOn(c, twoYears, asOf)).toEqual({ start: '2024-11-25', end: '2026-11-25' });
    }
    // Any expiry less than two cycles after the start: the one cycle S..E.
    expect(cycleOn(cred('2024-11-25', '2028-11-23'), twoYears, '2028-01-01')).toEqual({ start: '2024-11-25', end: '2028-11-23' });
  });

  it('with an expiry further out, the last cycle ends on it and the first runs from the recorded start up to it', () => {
    // Issued 2022-10-20, valid through 2026-11-30 (a board aligning expiries on month ends).
    const c = cred('2022-10-20', '2026-11-30');
    expect(cycleOn(c, twoYears, '2026-10-25')).toEqual({ start: '2024-12-01', end: '2026-11-30' });
    expect(cycleOn(c, twoYears, '2024-12-01')).toEqual({ start: '2024-12-01', end: '2026-11-30' });
    // Before it began, the first cycle: no gap days between the two.
    expect(cycleOn(c, twoYears, '2024-11-30')).toEqual({ start: '2022-10-20', end: '2024-11-30' });
    expect(cycleOn(c, twoYears, '2022-10-20')).toEqual({ start: '2022-10-20', end: '2024-11-30' });
    // Issued 2022-11-26, valid through 2026-12-31.
    expect(cycleOn(cred('2022-11-26', '2026-12-31'), twoYears, '2026-10-25')).toEqual({ start: '2025-01-01', end: '2026-12-31' });
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

  it('from a Feb 29 start: cycles run to the end of February (2022-02-28), then from Mar 1', () => {
    // The expiry a board gives 2020-02-29 + three two-year cycles: 2026-02-28.
    const c = cred('2020-02-29', '2026-02-28');
    expect(cycleOn(c, twoYears, '2022-02-28')).toEqual({ start: '2020-02-29', end: '2022-02-28' });
    expect(cycleOn(c, twoYears, '2022-03-01')).toEqual({ start: '2022-03-01', end: '2024-02-29' });
    expect(cycleOn(c, twoYears, '2024-02-29')).toEqual({ start: '2022-03-01', end: '2024-02-29' });
    expect(cycleOn(c, twoYears, '2024-03-01')).toEqual({ start: '2024-03-01', end: '2026-02-28' });
    expect(cycleEnd('2024-02-29', twoYears)).toBe('2026-02-28');
    // An expiry recorded the day before (2026-02-27, as credtrack used to count) ends the last
    // cycle there: it starts the day after 2024-02-27, and the earlier ones follow it back.
    const old = cred('2020-02-29', '2026-02-27');
    expect(cycleOn(old, twoYears, '2024-02-28')).toEqual({ start: '2024-02-28', end: '2026-02-27' });
    expect(cycleOn(old, twoYears, '2024-02-27')).toEqual({ start: '2022-02-28', end: '2024-02-27' });
    expect(cycleOn(old, twoYears, '2022-02-27')).toEqual({ start: '2020-02-29', end: '2022-02-27' });
  });

  const day = fc.integer({ min: 0, max: 20 * 366 }).map((n) => addDays('2010-01-01', n));
  const length = fc.oneof(fc.integer({ min: 1, max: 3 }).map((years) => ({ years })), fc.integer({ min: 1, max: 18 }).map((months) => ({ months })));

  it('never starts before the recorded start, has begun by the as-of date unless it is the first, and the last one ends on the expiry', () => {
    fc.assert(fc.property(day, fc.integer({ min: 0, max: 4000 }), fc.integer({ min: 0, max: 6000 }), length, (start, expiresAfter, asOfAfter, cycle) => {
      const c = cred(start, addDays(start, expiresAfter));
      const asOf = addDays(start, asOfAfter);
      const got = cycleOn(c, cycle, asOf);
      expect(got.start >= start).toBe(true);
      expect(got.end <= c.expires_on!).toBe(true);
      if (got.start !== start) expect(got.start <= asOf).toBe(true);
      if (asOf <= c.expires_on!) expect(got.end >= asOf).toBe(true); // the cycle holds the as-of date
      if (asOf >= c.expires_on!) expect(got.end).toBe(c.expires_on);
      expect(currentCycleStart(c, cycle, asOf)).toBe(got.start);
    }));
  });

  it('cycles run back to back from the recorded start to the expiry: no gap days, no overlap, none shorter than a cycle but the last', () => {
    fc.assert(fc.property(day, fc.integer({ min: 0, max: 4000 }), length, (start, expiresAfter, cycle) => {
      const c = cred(start, addDays(start, expiresAfter));
      let on = start;
      let seen = 0;
      for (;;) {
        const got = cycleOn(c, cycle, on);
        expect(got.start).toBe(on);
        // A cycle before the last reaches at least start + cycle (calendar months, clamped).
        if (got.end < c.expires_on!) expect(addDays(got.end, 1) >= addDuration(got.start, cycle)).toBe(true);
        if (got.end === c.expires_on) break;
        on = addDays(got.end, 1);
        expect(++seen).toBeLessThan(500);
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

  it('counts the hours of a cycle ending on an expiry one day past the computed end, its last day included', () => {
    const board: CredentialFact = { ...fact('2026-11-25'), issued_on: '2024-11-25', cycle_start: '2024-11-25' };
    const s = ceuStanding(board, renewal, [ceu('2024-11-25', 5), ceu('2026-11-25', 15)], '2026-11-25');
    expect([s.cycle_start, s.cycle_end, s.have, s.remaining]).toEqual(['2024-11-25', '2026-11-25', 20, 0]);
  });
});
