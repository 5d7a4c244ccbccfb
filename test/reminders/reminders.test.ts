// Reminders engine: each kind, thresholds and severities at the date edges, cycles, renewals,
// leap days, lapsed and revoked credentials, people without a hire date.
import { describe, expect, it } from 'vitest';
import { collectReminders, type Reminder, remindersFor, severityFor, thresholdFor } from '../../src/engine/reminders.js';
import { ceuStanding, nextFeeDate } from '../../src/engine/renewal.js';
import { ceu, credential, index, options, person, position, work } from './build.js';

const crss = index.credentialOn('CRSS', '2026-01-01')!;
const kinds = (items: Reminder[]) => items.map((r) => `${r.kind} ${r.subject} ${r.due}`);
const one = (items: Reminder[], kind: string) => {
  const hit = items.filter((r) => r.kind === kind);
  expect(hit, `one ${kind} in ${JSON.stringify(kinds(items))}`).toHaveLength(1);
  return hit[0]!;
};

function crssHolder(issued = '2025-01-15', extra: Parameters<typeof credential>[2] = {}) {
  const f = person('P1', { first_name: 'Ana', last_name: 'Diaz', supervisor_id: 'S1' });
  f.credentials.push(credential('CRSS', issued, extra));
  return f;
}

describe('thresholds and severity', () => {
  const T = [90, 60, 30, 7, 0];
  it.each([
    [91, null, 'info'], [90, 90, 'info'], [61, 90, 'info'], [60, 60, 'info'], [31, 60, 'info'], [30, 30, 'warning'],
    [8, 30, 'warning'], [7, 7, 'warning'], [1, 7, 'warning'], [0, 0, 'warning'], [-1, 'overdue', 'overdue'], [-400, 'overdue', 'overdue'],
  ])('%i days left → threshold %s, %s', (days, threshold, severity) => {
    expect(thresholdFor(days as number, T)).toBe(threshold);
    expect(severityFor(days as number)).toBe(severity);
  });
  it('uses configured thresholds', () => {
    expect(thresholdFor(20, [45, 14])).toBe(45);
    expect(thresholdFor(14, [45, 14])).toBe(14);
    expect(thresholdFor(3, [45, 14])).toBe(14);
  });
});

