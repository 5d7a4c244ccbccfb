// The single-fact requirements: education, age, attestation, exam, credential (expiry, lapse,
// revocation, held_for, any_of), screening, performance and approval.
import { describe, expect, it } from 'vitest';
import { isHeldOn, validThrough } from '../../src/engine/credentials.js';
import type { Education } from '../../src/schemas/common.js';
import type { Progression, Requirement } from '../../src/schemas/rules.js';
import { credential, defaultPack, evalReq, exam, facts, packOf, screening } from './build.js';

const AS_OF = '2026-11-22';

describe('education', () => {
  const hs: Requirement = { id: 'education', type: 'education', minimum: 'high_school' };
  it.each<[Education | null, boolean, string]>([
    ['ged', true, 'ged'], // a GED counts as high school
    ['high_school', true, 'high_school'],
    ['associate', true, 'associate'],
    ['doctorate', true, 'doctorate'],
    ['none', false, 'none is below high_school'],
    [null, false, 'education not recorded (needs high_school or higher)'],
  ])('%s for high_school: met %s', (education, met, detail) => {
    const r = evalReq(hs, facts({ person: { education } }), AS_OF);
    expect(r.result).toEqual({ id: 'education', type: 'education', met, have: education, need: 'high_school', detail });
    expect(r.eta).toBe(met ? AS_OF : null);
  });

  it('a GED is not a bachelor', () => {
    expect(evalReq({ id: 'e', type: 'education', minimum: 'bachelor' }, facts({ person: { education: 'ged' } }), AS_OF).result.met).toBe(false);
    expect(evalReq({ id: 'e', type: 'education', minimum: 'ged' }, facts({ person: { education: 'high_school' } }), AS_OF).result.met).toBe(true);
  });
});

describe('age', () => {
  const age21: Requirement = { id: 'age', type: 'age', minimum_years: 21 };
  it.each([
    ['2005-11-22', true, 21, AS_OF], // 21st birthday on the as-of date
    ['2005-11-23', false, 20, '2026-11-23'],
    ['2005-11-21', true, 21, AS_OF],
    ['2004-02-29', true, 22, AS_OF],
  ])('born %s, as of 2026-11-22: met %s, %i years old, eta %s', (birth_date, met, have, eta) => {
    const r = evalReq(age21, facts({ person: { birth_date } }), AS_OF);
    expect(r.result).toMatchObject({ met, have, need: 21, remaining: met ? 0 : 1, detail: `${have} years old (needs 21)` });
    expect(r.eta).toBe(eta);
  });

  it.each([
    ['2025-02-28', false, '2025-03-01'], // a Feb 29 birthday is Mar 1 in a common year
    ['2025-03-01', true, '2025-03-01'],
  ])('born 2004-02-29, as of %s: met %s', (asOf, met, eta) => {
    const r = evalReq(age21, facts({ person: { birth_date: '2004-02-29' } }), asOf);
    expect(r.result.met).toBe(met);
    expect(r.eta).toBe(eta);
  });

  it('born on Feb 29: in a leap year the birthday is Feb 29 itself', () => {
    expect(evalReq({ id: 'a', type: 'age', minimum_years: 24 }, facts({ person: { birth_date: '2004-02-29' } }), '2028-02-29').result.met).toBe(true);
    expect(evalReq({ id: 'a', type: 'age', minimum_years: 24 }, facts({ person: { birth_date: '2004-02-29' } }), '2028-02-28').result.met).toBe(false);
  });

  it('no birth date: not met, no projection', () => {
    expect(evalReq(age21, facts(), AS_OF)).toEqual({ result: { id: 'age', type: 'age', met: false, have: null, need: 21, detail: 'birth date not recorded' }, eta: null });
  });

  it('as of a date before the birth date: 0 years, not a negative age; met on the 21st birthday', () => {
    expect(evalReq(age21, facts({ person: { birth_date: '2004-05-01' } }), '2000-01-01')).toEqual({
      result: { id: 'age', type: 'age', met: false, have: 0, need: 21, remaining: 21, detail: 'not born yet on 2000-01-01 (born 2004-05-01; needs 21)' },
      eta: '2025-05-01',
    });
    expect(evalReq(age21, facts({ person: { birth_date: '2004-05-01' } }), '2004-05-01').result).toMatchObject({ have: 0, detail: '0 years old (needs 21)' });
  });
});

