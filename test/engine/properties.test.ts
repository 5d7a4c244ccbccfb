// Properties of the engine over random records (fast-check): hours add up as a plain sum of
// what counts, time only adds, experience does not depend on how periods are cut or ordered.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dayNumber, fromDayNumber } from '../../src/engine/dates.js';
import type { HourFact, PositionFact } from '../../src/engine/facts.js';
import { PACE_DAYS } from '../../src/engine/types.js';
import type { Requirement } from '../../src/schemas/rules.js';
import { evalReq, facts } from './build.js';

const FIRST = dayNumber('2023-01-01');
const LAST = dayNumber('2026-12-31');
const day = fc.integer({ min: FIRST, max: LAST });

const workEntry: fc.Arbitrary<HourFact> = fc.record({
  start: day, days: fc.integer({ min: 1, max: 30 }), perDay: fc.integer({ min: 1, max: 96 }), // quarter hours a day
  supervised: fc.option(fc.boolean(), { nil: null }), paid: fc.option(fc.boolean(), { nil: null }),
}).map(({ start, days, perDay, supervised, paid }) => ({
  date: fromDayNumber(start), end: fromDayNumber(start + days - 1), category: 'work' as const, hours: (perDay / 4) * days,
  domain: null, supervised, paid, topic: null,
}));
const asOfDay = day.map(fromDayNumber);
const WORK: Requirement = { id: 'work-hours', type: 'hours', category: 'work', supervised: true, minimum: 2000 };

/** The plain sum the requirement must equal: supervised entries complete by as-of. */
const oracle = (entries: HourFact[], asOf: string) =>
  Math.round(entries.filter((h) => h.supervised === true && h.end <= asOf).reduce((s, h) => s + h.hours, 0) * 100) / 100;

describe('hours properties', () => {
  it('have is the sum of the supervised entries complete by the as-of date; met exactly when it reaches the minimum', () => {
    fc.assert(fc.property(fc.array(workEntry, { maxLength: 60 }), asOfDay, (entries, asOf) => {
      const { result } = evalReq(WORK, facts({ hours: entries }), asOf);
      const want = oracle(entries, asOf);
      expect(result.have).toBe(want);
      expect(result.met).toBe(want >= 2000);
      expect(result.remaining).toBe(Math.round(Math.max(0, 2000 - want) * 100) / 100);
    }));
  });

  it('a later as-of date never counts fewer hours (no within window)', () => {
    fc.assert(fc.property(fc.array(workEntry, { maxLength: 40 }), day, fc.integer({ min: 0, max: 400 }), (entries, a, later) => {
      const f = facts({ hours: entries });
      const h1 = evalReq(WORK, f, fromDayNumber(a)).result.have as number;
      const h2 = evalReq(WORK, f, fromDayNumber(a + later)).result.have as number;
      expect(h2).toBeGreaterThanOrEqual(h1);
    }));
  });

  it('the order of the entries does not matter', () => {
    fc.assert(fc.property(fc.array(workEntry, { maxLength: 30 }), asOfDay, (entries, asOf) => {
      const a = evalReq(WORK, facts({ hours: entries }), asOf);
      const b = evalReq(WORK, facts({ hours: [...entries].reverse() }), asOf);
      expect(b).toEqual(a);
    }));
  });

  it('an unmet requirement is projected exactly when hours came in the last 90 days, never before the as-of date', () => {
    fc.assert(fc.property(fc.array(workEntry, { maxLength: 40 }), asOfDay, (entries, asOf) => {
      const r = evalReq(WORK, facts({ hours: entries }), asOf);
      if (r.result.met) { expect(r.eta).toBe(asOf); return; }
      const paceStart = addDays(asOf, -(PACE_DAYS - 1));
      const recent = entries.filter((h) => h.supervised === true && h.end <= asOf && h.date >= paceStart).reduce((s, h) => s + h.hours, 0);
      if (recent === 0) expect(r.eta).toBeNull();
      else {
        expect(r.eta! > asOf).toBe(true);
        // at the recent pace, the remaining hours take exactly the days projected (rounded up)
        const days = Math.ceil((r.result.remaining as number) / (recent / PACE_DAYS) - 1e-9);
        expect(r.eta).toBe(addDays(asOf, days));
      }
    }));
  });
});