describe('CEU cycle', () => {
  it('counts CEU hours inside the cycle and says how many remain (contract scenario)', () => {
    const f = crssHolder();
    f.hours.push(ceu('2025-06-10', 10, null, '2025-06-11'));
    const r = one(remindersFor(index, f, options('2026-12-01')), 'ceu_deficit');
    expect(r).toMatchObject({
      key: 'P1|ceu_deficit|CRSS|2027-01-14', person: 'P1', name: 'Ana Diaz', subject: 'CRSS', due: '2027-01-14', days_left: 44,
      severity: 'info', threshold: 60, email: 'p1@example.org', supervisor: 'S1', supervisor_email: 's1@example.org',
      have: 10, need: 40, cycle_start: '2025-01-15',
    });
    // The ten hours have no domain, so both parts (15 + 25) are still to earn.
    expect(r.remaining).toBe(40);
    expect(r.message).toContain('10 of 40 CEU hours in the cycle ending 2027-01-14');
  });

  it('says the total still needed when the parts are met', () => {
    const f = crssHolder();
    f.hours.push(ceu('2025-03-01', 15, 'ethics'), ceu('2025-04-01', 20, 'core_functions'));
    const r = one(remindersFor(index, f, options('2026-12-01')), 'ceu_deficit');
    expect([r.have, r.remaining]).toEqual([35, 5]);
    expect(r.message).toMatch(/5 to go \(crss-ii 20 of 25\)$/);
  });

  it('names every shortfall of a part, each domain under its each_minimum too (as check does)', () => {
    const renewal = { ...crss.renewal!, ceu_parts: [{ id: 'crss-i', domains: ['ethics' as const, 'mentoring' as const], minimum: 15, each_minimum: 8 }] };
    const hours = [ceu('2025-03-01', 7, 'ethics'), ceu('2025-04-01', 7, 'mentoring')];
    const standing = ceuStanding(credential('CRSS', '2025-01-15'), renewal, hours, '2026-12-01');
    expect(standing.short).toEqual(['crss-i 14 of 15', 'ethics 7 of 8', 'mentoring 7 of 8']);
    expect(standing.remaining).toBe(26);
    const met = ceuStanding(credential('CRSS', '2025-01-15'), renewal, [ceu('2025-03-01', 8, 'ethics'), ceu('2025-04-01', 8, 'mentoring')], '2026-12-01');
    expect(met.short).toEqual([]);
  });

  it('ends the day before the anniversary: due today on 2027-01-14, overdue on 2027-01-15', () => {
    const f = crssHolder();
    const today = remindersFor(index, f, options('2027-01-14'));
    expect(one(today, 'ceu_deficit')).toMatchObject({ days_left: 0, threshold: 0, severity: 'warning' });
    expect(one(today, 'credential_expiring')).toMatchObject({ due: '2027-01-14', days_left: 0, severity: 'warning', opens: '2026-10-16' });
    const after = remindersFor(index, f, options('2027-01-15'));
    expect(one(after, 'ceu_deficit')).toMatchObject({ days_left: -1, threshold: 'overdue', severity: 'overdue' });
    expect(one(after, 'credential_expired')).toMatchObject({ due: '2027-01-14', severity: 'overdue' });
  });

  it('does not count hours before the cycle or after its end, nor entries ending after as-of', () => {
    const f = crssHolder();
    f.hours.push(ceu('2025-01-14', 40, 'ethics'), ceu('2027-01-15', 40, 'ethics'), ceu('2026-11-30', 8, 'ethics', '2026-12-02'), ceu('2027-01-14', 2, 'ethics'));
    expect(ceuStanding(f.credentials[0]!, crss.renewal!, f.hours, '2026-12-01').have).toBe(0);
    expect(ceuStanding(f.credentials[0]!, crss.renewal!, f.hours, '2027-01-14').have).toBe(10);
  });

  it('gives no CEU reminder once the hours and parts are met', () => {
    const f = crssHolder();
    f.hours.push(ceu('2025-03-01', 15, 'ethics'), ceu('2025-04-01', 25, 'core_functions'));
    expect(kinds(remindersFor(index, f, options('2026-12-01'))).filter((k) => k.startsWith('ceu'))).toEqual([]);
  });

  it('starts a new cycle on renewal: on time at the anniversary, late on the renewal date; no carry-over', () => {
    // Renewed on time: cycle_start moved to the anniversary (as `credential renew` records it).
    const onTime = crssHolder('2023-01-15', { cycle_start: '2025-01-15' });
    onTime.hours.push(ceu('2024-06-01', 40, 'ethics'));
    const r = one(remindersFor(index, onTime, options('2026-12-01')), 'ceu_deficit');
    expect([r.due, r.have, r.cycle_start]).toEqual(['2027-01-14', 0, '2025-01-15']);
    const late = crssHolder('2022-06-01', { cycle_start: '2024-07-10' });
    expect(one(remindersFor(index, late, options('2026-06-01')), 'ceu_deficit').due).toBe('2026-07-09');
  });

  it('uses the recorded expires_on for expiry and as the end of the CEU cycle', () => {
    const f = crssHolder('2025-01-15', { expires_on: '2026-12-31' });
    const items = remindersFor(index, f, options('2026-12-01'));
    expect(one(items, 'credential_expiring')).toMatchObject({ due: '2026-12-31', days_left: 30, threshold: 30, severity: 'warning', opens: '2026-10-02' });
    // The CEU hours are due with the credential (they were due 2027-01-14, after it expired).
    expect(one(items, 'ceu_deficit')).toMatchObject({ due: '2026-12-31', cycle_start: '2025-01-15' });
  });

  it('a board expiry of issue + 2 years: the CEU deficit is due on it, not overdue the day before', () => {
    const f = crssHolder('2024-11-25', { expires_on: '2026-11-25' });
    const items = remindersFor(index, f, options('2026-11-25'));
    expect(one(items, 'credential_expiring')).toMatchObject({ due: '2026-11-25', days_left: 0 });
    expect(one(items, 'ceu_deficit')).toMatchObject({ due: '2026-11-25', days_left: 0, cycle_start: '2024-11-25' });
  });

  it('an imported expiry past the first cycle: one cycle ends on it, and renewal opens and CEUs fall due by it', () => {
    // Issued 2022-10-20, valid through 2026-11-30: the cycle is 2024-12-01..2026-11-30.
    const f = crssHolder('2022-10-20', { expires_on: '2026-11-30' });
    f.hours.push(ceu('2024-11-30', 10, 'ethics'), ceu('2024-12-01', 6, 'ethics'));
    const items = remindersFor(index, f, options('2026-10-25'));
    expect(one(items, 'credential_expiring')).toMatchObject({ due: '2026-11-30', opens: '2026-09-01' });
    expect(one(items, 'ceu_deficit')).toMatchObject({ due: '2026-11-30', severity: 'info', cycle_start: '2024-12-01', have: 6 });
  });
});

