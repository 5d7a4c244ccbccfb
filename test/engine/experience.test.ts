// `experience` requirements: months of position periods by field or position, supervised
// only, overlaps counted once, the as-of day still in progress, and the projection.
import { describe, expect, it } from 'vitest';
import { experienceIntervals } from '../../src/engine/requirements/experience.js';
import type { ExperienceRequirement, Requirement } from '../../src/schemas/rules.js';
import { evalReq, facts, position } from './build.js';

const mh = (months: number, extra: Partial<ExperienceRequirement> = {}): Requirement => ({ id: 'x', type: 'experience', fields: ['mental_health'], months, ...extra });
const MH = { field: 'mental_health' as const };

describe('months of experience', () => {
  it.each([
    ['2026-11-21', false, 5.99], // the as-of day is still in progress
    ['2026-11-22', true, 6],
    ['2027-05-22', true, 12],
  ])('an open period from 2026-05-22, as of %s: met %s with %f months', (asOf, met, have) => {
    const r = evalReq(mh(6), facts({ positions: [position('RSS-TRAINEE', '2026-05-22', null, MH)] }), asOf).result;
    expect(r).toMatchObject({ type: 'experience', met, have, need: 6 });
  });

  it('a closed period counts through its end date', () => {
    const f = facts({ positions: [position('RSS', '2026-01-01', '2026-06-30', MH)] });
    expect(evalReq(mh(6), f, '2026-07-01').result).toMatchObject({ met: true, have: 6, remaining: 0 });
    expect(evalReq(mh(6), f, '2027-07-01').result).toMatchObject({ met: true, have: 6 });
    expect(evalReq(mh(6), f, '2026-06-30').result).toMatchObject({ met: false, remaining: 0.05 }); // 5 months 29 days
  });

  it('a period starting on the as-of date adds nothing yet, but projects; one starting later is not known', () => {
    const f = facts({ positions: [position('RSS', '2026-11-22', null, MH)] });
    expect(evalReq(mh(6), f, '2026-11-22')).toMatchObject({ result: { met: false, have: 0, remaining: 6 }, eta: '2027-05-22' });
    expect(evalReq(mh(6), f, '2026-11-21')).toMatchObject({ result: { met: false, have: 0 }, eta: null });
  });

  it('overlapping positions count once', () => {
    const f = facts({ positions: [
      position('RSS', '2025-01-01', null, MH), position('PSS', '2025-03-01', '2025-08-31', MH), position('X', '2025-06-01', '2025-06-30', MH),
    ] });
    const r = evalReq(mh(12), f, '2026-01-01').result;
    expect(r).toMatchObject({ met: true, have: 12 });
    expect(experienceIntervals({ fields: ['mental_health'] }, f.positions, '2026-01-01')).toEqual([
      { start: '2025-01-01', endExclusive: '2026-01-01', open: true, until: null },
    ]);
  });

  it('separate periods add up; adjoining ones merge', () => {
    const gap = facts({ positions: [position('A', '2025-01-01', '2025-03-31', MH), position('B', '2025-05-01', '2025-07-31', MH)] });
    expect(evalReq(mh(6), gap, '2026-01-01').result).toMatchObject({ met: true, have: 6 });
    const adjoining = facts({ positions: [position('A', '2025-01-01', '2025-03-31', MH), position('B', '2025-04-01', null, MH)] });
    expect(experienceIntervals({ fields: ['mental_health'] }, adjoining.positions, '2025-07-01')).toHaveLength(1);
    expect(evalReq(mh(6), adjoining, '2025-07-01').result).toMatchObject({ met: true, have: 6 });
  });

  it('fields: only periods in a listed field count', () => {
    const f = facts({ positions: [
      position('A', '2025-01-01', '2025-06-30', MH), position('B', '2025-07-01', '2025-12-31', { field: 'peer_support' }),
      position('C', '2026-01-01', '2026-06-30', { field: null }),
    ] });
    expect(evalReq(mh(12), f, '2027-01-01').result).toMatchObject({ met: false, have: 6, remaining: 6 });
    expect(evalReq(mh(12, { fields: ['mental_health', 'peer_support'] }), f, '2027-01-01').result).toMatchObject({ met: true, have: 12 });
    expect(evalReq(mh(12), f, '2027-01-01').result.detail).toBe('6 of 12 months experience in mental_health');
  });

  it('positions: periods in a listed position count whatever their field (RSS-MQ trainee substitution)', () => {
    const req: Requirement = { id: 'trainee', type: 'experience', positions: ['RSS-TRAINEE'], months: 6 };
    const f = facts({ positions: [position('RSS-TRAINEE', '2026-01-01', '2026-06-30'), position('RSS', '2026-07-01', null, MH)] });
    expect(evalReq(req, f, '2026-12-01').result).toMatchObject({ met: true, have: 6, detail: '6 of 6 months experience as RSS-TRAINEE' });
  });

  it('fields or positions: either kind of period counts, overlaps once', () => {
    const req: Requirement = { id: 'x', type: 'experience', fields: ['substance_use'], positions: ['RSS-TRAINEE'], months: 12 };
    const f = facts({ positions: [
      position('RSS-TRAINEE', '2025-01-01', '2025-06-30'), position('COUNSELOR', '2025-04-01', '2025-12-31', { field: 'substance_use' }),
    ] });
    expect(evalReq(req, f, '2026-06-01').result).toMatchObject({ met: true, have: 12, detail: '12 of 12 months experience in substance_use or as RSS-TRAINEE' });
  });

  it('supervised only: unsupervised and unrecorded periods do not count', () => {
    const f = facts({ positions: [
      position('A', '2020-01-01', '2021-12-31', { field: 'human_services', supervised: true }),
      position('B', '2022-01-01', '2023-12-31', { field: 'human_services', supervised: false }),
      position('C', '2024-01-01', '2024-12-31', { field: 'human_services', supervised: null }),
    ] });
    const req = mh(60, { fields: ['mental_health', 'human_services'], supervised: true });
    expect(evalReq(req, f, '2026-01-01').result).toMatchObject({ met: false, have: 24, remaining: 36,
      detail: '24 of 60 months supervised experience in mental_health/human_services' });
  });
});

