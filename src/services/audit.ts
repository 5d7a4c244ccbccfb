// The audit trail as a read: entries filtered by person and time, oldest first, streamed.
import { InputError } from '../errors.js';
import { auditNamesPerson, type AuditRow, iterateAudit } from '../store/audit.js';
import { findPerson } from '../store/people.js';
import type { Session } from './session.js';

export interface AuditQuery {
  person?: string;
  /** ISO timestamp (the CLI turns --since's local date into the instant it starts). */
  since?: string;
  limit?: number;
}

/**
 * The entries matching `q`. A person who is neither in the people table nor named by any
 * audit entry is a usage error (a typo), not an empty history.
 */
export function auditEntries(s: Session, q: AuditQuery): Iterable<AuditRow> {
  if (q.person !== undefined && !findPerson(s.db, q.person) && !auditNamesPerson(s.db, q.person)) {
    throw new InputError(`unknown person ${JSON.stringify(q.person)}: no such person and no audit entries name them`, 'check the id with `credtrack people list`');
  }
  return iterateAudit(s.db, q);
}

const SHOWN = 60;

function show(v: unknown): string {
  if (v === null || v === undefined) return '∅';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > SHOWN ? `${s.slice(0, SHOWN - 1)}…` : s;
}

/** The yes/no columns (store/migrations.ts `flag`): stored as 1/0, audited as 1/0 or true/false. */
const FLAG_COLUMNS = new Set(['lived_experience', 'supervised', 'paid']);

/** A flag as the rest of the product writes it (yes/no); any other value as it is. */
function flagWord(v: unknown): unknown {
  return v === 1 || v === true ? 'yes' : v === 0 || v === false ? 'no' : v;
}

function fields(v: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = v !== null && typeof v === 'object' && !Array.isArray(v) ? { ...(v as Record<string, unknown>) } : v === null || v === undefined ? {} : { value: v };
  for (const k of Object.keys(out)) if (FLAG_COLUMNS.has(k)) out[k] = flagWord(out[k]);
  return out;
}

/**
 * A compact before → after summary of one entry: the changed fields of a change, the
 * non-empty fields of an addition or removal; yes/no flags as yes or no.
 */
export function summarizeChange(e: Pick<AuditRow, 'action' | 'before' | 'after'>): string {
  const before = fields(e.before), after = fields(e.after);
  if (e.action === 'change') {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    const changed = keys.filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null));
    // Context such as a credential's code appears on both sides unchanged; show it once.
    const same = keys.filter((k) => !changed.includes(k) && k in before && k in after).map((k) => `${k}=${show(after[k])}`);
    return [...same, ...changed.map((k) => `${k}: ${show(before[k])} → ${show(after[k])}`)].join('; ');
  }
  const image = e.action === 'remove' ? before : after;
  return Object.entries(image).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => `${k}=${show(v)}`).join(', ');
}
