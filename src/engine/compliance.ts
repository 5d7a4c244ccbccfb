// Workforce compliance counts for the report: each person's credentials by their standing
// on the as-of date (active, provisional, expired, lapsed, revoked).
import { provisionalExpiry } from './evaluate.js';
import type { CredentialFact, PersonFacts } from './facts.js';
import type { PackIndex } from './pack-index.js';
import { expiryOf, latestByCode, standsOn } from './renewal.js';

export const CREDENTIAL_STATES = ['active', 'provisional', 'expired', 'lapsed', 'revoked'] as const;
export type CredentialState = (typeof CREDENTIAL_STATES)[number];

/**
 * A credential's standing on `asOf`: lapsed or revoked from their date; expired after its
 * expiry (expires_on, a provisional's valid_for, or — none recorded — the end of its CEU
 * cycle without a recorded renewal, as reminders count it); else active or provisional.
 */
export function credentialState(index: PackIndex, c: CredentialFact, asOf: string): CredentialState {
  if (!standsOn(c, asOf)) return c.status === 'revoked' ? 'revoked' : 'lapsed';
  const rule = index.credentialOn(c.code, asOf);
  const expiry = c.status === 'provisional' && rule?.provisional ? provisionalExpiry(rule, c.issued_on, c.expires_on) : expiryOf(c, rule)?.date ?? null;
  if (expiry !== null && expiry < asOf) return 'expired';
  return c.status === 'provisional' ? 'provisional' : 'active';
}

export type StateCounts = Record<CredentialState, number>;
export interface CredentialCounts extends StateCounts { code: string; total: number }

const zero = (): StateCounts => ({ active: 0, provisional: 0, expired: 0, lapsed: 0, revoked: 0 });

/** Counts of each person's latest record per credential code, overall and per code (pack order). */
export function countCredentials(index: PackIndex, people: Iterable<PersonFacts>, asOf: string): { by_status: StateCounts; by_credential: CredentialCounts[] } {
  const overall = zero();
  const perCode = new Map<string, CredentialCounts>();
  for (const code of index.codes('credential')) perCode.set(code, { code, ...zero(), total: 0 });
  for (const f of people) {
    for (const c of latestByCode(f.credentials, asOf)) {
      const state = credentialState(index, c, asOf);
      overall[state]++;
      let row = perCode.get(c.code);
      if (!row) perCode.set(c.code, (row = { code: c.code, ...zero(), total: 0 }));
      row[state]++;
      row.total++;
    }
  }
  return { by_status: overall, by_credential: [...perCode.values()] };
}
