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

/**
 * The records in force on `date`: for each code, the latest record issued on or before it.
 * A later record of a code supersedes the earlier ones — a re-grant after a lapse, the full
 * certificate after a provisional one, the next row of an HR export's history — so an older
 * record still marked active never keeps a credential held that its latest record says has
 * lapsed. Records issued after `date` are not yet in force. Check, progressions, reminders and
 * the report all read credentials through this.
 */
export function currentRecords(credentials: readonly CredentialFact[], date: string): CredentialFact[] {
  // Every requirement of every rule checked for a person asks on the same date: answer once
  // (a list that grew since — facts still being gathered — is read anew).
  const hit = currentCache.get(credentials);
  if (hit && hit.date === date && hit.n === credentials.length) return hit.value;
  let value: CredentialFact[];
  if (credentials.length <= 1) value = credentials.filter((c) => c.issued_on <= date);
  else {
    const latest = new Map<string, CredentialFact>();
    for (const c of credentials) {
      if (c.issued_on > date) continue;
      const seen = latest.get(c.code);
      if (!seen || c.issued_on > seen.issued_on) latest.set(c.code, c);
    }
    value = [...latest.values()];
  }
  currentCache.set(credentials, { date, n: credentials.length, value });
  return value;
}

const currentCache = new WeakMap<readonly CredentialFact[], { date: string; n: number; value: CredentialFact[] }>();

/** The record of `code` in force on `date` (see currentRecords), whatever its status. */
export function currentRecord(credentials: readonly CredentialFact[], code: string, date: string): CredentialFact | undefined {
  for (const c of currentRecords(credentials, date)) if (c.code === code) return c;
  return undefined;
}

/**
 * The credential of `codes` in good standing on `date`: of the records in force then (the
 * latest of each code), one held; of several codes, the one issued first (held longest).
 */
export function heldCredential(credentials: readonly CredentialFact[], codes: readonly string[], date: string, pack?: RulePack): CredentialFact | undefined {
  let best: CredentialFact | undefined;
  for (const c of currentRecords(credentials, date)) {
    if (!codes.includes(c.code) || !isHeldOn(c, date, pack)) continue;
    if (!best || c.issued_on < best.issued_on) best = c;
  }
  return best;
}
