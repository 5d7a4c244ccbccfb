// Whether a credential is in good standing on a date.
import type { CredentialRule, RulePack } from '../schemas/rules.js';
import { cycleEnd } from './ceu-cycle.js';
import { periodEnd } from './dates.js';
import type { CredentialFact } from './facts.js';

/** The version of credential `code` in force on `date`: the latest effective_from on or before it. */
function ruleOn(pack: RulePack | undefined, code: string, date: string): CredentialRule | undefined {
  let pick: CredentialRule | undefined;
  for (const r of pack?.credentials ?? []) {
    if (r.code !== code || (r.effective_from ?? '') > date) continue;
    if (!pick || (r.effective_from ?? '') >= (pick.effective_from ?? '')) pick = r;
  }
  return pick;
}

/** The credential as it stood on `date`: the cycle and expiry in force before later renewals. */
export function credentialOn(c: CredentialFact, date: string): CredentialFact {
  if (!c.history) return c;
  for (const era of c.history) if (date < era.until) return { ...c, cycle_start: era.cycle_start, expires_on: era.expires_on };
  return c;
}

/**
 * The last day a credential is valid: its recorded `expires_on`; else, for a provisional
 * certificate, the end of the pack's `valid_for` from its issue date (periodEnd); else — when the pack
 * gives the credential a renewal cycle — the end of its current CEU cycle (an unrenewed
 * credential expires with its cycle); else none. The rule version in force on `date` applies.
 */
export function validThrough(c: CredentialFact, pack: RulePack | undefined, date: string): string | null {
  // Every rule checked for a person asks about the same records on the same date: answer once.
  const hit = throughCache.get(c);
  if (hit && hit.date === date && hit.pack === pack) return hit.value;
  const value = computeValidThrough(c, pack, date);
  throughCache.set(c, { date, pack, value });
  return value;
}

const throughCache = new WeakMap<CredentialFact, { date: string; pack: RulePack | undefined; value: string | null }>();

function computeValidThrough(c: CredentialFact, pack: RulePack | undefined, date: string): string | null {
  c = credentialOn(c, date);
  if (c.expires_on !== null) return c.expires_on;
  const rule = ruleOn(pack, c.code, date);
  if (c.status === 'provisional' && rule?.provisional) return periodEnd(c.issued_on, rule.provisional.valid_for);
  const cycle = rule?.renewal?.cycle;
  return cycle ? cycleEnd(c.cycle_start, cycle) : null;
}

/**
 * Held on `date`: issued by then, not past its last valid day (valid through that day), and
 * not lapsed or revoked by then. A lapse or revocation without a date counts from the issue date.
 */
export function isHeldOn(c: CredentialFact, date: string, pack?: RulePack): boolean {
  if (c.issued_on > date) return false;
  const until = pack ? validThrough(c, pack, date) : credentialOn(c, date).expires_on;
  if (until !== null && date > until) return false;
  if (c.status === 'lapsed' || c.status === 'revoked') return c.status_on !== null && date < c.status_on;
  return true;
}

/** The credential of `codes` in good standing on `date` that was issued first (longest held). */
export function heldCredential(credentials: CredentialFact[], codes: readonly string[], date: string, pack?: RulePack): CredentialFact | undefined {
  let best: CredentialFact | undefined;
  for (const c of credentials) {
    if (!codes.includes(c.code) || !isHeldOn(c, date, pack)) continue;
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
