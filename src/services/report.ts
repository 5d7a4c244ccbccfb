// The workforce compliance report: credential standing counts, CEU shortfalls, what falls due
// in the next 90 days, and progressions. Each part reads the population a batch at a time, only
// what it needs (reminders on worker threads for a large population, progressions only of
// holders of from-positions, counts only of credentials): nothing holds everyone's facts at once.
import { CREDENTIAL_STATES, type CredentialCounts, countCredentials, type StateCounts } from '../engine/compliance.js';
import type { ProgressionStatus } from '../engine/progressions.js';
import type { Reminder, ReminderKind } from '../engine/reminders.js';
import { gatherFacts, populationIds } from '../store/facts.js';
import { listProgressions, type PayrollOverride } from './progressions.js';
import { listRemindersParallel } from './reminders.js';
import type { Session } from './session.js';

export const REPORT_WINDOW_DAYS = 90;

export interface CeuShortfall {
  person: string; name: string; credential: string; cycle_start: string; cycle_end: string;
  days_left: number; have: number; need: number; remaining: number; severity: string;
}
export type DueItem = Pick<Reminder, 'person' | 'name' | 'kind' | 'subject' | 'due' | 'days_left' | 'severity' | 'message' | 'email' | 'supervisor'>;

export interface ComplianceReport {
  as_of: string;
  within_days: number;
  people: { active: number; with_items: number };
  credentials: { by_status: StateCounts; by_credential: CredentialCounts[] };
  ceu_short: CeuShortfall[];
  deadlines: { total: number; overdue: number; warning: number; by_kind: Partial<Record<ReminderKind, number>>; items: DueItem[] };
  progressions: { due: number; blocked: number; pending: number; items: ProgressionStatus[] };
}

/** People per batch when counting credentials: a batch's work is short enough to keep the reminders' threads fed between batches. */
const CREDENTIALS_BATCH = 1_000;

type Counts = ReturnType<typeof countCredentials>;

/** Adds a batch's counts to the running ones; codes first seen in this batch go after those seen before (as one pass would list them). */
function addCounts(into: Counts, part: Counts): void {
  for (const st of CREDENTIAL_STATES) into.by_status[st] += part.by_status[st];
  const rows = new Map(into.by_credential.map((r) => [r.code, r]));
  for (const r of part.by_credential) {
    const row = rows.get(r.code);
    if (!row) {
      into.by_credential.push(r);
      continue;
    }
    for (const st of CREDENTIAL_STATES) row[st] += r[st];
    row.total += r.total;
  }
}

/**
 * countCredentials over the active people (`ids`), reading only their credentials a batch at a
 * time, and letting the event loop run between batches (the reminders' threads are answered
 * and given more work while this thread counts).
 */
async function countActiveCredentials(s: Session, ids: number[]): Promise<Counts> {
  const index = s.rules();
  const counts = countCredentials(index, [], s.asOf);
  for (let i = 0; i < ids.length; i += CREDENTIALS_BATCH) {
    if (i) await new Promise<void>((resolve) => setImmediate(resolve));
    const facts = gatherFacts(s.db, ids.slice(i, i + CREDENTIALS_BATCH), { hourCategories: [], tables: ['credentials'] });
    addCounts(counts, countCredentials(index, facts.values(), s.asOf));
  }
  return counts;
}

export async function buildReport(s: Session, payroll: PayrollOverride = {}): Promise<ComplianceReport> {
  const req = { within: REPORT_WINDOW_DAYS, ...payroll };
  // For a large population, the reminders' worker threads start here and work while this
  // thread counts credentials.
  const pending = listRemindersParallel(s, req);
  pending.catch(() => {}); // awaited below; not an unhandled rejection meanwhile
  const active = populationIds(s.db, 'all', { activeOnly: true });
  let credentials: Counts;
  try {
    credentials = await countActiveCredentials(s, active);
  } catch (err) {
    await pending.catch(() => {}); // the threads are done before the session closes
    throw err;
  }
  return assembleReport(s, active.length, credentials, (await pending).reminders, listProgressions(s, req).progressions);
}

/** The report of what was read: the active people's count, their credentials' counts, the items due within the window and the progressions. */
export function assembleReport(s: Session, active: number, credentials: Counts, reminders: Reminder[], progressions: ProgressionStatus[]): ComplianceReport {
  const ceu_short: CeuShortfall[] = reminders.filter((r) => r.kind === 'ceu_deficit').map((r) => ({
    person: r.person, name: r.name, credential: r.subject, cycle_start: r.cycle_start as string, cycle_end: r.due,
    days_left: r.days_left, have: r.have as number, need: r.need as number, remaining: r.remaining as number, severity: r.severity,
  }));
  const due = reminders.filter((r) => r.kind !== 'progression_due');
  const by_kind: Partial<Record<ReminderKind, number>> = {};
  for (const r of due) by_kind[r.kind] = (by_kind[r.kind] ?? 0) + 1;
  const count = (st: string) => progressions.filter((p) => p.status === st).length;
  return {
    as_of: s.asOf,
    within_days: REPORT_WINDOW_DAYS,
    people: { active, with_items: new Set(reminders.map((r) => r.person)).size },
    credentials,
    ceu_short,
    deadlines: {
      total: due.length,
      overdue: due.filter((r) => r.severity === 'overdue').length,
      warning: due.filter((r) => r.severity === 'warning').length,
      by_kind,
      items: due.map(({ person, name, kind, subject, due: d, days_left, severity, message, email, supervisor }) =>
        ({ person, name, kind, subject, due: d, days_left, severity, message, email, supervisor })),
    },
    progressions: { due: count('due'), blocked: count('blocked'), pending: count('pending'), items: progressions },
  };
}
