// Whether a credential is in good standing on a date.
import type { CredentialFact } from './facts.js';

/**
 * Held on `date`: issued by then, not past `expires_on` (valid through that day), and not
 * lapsed or revoked by then. A lapse or revocation without a date counts from the issue date.
 */
export function isHeldOn(c: CredentialFact, date: string): boolean {
  if (c.issued_on > date) return false;
  if (c.expires_on !== null && date > c.expires_on) return false;
  if (c.status === 'lapsed' || c.status === 'revoked') return c.status_on !== null && date < c.status_on;
  return true;
}

/** The credential of `codes` in good standing on `date` that was issued first (longest held). */
export function heldCredential(credentials: CredentialFact[], codes: readonly string[], date: string): CredentialFact | undefined {
  let best: CredentialFact | undefined;
  for (const c of credentials) {
    if (!codes.includes(c.code) || !isHeldOn(c, date)) continue;
    if (!best || c.issued_on < best.issued_on) best = c;
  }
  return best;
}

/** The latest record of `code` (by issue date), whatever its status. */
export function latestCredential(credentials: CredentialFact[], code: string): CredentialFact | undefined {
  let best: CredentialFact | undefined;
  for (const c of credentials) if (c.code === code && (!best || c.issued_on > best.issued_on)) best = c;
  return best;
}