describe('renewal fees', () => {
  it('a renewal recorded ahead of the anniversary keeps the fee due on it (the cycle in force decides)', () => {
    const f = crssHolder('2024-12-20', { cycle_start: '2026-12-20', history: [{ until: '2026-10-20', cycle_start: '2024-12-20', expires_on: null }] });
    expect(one(remindersFor(index, f, options('2026-10-19')), 'renewal_fee_due')).toMatchObject({ due: '2026-12-20', amount: 60 });
    expect(one(remindersFor(index, f, options('2026-10-21')), 'renewal_fee_due')).toMatchObject({ due: '2026-12-20', days_left: 60 });
    // Once the new cycle has begun, its own schedule: a year after its start.
    expect(one(remindersFor(index, f, options('2026-12-21', { within: 400 })), 'renewal_fee_due').due).toBe('2027-12-20');
  });
});

describe('leap days', () => {
  it('a credential issued 2024-02-29: cycle ends 2026-02-28 (February has no 29th), fees fall on Feb 28 and again on Feb 29', () => {
    const f = crssHolder('2024-02-29');
    const items = remindersFor(index, f, options('2026-01-01'));
    expect(one(items, 'ceu_deficit').due).toBe('2026-02-28');
    expect(one(items, 'credential_expiring').due).toBe('2026-02-28');
    expect(one(items, 'renewal_fee_due')).toMatchObject({ due: '2026-02-28', days_left: 58, amount: 60 });
    expect(nextFeeDate('2024-02-29', { years: 1 }, '2025-01-01')).toBe('2025-02-28');
    expect(nextFeeDate('2024-02-29', { years: 1 }, '2027-03-01')).toBe('2028-02-29');
  });
  it('a license valid through 2028-02-29 is due on that day', () => {
    const f = person('P7');
    f.credentials.push(credential('DRIVER_LICENSE', '2020-03-01', { expires_on: '2028-02-29' }));
    expect(one(remindersFor(index, f, options('2028-02-01')), 'credential_expiring')).toMatchObject({ due: '2028-02-29', days_left: 28 });
  });
});

describe('renewal fees', () => {
  it('fall due every year from the cycle start and are never overdue (payments are not recorded)', () => {
    const f = crssHolder();
    expect(one(remindersFor(index, f, options('2026-01-15')), 'renewal_fee_due')).toMatchObject({ due: '2026-01-15', days_left: 0 });
    expect(one(remindersFor(index, f, options('2026-01-16', { within: 400 })), 'renewal_fee_due')).toMatchObject({ due: '2027-01-15', days_left: 364, severity: 'info' });
  });
  it('beyond the window give no item', () => {
    const items = remindersFor(index, crssHolder(), options('2026-01-16'));
    expect(items.filter((r) => r.kind === 'renewal_fee_due')).toEqual([]);
  });
});