describe('attestation', () => {
  const lived: Requirement = { id: 'lived-experience', type: 'attestation', flag: 'lived_experience' };
  it.each([
    [true, true, 'lived experience attested'],
    [false, false, 'lived experience not attested'],
    [null, false, 'lived experience not recorded'],
  ])('lived_experience %s: met %s', (flag, met, detail) => {
    expect(evalReq(lived, facts({ person: { lived_experience: flag } }), AS_OF).result).toEqual({ id: 'lived-experience', type: 'attestation', met, have: flag, need: true, detail });
  });
});

describe('exam', () => {
  const crssExam: Requirement = { id: 'exam', type: 'exam', exam: 'CRSS' };
  it.each([
    ['a pass', [exam('CRSS', '2026-09-10')], true, 'passed CRSS on 2026-09-10'],
    ['a pass after a fail', [exam('CRSS', '2026-06-10', 'fail'), exam('CRSS', '2026-09-10')], true, 'passed CRSS on 2026-09-10'],
    ['a fail only', [exam('CRSS', '2026-06-10', 'fail')], false, 'no pass of CRSS (failed on 2026-06-10)'],
    ['a pass of another exam', [exam('CPSRP', '2026-06-10')], false, 'no passed CRSS exam'],
    ['a pass dated after the as-of date', [exam('CRSS', '2026-11-23')], false, 'no passed CRSS exam'],
    ['a pass on the as-of date', [exam('CRSS', AS_OF)], true, `passed CRSS on ${AS_OF}`],
  ])('%s', (_what, exams, met, detail) => {
    const r = evalReq(crssExam, facts({ exams }), AS_OF);
    expect(r.result).toMatchObject({ met, detail, need: 'pass' });
    expect(r.eta).toBe(met ? AS_OF : null); // an exam does not accrue
  });

  it.each([
    ['2024-11-22', false],
    ['2024-11-23', true],
  ])('within 2 years of 2026-11-22, a pass on %s: met %s', (date, met) => {
    const r = evalReq({ ...crssExam, within: { years: 2 } } as Requirement, facts({ exams: [exam('CRSS', date)] }), AS_OF).result;
    expect(r.met).toBe(met);
    // A pass before the window is named, not reported as missing.
    if (!met) expect(r.detail).toBe('passed CRSS on 2024-11-22, outside the last 2 years');
  });

  it('within: no exam at all in the window or before it is "no passed ... in the last ..."', () => {
    const r = evalReq({ ...crssExam, within: { years: 2 } } as Requirement, facts({ exams: [exam('CRSS', '2024-01-01', 'fail')] }), AS_OF).result;
    expect(r).toMatchObject({ met: false, detail: 'no passed CRSS exam in the last 2 years' });
  });
});

