// The workforce compliance report: one gather of the active workforce, then credential
// standing counts, CEU shortfalls, what falls due in the next 90 days, and progressions.
import { type CredentialCounts, countCredentials, type StateCounts } from '../engine/compliance.js';
import type { ProgressionStatus } from '../engine/progressions.js';
import type { Reminder, ReminderKind } from '../engine/reminders.js';
import { gatherPopulation, listProgressions } from './progressions.js';
import { listReminders, reminderHours, reminderRecords } from './reminders.js';
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

export function buildReport(s: Session): ComplianceReport {
  const people = gatherPopulation(s, {}, reminderHours(s), reminderRecords(s));
  const reminders = listReminders(s, { within: REPORT_WINDOW_DAYS }, people).reminders;
  const progressions = listProgressions(s, { within: REPORT_WINDOW_DAYS }, people).progressions;

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
    people: { active: people.length, with_items: new Set(reminders.map((r) => r.person)).size },
    credentials: countCredentials(s.rules(), people, s.asOf),
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
