// The projected date of an unmet `hours` requirement: the first day on which it is met, as of
// that day, if the pace of the last 90 days goes on — a capped part adding only up to its
// maximum, and entries leaving a `within` window meanwhile.
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/engine/dates.js';
import type { HourFact } from '../../src/engine/facts.js';
import { leavesWindowOn } from '../../src/engine/hours-projection.js';
import type { Duration } from '../../src/schemas/common.js';
import type { HoursRequirement } from '../../src/schemas/rules.js';
import { evalReq, facts, hours, training } from './build.js';

const AS_OF = '2026-11-22'; // pace window 2026-08-25 .. 2026-11-22

describe('pace in a capped part counts only up to its maximum', () => {
  const capped = (minimum: number, maximum: number): HoursRequirement => ({ id: 'training-hours', type: 'hours', category: 'training', minimum,
    parts: [{ id: 'cf', domains: ['core_functions'], maximum }] });

  it('QA #1: 25 of 30 capped hours and 9 to go, all recent pace capped → never (it stops at 56 of 60)', () => {
    const f = facts({ hours: [training('2025-05-01', 26, 'advocacy', { end: '2025-05-02' }), training('2026-09-01', 25, 'core_functions', { end: '2026-09-05' })] });
    expect(evalReq(capped(60, 30), f, AS_OF)).toMatchObject({ result: { met: false, have: 51, remaining: 9 }, eta: null });
  });

  it('the other domains\' pace makes up the rest: the capped part fills on day 18, advocacy adds 0.1 a day → day 40', () => {
    const f = facts({ hours: [
      training('2025-05-01', 26, 'advocacy', { end: '2025-05-02' }), training('2026-09-01', 25, 'core_functions', { end: '2026-09-05' }),
      training('2026-09-10', 9, 'advocacy'),
    ] });
    // have 60 (26 + 9 + 25) of 69: by day 40 core adds 5 (capped), advocacy 4
    expect(evalReq(capped(69, 30), f, AS_OF).eta).toBe(addDays(AS_OF, 40));
  });

  it.each([
    [5, '2026-12-12'], // exactly the room the cap leaves: met the day the part fills (20 days at 0.25 a day)
    [5.001, null], // 0.001 more than the cap can add
    [4.999, '2026-12-12'], // 19.996 days → the 20th
  ])('need %f more with only capped pace (5 h of room at 0.25 h a day) → %s', (need, eta) => {
    const f = facts({ hours: [training('2025-05-01', 10, 'advocacy'), training('2025-05-02', 5, 'core_functions'), training('2026-09-01', 22.5, 'core_functions')] });
    // have 10 + 27.5 (core 27.5 of 32.5); minimum 37.5 + need
    expect(evalReq(capped(37.5 + need, 32.5), f, AS_OF).eta).toBe(eta);
  });

  it('a part already at its maximum adds no pace, as before', () => {
    const f = facts({ hours: [training('2025-05-01', 30, 'core_functions'), training('2026-09-01', 9, 'core_functions'), training('2026-09-02', 9, 'advocacy')] });
    // 30 counted of 39 core; 9 advocacy; 1 to go at 0.1 a day
    expect(evalReq(capped(40, 30), f, AS_OF).eta).toBe(addDays(AS_OF, 10));
  });
});

