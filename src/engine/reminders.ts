// Reminders (SPEC §5): what is due for a person within a window of the as-of date, each item
// with a stable key, a severity and the threshold it has reached. Pure: the service gathers
// the facts and records what was sent.
import { dayNumber } from './dates.js';
import { displayName, type PersonFacts } from './facts.js';
import type { PackIndex } from './pack-index.js';
import type { PayrollCalendar } from './pay-periods.js';
import { draftsFor } from './reminder-kinds.js';

export const REMINDER_KINDS = [
  'credential_expiring', 'credential_expired', 'ceu_deficit', 'renewal_fee_due',
  'certification_deadline', 'screening_expiring', 'progression_due', 'provisional_expiring',
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];
export type Severity = 'info' | 'warning' | 'overdue';
/** The threshold an item has reached: days before its due date, or 'overdue' once it has passed. */
export type Threshold = number | 'overdue';

export const DEFAULT_WITHIN_DAYS = 90;
export const DEFAULT_THRESHOLDS: readonly number[] = [90, 60, 30, 7, 0];
/** Items due within this many days (and not yet overdue) are warnings. */
export const WARNING_DAYS = 30;

/** What a kind generator produces; the assembler adds the person, days, severity and key. */
export interface Draft {
  kind: ReminderKind;
  subject: string;
  due: string;
  message: string;
  /** Kind-specific fields (opens, at_risk, have, need, remaining, eligible_on, ...). */
  extra?: Record<string, unknown>;
}

export interface Reminder {
  key: string;
  person: string;
  name: string;
  kind: ReminderKind;
  subject: string;
  due: string;
  days_left: number;
  severity: Severity;
  message: string;
  email: string | null;
  supervisor: string | null;
  supervisor_email: string | null;
  site: string | null;
  /** Null when the item is further off than the largest threshold. */
  threshold: Threshold | null;
  [extra: string]: unknown;
}

export interface ReminderOptions {
  asOf: string;
  within: number;
  /** Sorted largest first. */
  thresholds: readonly number[];
  kinds: ReadonlySet<ReminderKind>;
  payroll: PayrollCalendar | null;
  /** The email of a supervisor (a person id), for routing; null when unknown. */
  supervisorEmail(id: string): string | null;
}

/**
 * The options with a supervisor lookup, as one literal: a spread makes a new hidden class per
 * call, and each new one sends the optimised remindersFor back to the interpreter.
 */
export function withSupervisorEmail(o: Omit<ReminderOptions, 'supervisorEmail'>, supervisorEmail: (id: string) => string | null): ReminderOptions {
  return { asOf: o.asOf, within: o.within, thresholds: o.thresholds, kinds: o.kinds, payroll: o.payroll, supervisorEmail };
}

export function reminderKey(person: string, kind: ReminderKind, subject: string, due: string): string {
  return `${person}|${kind}|${subject}|${due}`;
}

/** The smallest configured threshold at or above days_left; 'overdue' once past due; null before the largest. */
export function thresholdFor(daysLeft: number, thresholds: readonly number[]): Threshold | null {
  if (daysLeft < 0) return 'overdue';
  let pick: number | null = null;
  for (const t of thresholds) if (t >= daysLeft && (pick === null || t < pick)) pick = t;
  return pick;
}

/** overdue: past its due date; warning: due within 30 days (today included); info: later. */
export function severityFor(daysLeft: number): Severity {
  return daysLeft < 0 ? 'overdue' : daysLeft <= WARNING_DAYS ? 'warning' : 'info';
}

/** A person's reminders in the window (and every overdue one), most urgent first. */
export function remindersFor(index: PackIndex, facts: PersonFacts, o: ReminderOptions): Reminder[] {
  const p = facts.person;
  const out: Reminder[] = [];
  const today = dayNumber(o.asOf);
  for (const d of draftsFor(index, facts, o)) {
    if (!o.kinds.has(d.kind)) continue;
    const days = dayNumber(d.due) - today;
    if (days > o.within) continue;
    out.push({
      key: reminderKey(p.id, d.kind, d.subject, d.due),
      person: p.id, name: displayName(p), kind: d.kind, subject: d.subject, due: d.due, days_left: days,
      severity: severityFor(days), message: d.message,
      email: p.email, supervisor: p.supervisor_id, supervisor_email: p.supervisor_id ? o.supervisorEmail(p.supervisor_id) : null, site: p.site,
      threshold: thresholdFor(days, o.thresholds),
      ...d.extra,
    });
  }
  return out.sort((a, b) => a.days_left - b.days_left || a.kind.localeCompare(b.kind) || a.subject.localeCompare(b.subject));
}

/** The order of people's groups of items: the most urgent first item first, then by person id. */
export function compareGroups(a: Reminder[], b: Reminder[]): number {
  return a[0]!.days_left - b[0]!.days_left || a[0]!.person.localeCompare(b[0]!.person);
}

/**
 * Everyone's reminders, grouped by person: people with the most urgent item first (so the
 * overdue come first), then by person id; within a person, by days left.
 */
export function collectReminders(index: PackIndex, people: Iterable<PersonFacts>, o: ReminderOptions): Reminder[] {
  const groups: Reminder[][] = [];
  for (const f of people) {
    const items = remindersFor(index, f, o);
    if (items.length) groups.push(items);
  }
  return groups.sort(compareGroups).flat();
}

export const isOverdue = (r: Reminder) => r.severity === 'overdue';
