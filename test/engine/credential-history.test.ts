// A credential renewed late: asked about a date before the renewal, the engine sees the cycle
// and expiry in force then (the renewals' before-images), not today's.
import { describe, expect, it } from 'vitest';
import { credentialOn, isHeldOn } from '../../src/engine/credentials.js';
import type { CredentialFact } from '../../src/engine/facts.js';

const renewedTwice: CredentialFact = {
  code: 'CRSS', number: 'IL-1', issued_on: '2021-01-15', status: 'active', status_on: null,
  cycle_start: '2025-03-01', expires_on: '2027-02-28',
  history: [
    { until: '2023-01-10', cycle_start: '2021-01-15', expires_on: '2023-01-14' }, // renewed on time
    { until: '2025-03-01', cycle_start: '2023-01-15', expires_on: '2025-01-14' }, // renewed six weeks late
  ],
};

describe('credentialOn / isHeldOn with renewals', () => {
  it.each([
    ['2021-01-15', '2021-01-15', '2023-01-14', true],
    ['2023-01-09', '2021-01-15', '2023-01-14', true],
    ['2023-01-10', '2023-01-15', '2025-01-14', true], // the renewal day: the next cycle's expiry applies
    ['2025-01-14', '2023-01-15', '2025-01-14', true], // valid through its last day
    ['2025-01-15', '2023-01-15', '2025-01-14', false], // the gap before the late renewal
    ['2025-02-28', '2023-01-15', '2025-01-14', false],
    ['2025-03-01', '2025-03-01', '2027-02-28', true],
    ['2026-11-22', '2025-03-01', '2027-02-28', true],
  ])('as of %s: cycle from %s, valid through %s, held %s', (date, start, expires, held) => {
    const c = credentialOn(renewedTwice, date);
    expect([c.cycle_start, c.expires_on]).toEqual([start, expires]);
    expect(isHeldOn(renewedTwice, date)).toBe(held);
  });

  it('a credential never renewed is itself', () => {
    const { history: _h, ...plain } = renewedTwice;
    expect(credentialOn(plain, '2022-01-01')).toBe(plain);
  });
});