const MH: Requirement = { id: 'mh', type: 'experience', fields: ['mental_health'], months: 24 };
const period: fc.Arbitrary<PositionFact> = fc.record({ start: day, days: fc.option(fc.integer({ min: 1, max: 900 }), { nil: null }) })
  .map(({ start, days }) => ({ position: 'RSS', start: fromDayNumber(start), end: days === null ? null : fromDayNumber(start + days - 1), field: 'mental_health' as const, supervised: null }));

describe('experience properties', () => {
  it('the same periods in any order, or given twice, give the same result', () => {
    fc.assert(fc.property(fc.array(period, { maxLength: 8 }), asOfDay, (periods, asOf) => {
      const a = evalReq(MH, facts({ positions: periods }), asOf);
      expect(evalReq(MH, facts({ positions: [...periods].reverse() }), asOf)).toEqual(a);
      expect(evalReq(MH, facts({ positions: [...periods, ...periods] }), asOf)).toEqual(a);
    }));
  });

  it('a period cut in two adjoining periods counts (and, once both are known, projects) the same', () => {
    fc.assert(fc.property(day, fc.integer({ min: 2, max: 900 }), fc.integer({ min: 1, max: 899 }), asOfDay, (start, days, cutAt, asOf) => {
      const cut = Math.min(cutAt, days - 1);
      const whole = [{ position: 'A', start: fromDayNumber(start), end: fromDayNumber(start + days - 1), field: 'mental_health' as const, supervised: null }];
      const halves = [
        { ...whole[0]!, end: fromDayNumber(start + cut - 1) },
        { ...whole[0]!, position: 'B', start: fromDayNumber(start + cut) },
      ];
      const a = evalReq(MH, facts({ positions: halves }), asOf), b = evalReq(MH, facts({ positions: whole }), asOf);
      expect(a.result).toEqual(b.result);
      // a second half starting after the as-of date is not known yet: the first half's end stops the projection
      if (halves[1]!.start <= asOf) expect(a.eta).toBe(b.eta);
    }));
  });

  it('never more months than the calendar allows, and never fewer later on', () => {
    fc.assert(fc.property(fc.array(period, { minLength: 1, maxLength: 6 }), day, fc.integer({ min: 0, max: 500 }), (periods, a, later) => {
      const f = facts({ positions: periods });
      const h1 = evalReq(MH, f, fromDayNumber(a)).result.have as number;
      const h2 = evalReq(MH, f, fromDayNumber(a + later)).result.have as number;
      expect(h2).toBeGreaterThanOrEqual(h1);
      const first = periods.reduce((m, p) => (p.start < m ? p.start : m), '9999-12-31');
      const span = Math.max(0, dayNumber(fromDayNumber(a)) - dayNumber(first));
      expect(h1).toBeLessThanOrEqual(Math.round((span / 28) * 100) / 100 + 0.01); // at most a month per 28 days
    }));
  });

  it('an open period projects the day the months are served, and the requirement is met on it', () => {
    fc.assert(fc.property(day, fc.integer({ min: 0, max: 700 }), (start, served) => {
      const f = facts({ positions: [{ position: 'RSS', start: fromDayNumber(start), end: null, field: 'mental_health', supervised: null }] });
      const asOf = fromDayNumber(start + served);
      const r = evalReq(MH, f, asOf);
      if (r.result.met) return;
      expect(r.eta).not.toBeNull();
      expect(evalReq(MH, f, r.eta!).result.met).toBe(true);
      expect(evalReq(MH, f, addDays(r.eta!, -1)).result.met).toBe(false);
    }));
  });
});