describe('projection', () => {
  it('an open period: met the day the months are complete', () => {
    const f = facts({ positions: [position('RSS-TRAINEE', '2026-05-22', null, MH)] });
    expect(evalReq(mh(6), f, '2026-09-01').eta).toBe('2026-11-22');
    expect(evalReq(mh(6), f, '2026-11-22').eta).toBe('2026-11-22');
  });

  it('earlier periods shorten the time still to serve', () => {
    const f = facts({ positions: [position('A', '2024-01-01', '2024-03-31', MH), position('B', '2026-05-01', null, MH)] });
    expect(evalReq(mh(6), f, '2026-06-01')).toMatchObject({ result: { met: false }, eta: '2026-08-01' });
  });

  it('month ends: 6 months from Aug 31 are complete on Feb 28', () => {
    const f = facts({ positions: [position('A', '2026-08-31', null, MH)] });
    expect(evalReq(mh(6), f, '2026-12-01').eta).toBe('2027-02-28');
    expect(evalReq(mh(6), f, '2027-02-27').result.met).toBe(false);
    expect(evalReq(mh(6), f, '2027-02-28').result.met).toBe(true);
  });

  it.each([
    ['2026-11-21', '2026-11-22'], // the period ends exactly when the six months are served
    ['2026-12-31', '2026-11-22'],
    ['2026-11-20', null], // ends a day too soon
  ])('a running period that ends on %s: eta %s', (end, eta) => {
    const f = facts({ positions: [position('A', '2026-05-22', end, MH)] });
    expect(evalReq(mh(6), f, '2026-09-01').eta).toBe(eta);
  });

  it('no running period: no projection', () => {
    const f = facts({ positions: [position('A', '2025-01-01', '2025-03-31', MH)] });
    expect(evalReq(mh(6), f, '2026-01-01')).toMatchObject({ result: { met: false, have: 3 }, eta: null });
    expect(evalReq(mh(6), facts(), '2026-01-01').eta).toBeNull();
  });
});
