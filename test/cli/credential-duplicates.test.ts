// End to end: two records of one credential code (QA3 H1). The latest record issued by the
// as-of date supersedes the earlier ones in check, progressions, reminders and the report, so
// an older record still marked active never keeps a lapsed credential held.
import { describe, expect, it } from 'vitest';
import { initialised, type Sandbox } from '../helpers/cli.js';
import { ok } from './assert.js';

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