describe('lapsed and revoked credentials', () => {
  it('give no renewal reminders from their date on', () => {
    for (const status of ['lapsed', 'revoked'] as const) {
      const f = crssHolder('2025-01-15', { status, status_on: '2026-06-01' });
      expect(remindersFor(index, f, options('2026-12-01'))).toEqual([]);
    }
  });
  it('still count before a lapse dated after the as-of date', () => {
    const f = crssHolder('2025-01-15', { status: 'lapsed', status_on: '2027-02-01' });
    expect(kinds(remindersFor(index, f, options('2026-12-01')))).toContain('ceu_deficit CRSS 2027-01-14');
  });
  it('a re-granted credential replaces the old record', () => {
    const f = crssHolder('2020-01-15', { status: 'lapsed', status_on: '2022-01-15' });
    f.credentials.push(credential('CRSS', '2025-01-15'));
    expect(one(remindersFor(index, f, options('2026-12-01')), 'ceu_deficit').cycle_start).toBe('2025-01-15');
  });
});

describe('provisional certificates', () => {
  it('CPSRP: hours still needed before the one-year expiry, at risk at the current pace', () => {
    const f = person('P8', { hire_date: '2026-03-01' });
    f.credentials.push(credential('CPSRP', '2026-03-01', { status: 'provisional', expires_on: '2027-02-28' }));
    for (const m of ['03', '04', '05', '06']) f.hours.push(work(`2026-${m}-01`, `2026-${m}-28`, 30));
    f.hours.push(work('2026-09-01', '2026-09-30', 10));
    const r = one(remindersFor(index, f, options('2026-12-01')), 'provisional_expiring');
    expect(r).toMatchObject({ subject: 'CPSRP', due: '2027-02-28', days_left: 89, at_risk: true, remaining: 170 });
    expect(r.message).toContain('130 of 300');
    expect(r.message).toContain('at risk');
    expect(remindersFor(index, f, options('2026-12-01')).some((x) => x.kind === 'ceu_deficit' || x.kind === 'credential_expiring')).toBe(false);
  });

  it('CPSRP: not at risk when the pace reaches the hours in time', () => {
    const f = person('P8');
    f.credentials.push(credential('CPSRP', '2026-03-01', { status: 'provisional', expires_on: '2027-02-28' }));
    f.hours.push(work('2026-03-01', '2026-08-31', 200), work('2026-09-10', '2026-11-30', 60));
    const r = one(remindersFor(index, f, options('2026-12-01')), 'provisional_expiring');
    expect([r.at_risk, r.remaining]).toEqual([false, 40]);
  });

  it("Texas CPS: the six-month certificate expires the day before issue + 6 months when none is recorded", () => {
    const f = person('P7');
    f.credentials.push(credential('CPS', '2026-06-01', { status: 'provisional' }));
    const r = one(remindersFor(index, f, options('2026-11-01')), 'provisional_expiring');
    expect([r.due, r.days_left, r.at_risk]).toEqual(['2026-11-30', 29, true]);
    expect(r.message).toContain('1 extension of 6 months possible');
    expect(one(remindersFor(index, f, options('2026-12-01')), 'credential_expired')).toMatchObject({ due: '2026-11-30', severity: 'overdue' });
  });
});

