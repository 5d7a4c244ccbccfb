// Whole rules: any_of/all_of groups (Rule 132 MHP by both routes), rule versions around an
// effective_from, position deadlines, provisional credentials and the projected date.
import { describe, expect, it } from 'vitest';
import { evaluateRule, makeContext, provisionalExpiry, satisfied } from '../../src/engine/evaluate.js';
import { PackIndex } from '../../src/engine/pack-index.js';
import type { Requirement } from '../../src/schemas/rules.js';
import {
  credential, defaultIndex, defaultPack, evalReq, evalRule, exam, facts, packOf, position, req, screening, supervision, training, work,
} from './build.js';

const AS_OF = '2026-11-22';

/** Everything CRSS needs, as of 2026-11-22. */
function crssReady() {
  return facts({
    hours: [
      work('2024-01-01', 2000, { end: '2025-12-31' }),
      ...(['advocacy', 'professional_responsibility', 'mentoring', 'recovery_support'] as const).flatMap((d, i) => [
        supervision(`2025-0${i + 1}-10`, 25, d), training(`2025-0${i + 1}-11`, 10, d),
      ]),
      training('2025-06-01', 6, 'ethics'), training('2025-06-02', 54, 'core_functions'),
    ],
    exams: [exam('CRSS', '2026-09-10')],
  });
}

describe('CRSS', () => {
  it('eligible when every requirement is met', () => {
    const r = evalRule('CRSS', crssReady(), AS_OF);
    expect(r).toMatchObject({ person: 'P1', name: 'Ana Diaz', rule: 'CRSS', kind: 'credential', version: null, eligible: true, projected_date: null, held: null });
    expect(r.requirements.map((q) => [q.id, q.met])).toEqual([
      ['education', true], ['work-hours', true], ['supervision-hours', true], ['training-hours', true], ['exam', true],
    ]);
  });

  it('1999.5 work hours: not eligible, projected at the pace of the last 90 days', () => {
    const f = crssReady();
    f.hours[0] = work('2024-01-01', 1909.5, { end: '2025-12-31' });
    f.hours.push(work('2026-09-01', 90, { end: '2026-09-30' })); // 1 h a day; 0.5 h to go
    const r = evalRule('CRSS', f, AS_OF);
    expect(r.eligible).toBe(false);
    expect(req(r, 'work-hours')).toMatchObject({ met: false, have: 1999.5, remaining: 0.5 });
    expect(r.projected_date).toBe('2026-11-23');
  });

  it('an unmet exam means no projected date, however fast the hours come', () => {
    const f = crssReady();
    f.exams = [exam('CRSS', '2026-09-10', 'fail')];
    f.hours[0] = work('2024-01-01', 1900, { end: '2025-12-31' });
    f.hours.push(work('2026-09-01', 90, { end: '2026-09-30' }));
    expect(evalRule('CRSS', f, AS_OF)).toMatchObject({ eligible: false, projected_date: null });
  });

  it('zero pace means no projected date', () => {
    const f = crssReady();
    f.hours[0] = work('2024-01-01', 1900, { end: '2025-12-31' });
    expect(evalRule('CRSS', f, AS_OF)).toMatchObject({ eligible: false, projected_date: null });
  });

  it('the latest of the unmet requirements sets the projected date', () => {
    const f = crssReady();
    f.hours[0] = work('2024-01-01', 1900, { end: '2025-12-31' });
    f.hours.push(work('2026-09-01', 90, { end: '2026-09-30' })); // 10 h to go at 1 h a day: 2026-12-02
    f.hours.push(supervision('2026-10-01', 9, 'advocacy')); // supervision met already (109)
    f.hours = f.hours.filter((h) => !(h.category === 'supervision' && h.domain === 'mentoring')); // 84 of 100: 16 to go at 0.1 h a day
    const r = evalRule('CRSS', f, AS_OF);
    expect(req(r, 'supervision-hours')).toMatchObject({ met: false, have: 84, remaining: 16 });
    expect(r.projected_date).toBe('2027-05-01'); // 16 h at 0.1 h a day: 160 days (work: 2026-12-02)
  });

  it('holds: the held summary reports the credential in good standing', () => {
    const f = crssReady();
    f.credentials = [credential('CRSS', '2025-01-15', { expires_on: '2027-01-14' })];
    expect(evalRule('CRSS', f, AS_OF).held).toEqual({ status: 'active', issued_on: '2025-01-15', expires_on: '2027-01-14' });
    expect(evalRule('CRSS', f, '2027-01-15').held).toBeNull();
  });
});

