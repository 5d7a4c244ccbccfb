// End to end: two records of one credential code (QA3 H1). The latest record issued by the
// as-of date supersedes the earlier ones in check, progressions, reminders and the report, so
// an older record still marked active never keeps a lapsed credential held.
import { describe, expect, it } from 'vitest';
import { initialised, type Sandbox } from '../helpers/cli.js';
import { ok, refused, rows, snapshot } from './assert.js';

const AS_OF = '2026-11-25';

/** P1 in PSS-I with CMPSS granted 2025-01-15 and again 2025-01-16 (an HR export with both rows). */
function twoRecords(name: string): Sandbox {
  const s = initialised(name);
  ok(s.run(['people', 'add', 'P1', '--first-name', 'Ana', '--last-name', 'Diaz', '--hire-date', '2025-01-06', '--education', 'high_school']));
  ok(s.run(['position', 'P1', '--position', 'PSS-I', '--start', '2025-01-06', '--field', 'peer_support', '--supervised']));
  const file = s.csv('credentials.csv', ['person_id', 'credential', 'number', 'issued_on', 'status'], [
    { person_id: 'P1', credential: 'CMPSS', number: 'CA-1', issued_on: '2025-01-15', status: 'active' },
    { person_id: 'P1', credential: 'CMPSS', number: 'CA-1', issued_on: '2025-01-16', status: 'active' },
  ]);
  ok(s.run(['import', file, '--type', 'credentials']));
  return s;
}

describe('a credential recorded twice, then lapsed (QA3 H1)', () => {
  it('lapse ends the latest record; check, the position and the report all say it lapsed', () => {
    const s = twoRecords('cred-dupes');
    ok(s.run(['credential', 'lapse', 'P1', '--credential', 'CMPSS', '--date', '2026-11-20']));

    const [cmpss, pss] = ok(s.run(['check', 'P1', '--credential', 'CMPSS', 'PSS-I', '--as-of', AS_OF, '--json'])).json.results;
    expect(cmpss).toMatchObject({ rule: 'CMPSS', held: null });
    expect(pss).toMatchObject({ rule: 'PSS-I', eligible: false,
      requirements: [{ id: 'certification', met: false, detail: 'CMPSS: CMPSS lapsed on 2026-11-20' }] });
    const text = ok(s.run(['check', 'P1', '--credential', 'CMPSS', 'PSS-I', '--as-of', AS_OF])).stdout;
    expect(text).not.toContain('holds');
    expect(text).toMatch(/│ PSS-I +│ no/);

    const report = ok(s.run(['report', '--json', '--as-of', AS_OF])).json;
    expect(report.credentials.by_credential.find((c: any) => c.code === 'CMPSS')).toMatchObject({ active: 0, lapsed: 1, total: 1 });
    expect(ok(s.run(['reminders', '--json', '--as-of', AS_OF])).json.reminders.filter((r: any) => r.subject === 'CMPSS')).toEqual([]);
  });

  it('before the lapse both agree the latest record is held, since its own issue date', () => {
    const s = twoRecords('cred-dupes-held');
    const [cmpss] = ok(s.run(['check', 'P1', '--credential', 'CMPSS', '--as-of', AS_OF, '--json'])).json.results;
    expect(cmpss.held).toEqual({ status: 'active', issued_on: '2025-01-16', expires_on: '2027-01-15' });
    const report = ok(s.run(['report', '--json', '--as-of', AS_OF])).json;
    expect(report.credentials.by_credential.find((c: any) => c.code === 'CMPSS')).toMatchObject({ active: 1, total: 1 });
  });
});