describe('credential', () => {
  const crss: Requirement = { id: 'crss', type: 'credential', credential: 'CRSS' };

  it.each([
    ['the expiry day: still valid', '2027-01-14', true, 'CRSS held since 2025-01-15, valid through 2027-01-14'],
    ['the day after expiry', '2027-01-15', false, 'CRSS: CRSS expired after 2027-01-14'],
    ['the issue day', '2025-01-15', true, 'CRSS held since 2025-01-15, valid through 2027-01-14'],
    ['the day before issue', '2025-01-14', false, 'CRSS: not held'],
  ])('expires_on is inclusive — %s', (_what, asOf, met, detail) => {
    const f = facts({ credentials: [credential('CRSS', '2025-01-15', { expires_on: '2027-01-14' })] });
    expect(evalReq(crss, f, asOf).result).toMatchObject({ met, detail, have: met ? 'CRSS' : null });
  });

  it('without a recorded expiry, a renewable credential is valid through the end of its CEU cycle', () => {
    const f = facts({ credentials: [credential('CRSS', '2025-01-15')] });
    expect(evalReq(crss, f, '2027-01-14').result.met).toBe(true);
    expect(evalReq(crss, f, '2027-01-15').result).toMatchObject({ met: false, detail: 'CRSS: CRSS expired after 2027-01-14' });
    // renewed: the cycle moved on
    const renewed = facts({ credentials: [credential('CRSS', '2025-01-15', { cycle_start: '2027-01-15' })] });
    expect(evalReq(crss, renewed, '2028-06-01').result.met).toBe(true);
  });

  it('a credential without renewal or expiry (a license recorded without one) stays valid', () => {
    const f = facts({ credentials: [credential('DRIVER_LICENSE', '2010-01-01')] });
    expect(evalReq({ id: 'dl', type: 'credential', credential: 'DRIVER_LICENSE' }, f, '2040-01-01').result).toMatchObject({ met: true, detail: 'DRIVER_LICENSE held since 2010-01-01' });
  });

  it.each([
    ['lapsed', '2026-06-01', '2026-05-31', true],
    ['lapsed', '2026-06-01', '2026-06-01', false],
    ['revoked', '2026-06-01', '2026-05-31', true],
    ['revoked', '2026-06-01', '2026-06-01', false],
    ['revoked', null, '2025-02-01', false], // no date: counts from the issue date
  ] as const)('%s on %s, as of %s: held %s', (status, status_on, asOf, met) => {
    const f = facts({ credentials: [credential('CRSS', '2025-01-15', { expires_on: '2027-01-14', status, status_on })] });
    const r = evalReq(crss, f, asOf).result;
    expect(r.met).toBe(met);
    if (!met) expect(r.detail).toBe(`CRSS: CRSS ${status}${status_on ? ` on ${status_on}` : ''}`);
  });

  it('a provisional credential is held, until its valid_for runs out', () => {
    const cps: Requirement = { id: 'cps', type: 'credential', credential: 'CPS' };
    const f = facts({ credentials: [credential('CPS', '2026-03-01', { status: 'provisional' })] });
    expect(evalReq(cps, f, '2026-08-31').result).toMatchObject({ met: true, detail: 'CPS (provisional) held since 2026-03-01, valid through 2026-08-31' });
    expect(evalReq(cps, f, '2026-09-01').result).toMatchObject({ met: false, detail: 'CPS: CPS expired after 2026-08-31' });
    const extended = facts({ credentials: [credential('CPS', '2026-03-01', { status: 'provisional', expires_on: '2027-02-28' })] });
    expect(evalReq(cps, extended, '2026-12-01').result.met).toBe(true);
  });

  it('a re-granted credential replaces a revoked one', () => {
    const f = facts({ credentials: [
      credential('CRSS', '2020-01-15', { expires_on: '2022-01-14', status: 'revoked', status_on: '2021-03-01' }),
      credential('CRSS', '2025-01-15', { expires_on: '2027-01-14' }),
    ] });
    expect(evalReq(crss, f, AS_OF).result).toMatchObject({ met: true, detail: 'CRSS held since 2025-01-15, valid through 2027-01-14' });
    expect(evalReq(crss, f, '2024-06-01').result.detail).toBe('CRSS: CRSS revoked on 2021-03-01');
  });

  it('any_of: either credential will do', () => {
    const rss: Requirement = { id: 'certification', type: 'credential', any_of: ['CRSS', 'CPSRP'] };
    const f = facts({ credentials: [credential('CPSRP', '2026-01-10', { expires_on: '2027-01-09' })] });
    expect(evalReq(rss, f, AS_OF).result).toMatchObject({ met: true, have: 'CPSRP', need: 'CRSS or CPSRP' });
    expect(evalReq(rss, facts(), AS_OF).result).toMatchObject({ met: false, detail: 'CRSS or CPSRP: not held' });
  });

  it.each([
    ['2026-01-14', false, '2026-01-15'],
    ['2026-01-15', true, '2026-01-15'],
  ])('held_for 1 year, issued 2025-01-15, as of %s: met %s', (asOf, met, eta) => {
    const req: Requirement = { id: 'c', type: 'credential', credential: 'CRSS', held_for: { years: 1 } };
    const r = evalReq(req, facts({ credentials: [credential('CRSS', '2025-01-15', { expires_on: '2027-01-14' })] }), asOf);
    expect(r.result.met).toBe(met);
    expect(r.eta).toBe(met ? asOf : eta);
    if (!met) expect(r.result.detail).toBe('CRSS held since 2025-01-15; needs 1 year (on 2026-01-15)');
  });

  it('held_for: no projection when the credential expires before the time is served', () => {
    const req: Requirement = { id: 'c', type: 'credential', credential: 'CRSS', held_for: { years: 3 } };
    const r = evalReq(req, facts({ credentials: [credential('CRSS', '2025-01-15', { expires_on: '2027-01-14' })] }), AS_OF);
    expect(r).toMatchObject({ result: { met: false }, eta: null });
  });

  it('isHeldOn and validThrough agree with the requirement', () => {
    const c = credential('CRSS', '2025-01-15');
    expect(validThrough(c, defaultPack, AS_OF)).toBe('2027-01-14');
    expect(isHeldOn(c, '2027-01-14', defaultPack)).toBe(true);
    expect(isHeldOn(c, '2027-01-15', defaultPack)).toBe(false);
    expect(isHeldOn(c, '2027-01-15')).toBe(true); // without a pack only a recorded expiry ends it
  });

  it('validThrough uses the rule version in force, whatever the order of the versions in the pack', () => {
    const pack = packOf({ credentials: [
      { code: 'X', name: 'X v2', effective_from: '2026-01-01', renewal: { cycle: { years: 3 }, ceu_hours: 10 } },
      { code: 'X', name: 'X v1', renewal: { cycle: { years: 1 }, ceu_hours: 10 } },
    ] });
    const c = credential('X', '2024-06-01');
    expect(validThrough(c, pack, '2025-12-31')).toBe('2025-05-31');
    expect(validThrough(c, pack, '2026-01-01')).toBe('2027-05-31');
  });
});