describe('hours leaving a `within` window before the projected date', () => {
  const windowed = (minimum: number, within: Duration = { years: 2 }): HoursRequirement => ({ id: 'supervision-hours', type: 'hours', category: 'supervision', minimum, within });
  const sup = (date: string, h: number) => hours('supervision', date, h);

  it('QA #2: 18 h from 2024-12-01 leave on 2026-12-01; 4.5 + 0.05 a day reach 25 on 2028-01-06', () => {
    const f = facts({ hours: [sup('2024-12-01', 18), sup('2026-11-01', 4.5)] });
    expect(evalReq(windowed(25), f, AS_OF)).toMatchObject({ result: { met: false, have: 22.5, remaining: 2.5 }, eta: '2028-01-06' });
    // and as of that day, with the pace gone on (0.05 h a day from 2026-11-23), it is met; the day before it is not
    const paced = (until: string) => {
      const out: HourFact[] = [sup('2024-12-01', 18), sup('2026-11-01', 4.5)];
      for (let d = addDays(AS_OF, 1); d <= until; d = addDays(d, 1)) out.push(sup(d, 0.05));
      return facts({ hours: out });
    };
    expect(evalReq(windowed(25), paced('2028-01-06'), '2028-01-06').result.met).toBe(true);
    expect(evalReq(windowed(25), paced('2028-01-05'), '2028-01-05').result.met).toBe(false);
  });

  it('each entry leaves on its own day: 2 h from 2026-02-01 still count on 2027-11-27', () => {
    const f = facts({ hours: [sup('2024-12-01', 18), sup('2026-02-01', 2), sup('2026-11-01', 4.5)] });
    // 6.5 + 0.05 × 370 = 25 on 2027-11-27; the 2 h leave on 2028-02-01
    expect(evalReq(windowed(25), f, AS_OF).eta).toBe('2027-11-27');
  });

  it.each([
    // 18.5 of 19 h: 1 (this entry) + 13 (2025) + 4.5 recent (0.05 a day): 0.5 to go → day 10, 2026-12-02
    ['2024-12-02', '2026-12-22'], // it leaves on day 10 itself: 17.5 + 0.05·d ≥ 19 → day 30
    ['2024-12-03', '2026-12-02'], // it leaves on day 11: still counted on day 10
  ])('an entry dated %s → %s', (date, eta) => {
    const f = facts({ hours: [sup(date, 1), sup('2025-06-01', 13), sup('2026-11-01', 4.5)] });
    expect(evalReq(windowed(19), f, AS_OF)).toMatchObject({ result: { have: 18.5 }, eta });
  });

  it('never met when the window cannot hold enough hours at this pace', () => {
    // 1 month window, 3 h in it (recent: 1/30 h a day): at most 3 + ~1 h, never 10
    const f = facts({ hours: [sup('2026-11-10', 3)] });
    expect(evalReq(windowed(10, { months: 1 }), f, AS_OF).eta).toBeNull();
  });

  it('float sums: 0.1 + 0.2 h a day style paces land on the exact day', () => {
    // 9 h in the pace window (0.1 a day) as 0.1 + 0.2 + ... entries; 2 old hours leave on 2026-11-24 (day 2)
    const f = facts({ hours: [sup('2024-11-24', 2), ...[0.1, 0.2, 0.3, 0.4, 8].map((h, i) => sup(addDays('2026-10-01', i), h))] });
    // have 11 of 11.3: day 3 if nothing left; with the exit, 9 + 0.1·d ≥ 11.3 → day 23
    expect(evalReq(windowed(11.3), f, AS_OF).eta).toBe(addDays(AS_OF, 23));
  });

  it.each([
    ['2024-12-01', { years: 2 }, '2026-12-01'],
    ['2024-02-29', { years: 1 }, '2025-03-01'], // counted as of 2025-02-28 (the window starts 2024-02-29)
    ['2026-01-31', { months: 1 }, '2026-03-01'], // as of 2026-02-28 the window starts 2026-01-29
    ['2026-03-31', { months: 1 }, '2026-05-01'],
    ['2026-11-22', { days: 30 }, '2026-12-22'],
  ])('an entry dated %s leaves a %o window on %s', (date, within, on) => {
    expect(leavesWindowOn(date, within)).toBe(on);
    const f = facts({ hours: [sup(date, 1)] });
    expect(evalReq(windowed(1, within), f, addDays(on, -1)).result.met).toBe(true);
    expect(evalReq(windowed(1, within), f, on).result.met).toBe(false);
  });
});

/** A seeded generator (mulberry32), so a failure names its case. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the projected date is the first day the requirement is met with the pace gone on (brute force)', () => {
  const DOMAINS = ['advocacy', 'mentoring', 'ethics', 'core_functions'] as const;
  const WINDOWS: (Duration | undefined)[] = [undefined, { years: 1 }, { months: 6 }, { months: 4 }, { days: 100 }];

  it.each(Array.from({ length: 60 }, (_, i) => i + 1))('case %i', (seed) => {
    const rnd = random(seed);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
    const within = WINDOWS[seed % WINDOWS.length];
    // Hours in quarters and paces of k/4 h a day: every sum is exact, so brute force and projection agree to the day.
    const rates = Object.fromEntries(DOMAINS.map((d) => [d, pick([0, 0, 0.25, 0.5, 1])])) as Record<string, number>;
    const entries: HourFact[] = [];
    for (const d of DOMAINS) if (rates[d]! > 0) entries.push(training(addDays(AS_OF, -Math.floor(rnd() * 80)), 90 * rates[d]!, d));
    for (let i = 0; i < 6; i++) entries.push(training(addDays(AS_OF, -90 - Math.floor(rnd() * 400)), 0.25 * (1 + Math.floor(rnd() * 80)), pick(DOMAINS)));
    const req: HoursRequirement = { id: 't', type: 'hours', category: 'training', minimum: 0.25 * (100 + Math.floor(rnd() * 800)), within,
      parts: [
        { id: 'core', domains: ['advocacy', 'mentoring'], minimum: 0.25 * Math.floor(rnd() * 200) + 1, each_minimum: pick([undefined, 10, 30]) },
        { id: 'cf', domains: ['core_functions'], maximum: 0.25 * (1 + Math.floor(rnd() * 300)) },
      ] };
    const eta = evalReq(req, facts({ hours: entries }), AS_OF).eta;

    // Day by day: the entries so far plus the pace's hours of each day since as-of, evaluated as of that day.
    const future = [...entries];
    let firstMet: string | null = evalReq(req, facts({ hours: future }), AS_OF).result.met ? AS_OF : null;
    for (let d = 1; d <= 1200 && firstMet === null; d++) {
      const day = addDays(AS_OF, d);
      for (const dom of DOMAINS) if (rates[dom]! > 0) future.push(training(day, rates[dom]!, dom));
      if (evalReq(req, facts({ hours: future }), day).result.met) firstMet = day;
    }
    if (firstMet === null) expect(eta === null || eta > addDays(AS_OF, 1200), `eta ${eta}`).toBe(true);
    else expect(eta).toBe(firstMet);
  });
});
