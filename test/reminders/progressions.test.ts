// Progressions engine: eligible and effective dates at the edges, and pending/due/blocked.
import { describe, expect, it } from 'vitest';
import { currentRunStart, evaluateProgression, progressionsFor } from '../../src/engine/progressions.js';
import { credential, index, PAYROLL, person, position } from './build.js';

const traineeToRss = index.progressions.find((p) => p.id === 'rss-trainee-to-rss')!;
const pssIToII = index.progressions.find((p) => p.id === 'pss-i-to-ii')!;

function trainee(start: string, evaluations: [string, 'satisfactory' | 'unsatisfactory'][] = [], extra: Partial<ReturnType<typeof position>> = {}) {
  const f = person('P3', { hire_date: start });
  f.positions.push(position('RSS-TRAINEE', start, { field: 'mental_health', ...extra }));
  for (const [date, rating] of evaluations) f.evaluations.push({ date, rating });
  return f;
}

describe('rss-trainee-to-rss', () => {
  it('is due on the day six months are complete, effective the next pay period (SPEC example)', () => {
    const r = evaluateProgression(index, traineeToRss, trainee('2026-05-22', [['2026-08-22', 'satisfactory']]), '2026-11-22', PAYROLL);
    expect(r).toEqual({
      person: 'P3', name: 'Test P3', progression: 'rss-trainee-to-rss', from: 'RSS-TRAINEE', to: 'RSS', start: '2026-05-22',
      eligible_on: '2026-11-22', effective_on: '2026-12-04', status: 'due', blocked_by: [],
    });
  });

  it('is pending the day before', () => {
    const r = evaluateProgression(index, traineeToRss, trainee('2026-05-22', [['2026-08-22', 'satisfactory']]), '2026-11-21', PAYROLL)!;
    expect([r.status, r.eligible_on, r.effective_on]).toEqual(['pending', '2026-11-22', '2026-12-04']);
  });

  it('takes effect on the eligible date when a pay period starts on it', () => {
    const r = evaluateProgression(index, traineeToRss, trainee('2026-06-04', [['2026-09-01', 'satisfactory']]), '2026-12-04', PAYROLL)!;
    expect([r.status, r.eligible_on, r.effective_on]).toEqual(['due', '2026-12-04', '2026-12-04']);
  });

  it('clamps a month-end start: Aug 31 + 6 months = Feb 28', () => {
    const f = trainee('2026-08-31', [['2026-11-15', 'satisfactory']]);
    const before = evaluateProgression(index, traineeToRss, f, '2027-02-27', PAYROLL)!;
    expect([before.status, before.eligible_on, before.effective_on]).toEqual(['pending', '2027-02-28', '2027-03-12']);
    const on = evaluateProgression(index, traineeToRss, f, '2027-02-28', PAYROLL)!;
    expect(on.status).toBe('due');
  });

  it('counts from a leap-day start: 2028-02-29 + 6 months = 2028-08-29', () => {
    const r = evaluateProgression(index, traineeToRss, trainee('2028-02-29', [['2028-05-01', 'satisfactory']]), '2028-06-01', PAYROLL)!;
    expect(r.eligible_on).toBe('2028-08-29');
  });

  it('is blocked by an unsatisfactory evaluation once time is served', () => {
    const r = evaluateProgression(index, traineeToRss, trainee('2026-05-22', [['2026-07-01', 'unsatisfactory'], ['2026-09-01', 'satisfactory']]), '2026-11-22', PAYROLL)!;
    expect([r.status, r.blocked_by]).toEqual(['blocked', ['performance']]);
  });

  it('is pending (and lists what is missing) before time is served', () => {
    const r = evaluateProgression(index, traineeToRss, trainee('2026-09-01'), '2026-11-22', PAYROLL)!;
    expect([r.status, r.eligible_on, r.blocked_by]).toEqual(['pending', '2027-03-01', ['performance']]);
  });

  it('uses the eligible date when the pack has no payroll calendar', () => {
    const r = evaluateProgression(index, traineeToRss, trainee('2026-05-22', [['2026-08-22', 'satisfactory']]), '2026-11-22', null)!;
    expect(r.effective_on).toBe('2026-11-22');
  });

  it('counts adjoining trainee periods as one run', () => {
    const f = trainee('2026-03-01', [['2026-08-01', 'satisfactory']], { end: '2026-04-30' });
    f.positions.push(position('RSS-TRAINEE', '2026-05-01', { field: 'substance_use' }));
    expect(currentRunStart(f.positions, 'RSS-TRAINEE', '2026-11-22')).toBe('2026-03-01');
    expect(evaluateProgression(index, traineeToRss, f, '2026-11-22', PAYROLL)!.eligible_on).toBe('2026-09-01');
  });

  it('does not apply to someone no longer a trainee, or already in RSS', () => {
    expect(progressionsFor(index, trainee('2026-01-05', [], { end: '2026-06-30' }), '2026-11-22', PAYROLL)).toEqual([]);
    const promoted = trainee('2026-01-05', [['2026-03-01', 'satisfactory']]);
    promoted.positions.push(position('RSS', '2026-07-17'));
    expect(progressionsFor(index, promoted, '2026-11-22', PAYROLL)).toEqual([]);
  });

  it('applies to a person without a hire date (time counts from the position start)', () => {
    const f = trainee('2026-05-22', [['2026-08-22', 'satisfactory']]);
    f.person.hire_date = null;
    expect(progressionsFor(index, f, '2026-11-22', PAYROLL).map((p) => p.status)).toEqual(['due']);
  });
});

describe('pss-i-to-ii', () => {
  function pss(field: 'peer_support' | null = 'peer_support') {
    const f = person('P9');
    f.positions.push(position('PSS-I', '2024-09-16', { field }));
    f.credentials.push(credential('CMPSS', '2024-09-15', { expires_on: '2026-12-14' }));
    f.evaluations.push({ date: '2025-09-03', rating: 'satisfactory' });
    return f;
  }

  it('is blocked without management approval, due with it', () => {
    const f = pss();
    const r = evaluateProgression(index, pssIToII, f, '2026-11-22', PAYROLL)!;
    expect([r.status, r.eligible_on, r.effective_on, r.blocked_by]).toEqual(['blocked', '2026-09-16', '2026-09-25', ['approval']]);
    f.approvals.push({ progression: 'pss-i-to-ii', date: '2026-10-15' });
    expect(evaluateProgression(index, pssIToII, f, '2026-11-22', PAYROLL)!.status).toBe('due');
  });

  it('is blocked by a lapsed certification', () => {
    const f = pss();
    f.approvals.push({ progression: 'pss-i-to-ii', date: '2026-10-15' });
    f.credentials[0]!.status = 'lapsed';
    f.credentials[0]!.status_on = '2026-10-01';
    expect(evaluateProgression(index, pssIToII, f, '2026-11-22', PAYROLL)!.blocked_by).toEqual(['certification']);
  });

  it('has no eligible date when no period counts toward the experience', () => {
    const r = evaluateProgression(index, pssIToII, pss(null), '2026-11-22', PAYROLL)!;
    expect([r.status, r.eligible_on, r.effective_on]).toEqual(['blocked', null, null]);
    expect(r.blocked_by).toContain('peer-support-experience');
  });
});