describe('MHP-132: any_of [CRSS and 12 months mental health ; 60 months supervised]', () => {
  const crss = credential('CRSS', '2025-01-15', { expires_on: '2027-01-14' });

  it('the CRSS route', () => {
    const f = facts({ credentials: [crss], positions: [position('RSS', '2025-06-01', null, { field: 'mental_health' })] });
    const r = evalRule('MHP-132', f, AS_OF);
    expect(r.eligible).toBe(true);
    expect(r.requirements[0]).toMatchObject({ id: 'route', type: 'any_of', met: true, detail: 'met by crss-route' });
    expect(req(r, 'crss-route')).toMatchObject({ met: true, detail: '2 of 2 met' });
    expect(req(r, 'supervised-route').met).toBe(false);
  });

  it('the supervised route, without any credential', () => {
    const f = facts({ positions: [
      position('CASE-AIDE', '2019-01-01', '2021-12-31', { field: 'human_services', supervised: true }),
      position('RSS', '2022-01-01', null, { field: 'mental_health', supervised: true }),
    ] });
    const r = evalRule('MHP-132', f, '2024-01-01');
    expect(r.eligible).toBe(true);
    expect(req(r, 'route').detail).toBe('met by supervised-route');
    expect(req(r, 'crss-route')).toMatchObject({ met: false, detail: '1 of 2 met' });
  });

  it('neither route: the sooner route sets the projected date', () => {
    // CRSS held, mental-health experience since 2026-06-01 (12 months on 2027-06-01);
    // supervised experience since 2023-01-01 (60 months on 2028-01-01)
    const f = facts({ credentials: [credential('CRSS', '2025-01-15', { expires_on: '2028-01-14' })], positions: [
      position('AIDE', '2023-01-01', null, { field: 'human_services', supervised: true }),
      position('RSS', '2026-06-01', null, { field: 'mental_health' }),
    ] });
    const r = evalRule('MHP-132', f, AS_OF);
    expect(r).toMatchObject({ eligible: false, projected_date: '2027-06-01' });
    expect(req(r, 'route').detail).toBe('none of 2 options met');
  });

  it('an expired CRSS closes that route: the supervised route sets the date', () => {
    const f = facts({ credentials: [credential('CRSS', '2024-01-15', { expires_on: '2026-01-14' })], positions: [
      position('RSS', '2023-01-01', null, { field: 'mental_health', supervised: true }),
    ] });
    const r = evalRule('MHP-132', f, AS_OF);
    expect(req(r, 'crss')).toMatchObject({ met: false, detail: 'CRSS: CRSS expired after 2026-01-14' });
    expect(req(r, 'mh-experience').met).toBe(true);
    expect(r).toMatchObject({ eligible: false, projected_date: '2028-01-01' });
  });
});

describe('groups', () => {
  const group = (type: 'all_of' | 'any_of', requirements: Requirement[]): Requirement => ({ id: 'g', type, requirements });
  const hs: Requirement = { id: 'hs', type: 'education', minimum: 'high_school' };
  const ba: Requirement = { id: 'ba', type: 'education', minimum: 'bachelor' };
  const mh6: Requirement = { id: 'mh6', type: 'experience', fields: ['mental_health'], months: 6 };
  const mh12: Requirement = { id: 'mh12', type: 'experience', fields: ['mental_health'], months: 12 };
  const f = facts({ positions: [position('RSS', '2026-06-01', null, { field: 'mental_health' })] });

  it.each([
    ['all_of', [hs], true, AS_OF, '1 of 1 met'],
    ['all_of', [hs, ba], false, null, '1 of 2 met'],
    ['all_of', [hs, mh6, mh12], false, '2027-06-01', '1 of 3 met'], // the latest eta
    ['any_of', [ba, hs], true, AS_OF, 'met by hs'],
    ['any_of', [ba, mh12, mh6], false, '2026-12-01', 'none of 3 options met'], // the earliest eta
    ['any_of', [ba], false, null, 'none of 1 options met'],
  ] as const)('%s of %j', (type, reqs, met, eta, detail) => {
    const r = evalReq(group(type, [...reqs]), f, AS_OF);
    expect(r.result).toMatchObject({ type, met, detail });
    expect(r.result.requirements).toHaveLength(reqs.length);
    expect(r.eta).toBe(eta);
  });

  it('nests: any_of inside all_of inside any_of', () => {
    const nested = group('any_of', [ba, { id: 'inner', type: 'all_of', requirements: [hs, { id: 'either', type: 'any_of', requirements: [ba, mh6] }] }]);
    const before = evalReq(nested, f, '2026-11-30');
    expect(before).toMatchObject({ result: { met: false }, eta: '2026-12-01' });
    const after = evalReq(nested, f, '2026-12-01');
    expect(after.result).toMatchObject({ met: true, detail: 'met by inner' });
    expect(after.result.requirements![1]!.requirements![1]).toMatchObject({ id: 'either', met: true, detail: 'met by mh6' });
  });
});