describe('certification deadlines', () => {
  function pss(hire: string | null) {
    const f = person('P7', { hire_date: hire });
    f.positions.push(position('PSS', hire ?? '2026-01-05'));
    return f;
  }
  it('counts down to hire + 1 year while CPS is not held', () => {
    const r = one(remindersFor(index, pss('2026-01-05'), options('2026-11-23')), 'certification_deadline');
    expect(r).toMatchObject({ key: 'P7|certification_deadline|CPS|2027-01-05', due: '2027-01-05', days_left: 43, position: 'PSS', requirement: 'certification' });
  });
  it('is overdue after the deadline, and gone once CPS is held', () => {
    expect(one(remindersFor(index, pss('2025-06-01'), options('2026-11-23')), 'certification_deadline').severity).toBe('overdue');
    const held = pss('2025-06-01');
    held.credentials.push(credential('CPS', '2026-01-10', { expires_on: '2028-01-09' }));
    expect(remindersFor(index, held, options('2026-11-23')).filter((r) => r.kind === 'certification_deadline')).toEqual([]);
  });
  it('gives no deadline reminder for a person without a hire date (nothing to count from)', () => {
    expect(remindersFor(index, pss(null), options('2026-11-23')).filter((r) => r.kind === 'certification_deadline')).toEqual([]);
  });
});

describe('screenings and progressions', () => {
  it('the latest passed screening of a type counts; expired ones are overdue', () => {
    const f = person('P10');
    f.screenings.push({ type: 'tb', date: '2025-01-01', result: 'pass', expires_on: '2025-12-31' }, { type: 'tb', date: '2026-01-05', result: 'pass', expires_on: '2027-01-04' });
    f.screenings.push({ type: 'drug', date: '2025-01-01', result: 'pass', expires_on: '2026-10-01' }, { type: 'drug', date: '2026-11-01', result: 'fail', expires_on: null });
    expect(kinds(remindersFor(index, f, options('2026-11-23')))).toEqual(['screening_expiring drug 2026-10-01', 'screening_expiring tb 2027-01-04']);
  });
  it('a due progression is an item on its effective date', () => {
    const f = person('P3');
    f.positions.push(position('RSS-TRAINEE', '2026-05-22'));
    f.evaluations.push({ date: '2026-08-22', rating: 'satisfactory' });
    expect(one(remindersFor(index, f, options('2026-11-22')), 'progression_due')).toMatchObject({
      key: 'P3|progression_due|rss-trainee-to-rss|2026-12-04', due: '2026-12-04', days_left: 12, eligible_on: '2026-11-22', effective_on: '2026-12-04', status: 'due',
    });
  });
  it('a blocked progression is not an item', () => {
    const f = person('P3');
    f.positions.push(position('RSS-TRAINEE', '2026-05-22'));
    f.evaluations.push({ date: '2026-08-22', rating: 'unsatisfactory' });
    expect(remindersFor(index, f, options('2026-11-22'))).toEqual([]);
  });
});

describe('the window, kinds and order', () => {
  it('lists items within the window and every overdue one', () => {
    const f = crssHolder('2020-01-15', { expires_on: '2021-01-14' });
    expect(kinds(remindersFor(index, f, options('2026-11-23', { kinds: ['credential_expired'] })))).toEqual(['credential_expired CRSS 2021-01-14']);
    expect(remindersFor(index, crssHolder(), options('2026-10-15', { within: 90 })).some((r) => r.kind === 'ceu_deficit')).toBe(false);
    expect(one(remindersFor(index, crssHolder(), options('2026-10-15', { within: 91 })), 'ceu_deficit')).toMatchObject({ days_left: 91, threshold: null });
  });
  it('groups by person, the most urgent person first', () => {
    const later = crssHolder();
    const overdue = person('P0');
    overdue.screenings.push({ type: 'tb', date: '2025-01-01', result: 'pass', expires_on: '2026-11-01' });
    const items = collectReminders(index, [later, overdue], options('2026-12-01'));
    expect(items.map((r) => r.person)).toEqual(['P0', 'P1', 'P1', 'P1']);
    expect(items.map((r) => r.days_left)).toEqual([-30, 44, 44, 45]);
  });
});
