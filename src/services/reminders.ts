// Reminders: facts gathered once for the people in scope, items computed by the pure engine,
// already-sent ones left out on request; only markRemindersSent writes.
import {
  collectReminders, DEFAULT_THRESHOLDS, DEFAULT_WITHIN_DAYS, isOverdue, type Reminder, REMINDER_KINDS, type ReminderKind,
} from '../engine/reminders.js';
import type { PersonFacts } from '../engine/facts.js';
import { reminderHoursNeed } from '../engine/hour-needs.js';
import { isSent, markSent, OVERDUE, type SentMark, sentPairs } from '../store/reminders-sent.js';
import { emailLookup, gatherInBatches, type HoursScope, type PayrollOverride, type PeopleFilter, resolvePayroll } from './progressions.js';
import type { Session } from './session.js';

export interface RemindersRequest extends PeopleFilter, PayrollOverride {
  within?: number;
  thresholds?: number[];
  kinds?: ReminderKind[];
  /** Only items whose current threshold has not been marked sent. */
  unsent?: boolean;
}

export interface RemindersResult {
  as_of: string;
  within_days: number;
  thresholds: number[];
  reminders: Reminder[];
  /** Overdue items among all that match the filters, sent or not (for --exit-code). */
  overdue: number;
}

const markOf = (r: Reminder): SentMark | null =>
  r.threshold === null ? null : { key: r.key, threshold: r.threshold === 'overdue' ? OVERDUE : r.threshold };

/** Reminders read CEU hours for everyone, and every category only for the people who need it. */
export function reminderHours(s: Session): HoursScope {
  const index = s.rules();
  return (f) => reminderHoursNeed(index, f, s.asOf);
}

/** The reminders of the people in scope (gathered here unless the caller already has them). */
export function listReminders(s: Session, req: RemindersRequest = {}, gathered?: PersonFacts[]): RemindersResult {
  const index = s.rules();
  const within = req.within ?? DEFAULT_WITHIN_DAYS;
  const thresholds = [...new Set(req.thresholds ?? DEFAULT_THRESHOLDS)].sort((a, b) => b - a);
  const payroll = resolvePayroll(index, req);
  // One pass over everyone, a batch at a time, unless the caller has gathered them already.
  const people = gathered ?? gatherInBatches(s, req, reminderHours(s));
  const all = collectReminders(index, people, {
    asOf: s.asOf, within, thresholds, payroll,
    kinds: new Set(req.kinds?.length ? req.kinds : REMINDER_KINDS),
    supervisorEmail: emailLookup(s, gathered),
  });
  let items = all;
  if (req.unsent) {
    const sent = sentPairs(s.db, all.map((r) => r.key));
    items = all.filter((r) => {
      const m = markOf(r);
      return m !== null && !isSent(sent, m);
    });
  }
  return { as_of: s.asOf, within_days: within, thresholds, reminders: items, overdue: all.filter(isOverdue).length };
}

/** Marks the items as sent at their current threshold (items before the first threshold are skipped). */
export function markRemindersSent(s: Session, items: Reminder[]): number {
  const marks = items.map(markOf).filter((m): m is SentMark => m !== null);
  const kinds: Record<string, number> = {};
  for (const r of items) if (r.threshold !== null) kinds[r.kind] = (kinds[r.kind] ?? 0) + 1;
  return markSent(s.db, s.who, marks, { as_of: s.asOf, kinds });
}