describe('rule versions', () => {
  const pack = packOf({ credentials: [
    { code: 'CRSS', name: 'CRSS (2026 rules)', effective_from: '2026-07-01', requirements: [{ id: 'work-hours', type: 'hours', category: 'work', supervised: true, minimum: 2500 }],
      fees: { application: 100 } },
    { code: 'CRSS', name: 'CRSS', requirements: [{ id: 'work-hours', type: 'hours', category: 'work', supervised: true, minimum: 2000 }], fees: { application: 75 } },
    { code: 'NEW', name: 'Only from 2027', effective_from: '2027-01-01', requirements: [] },
  ] });
  const index = new PackIndex(pack);
  const f = facts({ hours: [work('2024-01-01', 2200, { end: '2025-12-31' })] });

  it.each([
    ['2026-06-30', null, 2000, true], // the day before effective_from: the old version
    ['2026-07-01', '2026-07-01', 2500, false], // the day of: the new one
    ['2027-01-01', '2026-07-01', 2500, false],
  ])('as of %s: version %s (%i hours), eligible %s', (asOf, version, need, eligible) => {
    const r = evalRule('CRSS', f, asOf, pack);
    expect(r).toMatchObject({ version, eligible });
    expect(req(r, 'work-hours')).toMatchObject({ need, have: 2200 });
    expect(index.credentialOn('CRSS', asOf)!.fees).toEqual({ application: version ? 100 : 75 });
  });

  it('a rule with no version in force yet does not exist on that date', () => {
    expect(index.ruleOn('NEW', '2026-12-31')).toBeUndefined();
    expect(index.ruleOn('NEW', '2027-01-01')!.name).toBe('Only from 2027');
    expect(index.ruleOn('NOPE', '2027-01-01')).toBeUndefined();
  });
});

describe('position deadlines', () => {
  const pssReady = (hire_date: string | null) => facts({
    person: { hire_date, education: 'ged', lived_experience: true },
    credentials: [credential('DRIVER_LICENSE', '2015-01-01', { expires_on: '2030-01-01' })],
    screenings: [screening('tb', '2025-03-01'), screening('background', '2025-03-01'), screening('drug', '2025-03-01')],
  });

  it.each([
    ['2026-03-01', true, true, 'CPS: not held; due by 2026-03-01'], // the deadline day: still pending
    ['2026-03-02', false, false, 'CPS: not held; was due by 2026-03-01'],
  ])('CPS within a year of hire (2025-03-01), as of %s: eligible %s', (asOf, eligible, pending, detail) => {
    const r = evalRule('PSS', pssReady('2025-03-01'), asOf);
    expect(r.eligible).toBe(eligible);
    const cert = req(r, 'certification');
    expect(cert).toMatchObject({ met: false, due: '2026-03-01', detail });
    expect(cert.pending === true).toBe(pending);
    expect(satisfied(cert)).toBe(pending);
  });

  it('no hire date: the deadline is unknown, the requirement unmet', () => {
    const r = evalRule('PSS', pssReady(null), AS_OF);
    expect(r.eligible).toBe(false);
    expect(req(r, 'certification')).toMatchObject({ met: false, detail: 'CPS: not held; deadline unknown (no hire date)' });
    expect(req(r, 'certification').pending).toBeUndefined();
  });

  it('a met requirement with a deadline is simply met', () => {
    const f = pssReady('2025-03-01');
    f.credentials.push(credential('CPS', '2025-09-01', { expires_on: '2027-08-31' }));
    const r = evalRule('PSS', f, AS_OF);
    expect(r.eligible).toBe(true);
    expect(req(r, 'certification')).toMatchObject({ met: true });
    expect(req(r, 'certification').due).toBeUndefined();
  });

  it('after_start counts from the start of the position evaluated', () => {
    const pack = packOf({ positions: [{ code: 'POS', name: 'P', requirements: [{ id: 'c', type: 'credential', credential: 'CRSS', deadline: { after_start: { months: 6 } } }] }],
      credentials: [{ code: 'CRSS', name: 'CRSS' }] });
    const r = evalRule('POS', facts(), '2026-11-22', pack, { positionStart: '2026-05-22' });
    expect(r.eligible).toBe(true);
    expect(req(r, 'c')).toMatchObject({ pending: true, due: '2026-11-22' });
    expect(evalRule('POS', facts(), '2026-11-23', pack, { positionStart: '2026-05-22' }).eligible).toBe(false);
  });

  it('education GED, lived experience and the screenings are each required', () => {
    const f = pssReady('2025-03-01');
    f.screenings = f.screenings.filter((s) => s.type !== 'drug');
    f.person.lived_experience = false;
    const r = evalRule('PSS', f, '2025-06-01');
    expect(r.requirements.filter((q) => !satisfied(q)).map((q) => q.id)).toEqual(['lived-experience', 'drug']);
    expect(req(r, 'education')).toMatchObject({ met: true, have: 'ged' });
  });
});