describe('screening', () => {
  const tb: Requirement = { id: 'tb', type: 'screening', screening: 'tb' };
  it.each([
    ['passed, no expiry', [screening('tb', '2026-03-01')], true, 'tb passed on 2026-03-01'],
    ['passed, expires on the as-of date', [screening('tb', '2025-11-22', 'pass', AS_OF)], true, `tb passed on 2025-11-22, valid through ${AS_OF}`],
    ['passed, expired the day before', [screening('tb', '2025-11-21', 'pass', '2026-11-21')], false, 'tb screening expired after 2026-11-21'],
    ['failed', [screening('tb', '2026-03-01', 'fail')], false, 'tb screening failed on 2026-03-01'],
    ['failed, then passed', [screening('tb', '2026-03-01', 'fail'), screening('tb', '2026-03-15')], true, 'tb passed on 2026-03-15'],
    ['passed, then failed', [screening('tb', '2026-03-01'), screening('tb', '2026-09-15', 'fail')], false, 'tb screening failed on 2026-09-15'],
    ['another type', [screening('drug', '2026-03-01')], false, 'no tb screening on record'],
    ['dated after the as-of date', [screening('tb', '2026-11-23')], false, 'no tb screening on record'],
    ['an expired pass and a current one', [screening('tb', '2024-01-01', 'pass', '2024-12-31'), screening('tb', '2026-01-01', 'pass', '2026-12-31')], true, 'tb passed on 2026-01-01, valid through 2026-12-31'],
  ])('%s', (_what, screenings, met, detail) => {
    const r = evalReq(tb, facts({ screenings }), AS_OF);
    expect(r.result).toMatchObject({ id: 'tb', type: 'screening', met, detail });
    expect(r.eta).toBe(met ? AS_OF : null);
  });

  it('within: only a screening in the window counts', () => {
    const req: Requirement = { id: 'bg', type: 'screening', screening: 'background', within: { years: 1 } };
    expect(evalReq(req, facts({ screenings: [screening('background', '2025-11-23')] }), AS_OF).result.met).toBe(true);
    expect(evalReq(req, facts({ screenings: [screening('background', '2025-11-22')] }), AS_OF).result.met).toBe(false);
  });

  // A screening on record but outside the window is named with its date, not "none on record".
  it.each([
    ['a pass the day before the window', [screening('tb', '2025-11-22')], 'tb passed on 2025-11-22, outside the last 365 days'],
    ['a fail before the window, the latest', [screening('tb', '2024-05-01'), screening('tb', '2025-01-10', 'fail')], 'tb screening failed on 2025-01-10, outside the last 365 days'],
    ['another type only', [screening('drug', '2025-01-10')], 'no tb screening on record'],
    ['a fail in the window wins over a pass before it', [screening('tb', '2025-01-10'), screening('tb', '2026-02-01', 'fail')], 'tb screening failed on 2026-02-01'],
  ])('within 365 days: %s', (_what, screenings, detail) => {
    const req: Requirement = { id: 'tb', type: 'screening', screening: 'tb', within: { days: 365 } };
    expect(evalReq(req, facts({ screenings }), AS_OF).result).toMatchObject({ met: false, detail });
  });
});

