// Two records of one credential code: the latest issued on or before the date supersedes the
// earlier ones, and every reader agrees — check (the credential requirement and the rule's
// `held`), reminders, the report's counts and what reminders read of the hours (QA3 H1).
import { describe, expect, it } from 'vitest';
import { countCredentials } from '../../src/engine/compliance.js';
import { currentRecord, currentRecords, heldCredential } from '../../src/engine/credentials.js';
import { needsAllHours, reminderHoursNeed } from '../../src/engine/hour-needs.js';
import { remindersFor } from '../../src/engine/reminders.js';
import { latestByCode } from '../../src/engine/renewal.js';
import type { Requirement } from '../../src/schemas/rules.js';
import { options } from '../reminders/build.js';
import { credential, defaultIndex, defaultPack, evalReq, evalRule, facts } from './build.js';

const AS_OF = '2026-11-25';
const cmpss: Requirement = { id: 'certification', type: 'credential', credential: 'CMPSS' };

/** H1: granted 2025-01-15, "corrected" to 2025-01-16, and the second record lapsed on 2026-11-20. */
const corrected = () => facts({ credentials: [
  credential('CMPSS', '2025-01-15', { number: 'CA-1' }),
  credential('CMPSS', '2025-01-16', { number: 'CA-1', status: 'lapsed', status_on: '2026-11-20' }),
] });

describe('currentRecords: the latest record of each code issued by the date', () => {
  it('keeps one record per code, the latest issued on or before the date; later ones are not yet in force', () => {
    const f = corrected();
    f.credentials.push(credential('CRSS', '2024-03-01'), credential('CMPSS', '2027-01-01'));
    expect(currentRecords(f.credentials, AS_OF).map((c) => `${c.code} ${c.issued_on}`)).toEqual(['CMPSS 2025-01-16', 'CRSS 2024-03-01']);
    expect(currentRecords(f.credentials, '2025-01-15').map((c) => `${c.code} ${c.issued_on}`)).toEqual(['CMPSS 2025-01-15', 'CRSS 2024-03-01']);
    expect(currentRecords(f.credentials, '2024-01-01')).toEqual([]);
    expect(currentRecord(f.credentials, 'CMPSS', '2027-06-01')?.issued_on).toBe('2027-01-01');
  });

  it('answers anew for another date, and for a list that grew', () => {
    const list = [credential('CRSS', '2020-01-01')];
    expect(currentRecords(list, AS_OF)).toHaveLength(1);
    list.push(credential('CRSS', '2025-01-01'));
    expect(currentRecords(list, AS_OF).map((c) => c.issued_on)).toEqual(['2025-01-01']);
    expect(currentRecords(list, '2024-12-31').map((c) => c.issued_on)).toEqual(['2020-01-01']);
  });
});

describe('an older active record does not keep a lapsed credential held', () => {
  it('the requirement is unmet, saying the latest record lapsed', () => {
    expect(evalReq(cmpss, corrected(), AS_OF).result).toMatchObject({ met: false, have: null, detail: 'CMPSS: CMPSS lapsed on 2026-11-20' });
    expect(heldCredential(corrected().credentials, ['CMPSS'], AS_OF, defaultPack)).toBeUndefined();
  });

  it('before the lapse the latest record is the one held (held since its own issue date)', () => {
    expect(evalReq(cmpss, corrected(), '2026-11-19').result).toMatchObject({ met: true, detail: 'CMPSS held since 2025-01-16, valid through 2027-01-15' });
    // On the first record's only day in force, it is the one held.
    expect(evalReq(cmpss, corrected(), '2025-01-15').result.detail).toBe('CMPSS held since 2025-01-15, valid through 2027-01-14');
  });

  it('check of the credential and of a position that needs it: not held, not eligible', () => {
    const f = corrected();
    const rule = evalRule('CMPSS', f, AS_OF);
    expect(rule.held).toBeNull();
    expect(evalRule('PSS-I', f, AS_OF)).toMatchObject({ eligible: false, requirements: [{ id: 'certification', met: false }] });
  });

  it('reminders and the report read the same record: lapsed, nothing to renew', () => {
    const f = corrected();
    expect(latestByCode(f.credentials, AS_OF).map((c) => [c.issued_on, c.status])).toEqual([['2025-01-16', 'lapsed']]);
    expect(countCredentials(defaultIndex, [f], AS_OF).by_status).toMatchObject({ active: 0, lapsed: 1 });
    expect(remindersFor(defaultIndex, f, options(AS_OF)).filter((r) => r.subject === 'CMPSS')).toEqual([]);
    expect(reminderHoursNeed(defaultIndex, f, AS_OF)).toBeNull();
  });
});

describe('a later record in good standing supersedes an earlier one', () => {
  it('the full certificate after a provisional one: held as full, no longer provisional', () => {
    const f = facts({ credentials: [
      credential('CPSRP', '2026-03-01', { status: 'provisional', expires_on: '2027-02-28' }),
      credential('CPSRP', '2026-09-01', { expires_on: '2028-08-31' }),
    ] });
    expect(evalRule('CPSRP', f, AS_OF)).toMatchObject({ held: { status: 'active', issued_on: '2026-09-01' } });
    expect(evalRule('CPSRP', f, AS_OF).provisional).toBeUndefined();
    expect(evalRule('CPSRP', f, '2026-08-31')).toMatchObject({ held: { status: 'provisional', issued_on: '2026-03-01' } });
    expect(needsAllHours(defaultIndex, f, AS_OF)).toBe(false); // no provisional in force: CEU hours only
    expect(remindersFor(defaultIndex, f, options(AS_OF)).some((r) => r.kind === 'provisional_expiring')).toBe(false);
    expect(countCredentials(defaultIndex, [f], AS_OF).by_status).toMatchObject({ active: 1, provisional: 0 });
  });

  it('held_for counts from the record in force, not from an earlier record of the code', () => {
    const req: Requirement = { id: 'c', type: 'credential', credential: 'CRSS', held_for: { years: 1 } };
    const f = facts({ credentials: [credential('CRSS', '2024-01-15', { expires_on: '2026-01-14' }), credential('CRSS', '2026-06-01')] });
    expect(evalReq(req, f, AS_OF).result.detail).toBe('CRSS held since 2026-06-01; needs 1 year (on 2027-06-01)');
  });

  it('any_of over two codes: the latest record of each code, the one issued first wins', () => {
    const rss: Requirement = { id: 'certification', type: 'credential', any_of: ['CRSS', 'CPSRP'] };
    const f = facts({ credentials: [
      credential('CRSS', '2024-01-15', { number: 'old' }),
      credential('CRSS', '2025-01-15', { status: 'revoked', status_on: '2026-01-01' }),
      credential('CPSRP', '2026-01-10', { expires_on: '2027-01-09' }),
    ] });
    expect(evalReq(rss, f, AS_OF).result).toMatchObject({ met: true, have: 'CPSRP' });
    expect(evalReq(rss, f, '2025-12-31').result).toMatchObject({ met: true, have: 'CRSS', detail: 'CRSS held since 2025-01-15, valid through 2027-01-14' });
  });
});
