// Hours are judged on their exact sums (within a float tolerance), and shown so the figures
// agree with the verdict: a shortfall under 0.01 h is neither met nor shown as 0.
import { describe, expect, it } from 'vitest';
import { ceuStanding } from '../../src/engine/renewal.js';
import { shownAgainst, shownShort } from '../../src/engine/types.js';
import type { HoursRequirement, Requirement } from '../../src/schemas/rules.js';
import { credential, evalReq, facts, hours, training, work } from './build.js';

const AS_OF = '2026-11-22';
const workReq: Requirement = { id: 'work-hours', type: 'hours', category: 'work', supervised: true, minimum: 1500 };
const ethReq: HoursRequirement = { id: 'training-hours', type: 'hours', category: 'training', minimum: 10, parts: [{ id: 'ethics', domains: ['ethics'], minimum: 6 }] };

describe('the total against its minimum', () => {
  it.each([
    // hours, met, have shown, remaining shown
    [1500, true, 1500, 0],
    [1499.996, false, 1499.996, 0.004], // 0.004 short: rounding to 2 decimals read 1500 of 1500
    [1499.999, false, 1499.999, 0.001], // 0.001 under
    [1499.994, false, 1499.99, 0.01], // 2 decimals already show it short; the remainder rounds to 0.01
    [1499.99, false, 1499.99, 0.01],
    [1500.004, true, 1500, 0],
  ])('%f supervised hours of 1500 → met %s, have %f, remaining %f', (h, met, have, remaining) => {
    const r = evalReq(workReq, facts({ hours: [work('2025-01-01', h, { end: '2025-12-31' })] }), AS_OF).result;
    expect(r).toMatchObject({ met, have, need: 1500, remaining });
    expect(r.detail).toBe(`${have} of 1500 supervised work hours`);
  });

  it('sums of decimals meet a threshold they add up to (0.1 + 0.2 style float error)', () => {
    // 0.1 + 0.2 + 0.3 + 0.4 is 0.9999999999999999 in floating point: 1 h, met
    const entries = [0.1, 0.2, 0.3, 0.4].map((h, i) => work(`2026-01-0${i + 1}`, h));
    const r = evalReq({ ...workReq, minimum: 1 }, facts({ hours: entries }), AS_OF).result;
    expect([r.met, r.have, r.remaining, r.detail]).toEqual([true, 1, 0, '1 of 1 supervised work hours']);
    // three 20-minute sessions logged as 0.333 h: 0.999 of 1, short
    const thirds = [1, 2, 3].map((i) => work(`2026-01-0${i}`, 0.333));
    const s = evalReq({ ...workReq, minimum: 1 }, facts({ hours: thirds }), AS_OF).result;
    expect([s.met, s.have, s.remaining, s.detail]).toEqual([false, 0.999, 0.001, '0.999 of 1 supervised work hours']);
  });
});

describe('a part against its minimum', () => {
  it.each([
    [6, true, 6, 0, '11 of 10 training hours'],
    [5.996, false, 5.996, 0.004, '11 of 10 training hours; short: ethics 5.996 of 6'],
    [5.999, false, 5.999, 0.001, '11 of 10 training hours; short: ethics 5.999 of 6'],
  ])('ethics %f of 6 (total over its minimum, shown as 11) → met %s, part have %f, remaining %f', (eth, met, partHave, remaining, detail) => {
    const f = facts({ hours: [training('2026-10-01', eth, 'ethics'), training('2026-10-02', 5, 'advocacy')] });
    const r = evalReq(ethReq, f, AS_OF).result;
    expect(r).toMatchObject({ met, remaining, detail });
    expect(r.parts).toEqual([{ id: 'ethics', have: partHave, minimum: 6, met }]);
  });

  it('a domain just under each_minimum shows its shortfall', () => {
    const req: HoursRequirement = { id: 't', type: 'hours', category: 'training', minimum: 10,
      parts: [{ id: 'core', domains: ['advocacy', 'mentoring'], each_minimum: 5 }] };
    const f = facts({ hours: [training('2026-10-01', 4.998, 'mentoring'), training('2026-10-02', 6, 'advocacy')] });
    const r = evalReq(req, f, AS_OF).result;
    // the total (10.998 of 10) is reached, so 2 decimals show it as it is judged: 11
    expect(r).toMatchObject({ met: false, have: 11, remaining: 0.002, detail: '11 of 10 training hours; short: mentoring 4.998 of 5' });
    expect(r.parts![0]!.domains).toEqual({ advocacy: 6, mentoring: 4.998 });
  });
});

describe('CEU hours in a cycle', () => {
  it('39.996 of 40 is a deficit of 0.004, not 40 of 40 with nothing remaining', () => {
    const renewal = { cycle: { years: 2 }, ceu_hours: 40 } as Parameters<typeof ceuStanding>[1];
    const s = ceuStanding(credential('CRSS', '2025-01-15'), renewal, [hours('ceu', '2025-06-01', 39.996)], AS_OF);
    expect([s.have, s.remaining]).toEqual([39.996, 0.004]);
    const full = ceuStanding(credential('CRSS', '2025-01-15'), renewal, [hours('ceu', '2025-06-01', 39.9), hours('ceu', '2025-06-02', 0.1)], AS_OF);
    expect([full.have, full.remaining]).toEqual([40, 0]);
  });
});

describe('shown figures', () => {
  it.each([
    [1500, 1500, 1500], [1499.996, 1500, 1499.996], [1499.9996, 1500, 1499.9996], [0.30000000000000004, 0.3, 0.3],
    [12.5, 40, 12.5], [12.345, 40, 12.35], [1500 - 5e-10, 1500, 1500],
  ])('%f against %f is shown as %f', (n, threshold, want) => {
    expect(shownAgainst(n, threshold)).toBe(want);
  });
  it.each([[0, 0], [1e-12, 0], [0.004, 0.004], [0.006, 0.01], [0.5, 0.5], [2.5000000000000004, 2.5], [0.0000004, 0.0000004]])(
    'a shortfall of %f is shown as %f', (n, want) => {
      expect(shownShort(n)).toBe(want);
    });
});