describe('performance', () => {
  const perf: Requirement = { id: 'performance', type: 'performance' };
  const ev = (date: string, rating: 'satisfactory' | 'unsatisfactory') => ({ date, rating });
  it.each([
    ['one satisfactory', [ev('2026-08-22', 'satisfactory')], true, '1 satisfactory evaluation'],
    ['two satisfactory', [ev('2026-06-22', 'satisfactory'), ev('2026-08-22', 'satisfactory')], true, '2 satisfactory evaluations'],
    ['none', [], false, 'no evaluation on record'],
    ['an unsatisfactory one blocks', [ev('2026-06-22', 'satisfactory'), ev('2026-08-22', 'unsatisfactory'), ev('2026-10-22', 'satisfactory')], false, 'unsatisfactory evaluation on 2026-08-22'],
    ['one dated after the as-of date does not count', [ev('2026-11-23', 'satisfactory')], false, 'no evaluation on record'],
  ])('%s', (_what, evaluations, met, detail) => {
    expect(evalReq(perf, facts({ evaluations: evaluations as never }), AS_OF).result).toMatchObject({ met, detail });
  });

  it('in a progression, only the period in the from-position counts', () => {
    const f = facts({ evaluations: [{ date: '2025-03-01', rating: 'unsatisfactory' }, { date: '2026-08-22', rating: 'satisfactory' }] });
    expect(evalReq(perf, f, AS_OF).result.met).toBe(false);
    expect(evalReq(perf, f, AS_OF, { periodStart: '2026-05-22' }).result.met).toBe(true);
    expect(evalReq({ ...perf, within: { months: 6 } } as Requirement, f, AS_OF).result.met).toBe(true);
  });

  it('an evaluation on record before the period judged is named, not reported as none on record', () => {
    const f = facts({ evaluations: [{ date: '2026-03-01', rating: 'satisfactory' }] });
    expect(evalReq({ ...perf, within: { months: 6 } } as Requirement, f, AS_OF).result)
      .toMatchObject({ met: false, detail: 'satisfactory evaluation on 2026-03-01, outside the last 6 months' });
    expect(evalReq(perf, f, AS_OF, { periodStart: '2026-05-22' }).result)
      .toMatchObject({ met: false, detail: 'satisfactory evaluation on 2026-03-01, before the period judged (from 2026-05-22)' });
  });
});

describe('approval', () => {
  const progression = defaultPack.progressions.find((p) => p.id === 'pss-i-to-ii') as Progression;
  const approval: Requirement = { id: 'approval', type: 'approval' };
  it.each([
    ['recorded', [{ progression: 'pss-i-to-ii', date: '2026-11-01' }], true, 'approved on 2026-11-01'],
    ['for another progression', [{ progression: 'rss-trainee-to-rss', date: '2026-11-01' }], false, 'management approval not recorded'],
    ['dated after the as-of date', [{ progression: 'pss-i-to-ii', date: '2026-11-23' }], false, 'management approval not recorded'],
  ])('%s', (_what, approvals, met, detail) => {
    expect(evalReq(approval, facts({ approvals }), AS_OF, { progression }).result).toMatchObject({ met, detail });
  });
});