describe('provisional credentials', () => {
  const cpsrp = defaultIndex.credentialOn('CPSRP', AS_OF)!;

  it('expire valid_for after issue unless an expiry is recorded', () => {
    expect(provisionalExpiry(cpsrp, '2026-06-01', null)).toBe('2027-05-31');
    expect(provisionalExpiry(cpsrp, '2026-06-01', '2027-01-31')).toBe('2027-01-31');
    // Six months from Aug 31: February has no 31st, so the term runs to its last day (not Feb 27).
    const cps = defaultIndex.credentialOn('CPS', AS_OF)!;
    expect(provisionalExpiry(cps, '2026-08-31', null)).toBe('2027-02-28');
    expect(provisionalExpiry(cps, '2026-08-29', null)).toBe('2027-02-28');
    expect(provisionalExpiry(cps, '2026-08-28', null)).toBe('2027-02-27');
    expect(provisionalExpiry(cps, '2026-09-01', null)).toBe('2027-02-28');
  });

  it.each([
    ['on pace: 1 h a day', 90, '2027-03-12', false],
    ['too slow: half an hour a day', 45, '2027-06-30', true],
    ['no recent hours', 0, null, true],
  ])('CPSRP provisional, 110 work hours to go — %s', (_what, recent, projected, atRisk) => {
    const f = facts({
      credentials: [credential('CPSRP', '2026-06-01', { status: 'provisional' })],
      hours: [training('2026-01-10', 80), work('2026-06-01', 190 - recent, { end: '2026-08-01' }),
        ...(recent ? [work('2026-09-01', recent, { end: '2026-09-30' })] : [])],
      exams: [exam('CPSRP', '2026-05-01')],
    });
    const r = evalRule('CPSRP', f, AS_OF);
    expect(r.held).toEqual({ status: 'provisional', issued_on: '2026-06-01', expires_on: '2027-05-31' });
    expect(r.provisional).toEqual({ expires_on: '2027-05-31', requirements: ['work-hours'], met: false, projected_date: projected, at_risk: atRisk });
    expect(req(r, 'work-hours')).toMatchObject({ have: 190, remaining: 110 });
  });

  it('met: the full certificate is due, nothing at risk', () => {
    const f = facts({ credentials: [credential('CPSRP', '2026-06-01', { status: 'provisional' })], hours: [work('2026-06-01', 300, { end: '2026-10-01' })] });
    expect(evalRule('CPSRP', f, AS_OF).provisional).toEqual({ expires_on: '2027-05-31', requirements: ['work-hours'], met: true, projected_date: AS_OF, at_risk: false });
  });

  it('an expired provisional certificate is no longer held', () => {
    const f = facts({ credentials: [credential('CPSRP', '2025-06-01', { status: 'provisional' })] });
    const r = evalRule('CPSRP', f, AS_OF);
    expect(r.held).toBeNull();
    expect(r.provisional).toBeUndefined();
  });
});

describe('the evaluation context', () => {
  it('the pace window is the 90 days up to and including the as-of date', () => {
    expect(makeContext(defaultPack, AS_OF).paceStart).toBe('2026-08-25');
  });

  it('every default-pack rule evaluates for a person with no records, and none is eligible but the empty ones', () => {
    const f = facts({ person: { education: null, lived_experience: null } });
    const eligible: string[] = [];
    for (const code of [...defaultIndex.codes('credential'), ...defaultIndex.codes('qualification'), ...defaultIndex.codes('position')]) {
      const rule = defaultIndex.ruleOn(code, AS_OF)!;
      const r = evaluateRule(rule, defaultIndex.kindOf(code)!, f, makeContext(defaultPack, AS_OF));
      expect(r.projected_date).toBeNull();
      if (r.eligible) eligible.push(code);
    }
    expect(eligible).toEqual(['DRIVER_LICENSE', 'RSS-TRAINEE']);
  });
});