describe('credential grant of a code the person already holds', () => {
  const grant = (s: Sandbox, code: string, issued: string, ...more: string[]) =>
    s.run(['credential', 'grant', 'P1', '--credential', code, '--issued', issued, ...more]);
  const held = (s: Sandbox, code: string) =>
    ok(s.run(['check', 'P1', '--credential', code, '--as-of', AS_OF, '--json'])).json.results[0].held;

  it('a second record with another issue date is refused, naming the record held; nothing is written (QA3 H1)', () => {
    const s = initialised('cred-grant-twice');
    ok(s.run(['people', 'add', 'P1', '--first-name', 'Ana']));
    ok(grant(s, 'CMPSS', '2025-01-15', '--number', 'CA-1'));
    const before = snapshot(s.db);
    const r = refused(grant(s, 'CMPSS', '2025-01-16', '--number', 'CA-1'),
      '--issued: a second CMPSS record issued 2025-01-16 is not added: P1 already holds CMPSS issued 2025-01-15 (number CA-1, active, valid through 2027-01-14)');
    expect(r.stderr.split('\n')[1]).toBe('hint: to record a renewal use `credtrack credential renew P1 --credential CMPSS --date DATE`; '
      + 'to correct the issue date, remove the wrong record first with `credtrack remove P1 credential --credential CMPSS --issued 2025-01-15`, then grant again');
    // An earlier issue date would be superseded at once by the record on file: refused too.
    refused(grant(s, 'CMPSS', '2025-01-14'), '--issued: "2025-01-14" is before P1\'s CMPSS record issued 2025-01-15 (number CA-1, active, valid through 2027-01-14), which would supersede it at once');
    expect(snapshot(s.db)).toEqual(before);
    // The same record again: unchanged, or updated with what it gives.
    expect(ok(grant(s, 'CMPSS', '2025-01-15', '--number', 'CA-1')).stderr).toBe('credtrack: credential for P1 was already recorded; nothing changed\n');
    expect(ok(grant(s, 'CMPSS', '2025-01-15', '--number', 'CA-2')).stderr).toBe('credtrack: updated credential for P1\n');
    expect(rows(s.db, "SELECT issued_on, number FROM credentials WHERE code = 'CMPSS'")).toEqual([{ issued_on: '2025-01-15', number: 'CA-2' }]);
  });

  it('granting again after a lapse, a revocation or the end of the cycle adds the new record, which is the one held', () => {
    const s = initialised('cred-grant-again');
    ok(s.run(['people', 'add', 'P1', '--first-name', 'Ana']));
    ok(grant(s, 'CMPSS', '2025-01-15'));
    ok(s.run(['credential', 'lapse', 'P1', '--credential', 'CMPSS', '--date', '2026-11-20']));
    expect(ok(grant(s, 'CMPSS', '2026-11-24', '--number', 'CA-2')).stderr).toBe('credtrack: recorded credential for P1\n');
    expect(held(s, 'CMPSS')).toEqual({ status: 'active', issued_on: '2026-11-24', expires_on: '2028-11-23' });
    ok(grant(s, 'CRSS', '2024-01-15'));
    ok(s.run(['credential', 'revoke', 'P1', '--credential', 'CRSS', '--date', '2025-06-01']));
    ok(grant(s, 'CRSS', '2026-02-01'));
    expect(held(s, 'CRSS')).toMatchObject({ issued_on: '2026-02-01' });
    // CPS's two-year cycle from 2022-03-01 ended 2024-02-29 without a renewal: expired.
    ok(grant(s, 'CPS', '2022-03-01'));
    ok(grant(s, 'CPS', '2025-03-01'));
    expect(held(s, 'CPS')).toMatchObject({ issued_on: '2025-03-01' });
  });

  it('the full certificate over a provisional one, and a renewed license without a renewal rule, are new records', () => {
    const s = initialised('cred-grant-full');
    ok(s.run(['people', 'add', 'P1', '--first-name', 'Ana']));
    ok(grant(s, 'CPSRP', '2026-01-01', '--provisional'));
    expect(held(s, 'CPSRP')).toMatchObject({ status: 'provisional', issued_on: '2026-01-01' });
    expect(ok(grant(s, 'CPSRP', '2026-09-01')).stderr).toBe('credtrack: recorded credential for P1\n');
    const [full] = ok(s.run(['check', 'P1', '--credential', 'CPSRP', '--as-of', AS_OF, '--json'])).json.results;
    expect(full.held).toMatchObject({ status: 'active', issued_on: '2026-09-01' });
    expect(full.provisional).toBeUndefined();
    // DRIVER_LICENSE has no renewal in the pack: a new license is granted while the old one is valid.
    ok(grant(s, 'DRIVER_LICENSE', '2020-05-01', '--expires', '2026-12-31'));
    ok(grant(s, 'DRIVER_LICENSE', '2026-11-02', '--expires', '2034-11-01'));
    expect(held(s, 'DRIVER_LICENSE')).toEqual({ status: 'active', issued_on: '2026-11-02', expires_on: '2034-11-01' });
  });
});
