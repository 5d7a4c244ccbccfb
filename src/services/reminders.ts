// Reminders: facts gathered once for the people in scope, items computed by the pure engine,
// already-sent ones left out on request; only markRemindersSent writes.
import { availableParallelism } from 'node:os';
import {
  collectReminders, compareGroups, DEFAULT_THRESHOLDS, DEFAULT_WITHIN_DAYS, isOverdue, type Reminder, REMINDER_KINDS, type ReminderKind,
  type ReminderOptions, remindersFor,
} from '../engine/reminders.js';
import type { PersonFacts } from '../engine/facts.js';
import { REMINDER_BASE_TABLES, reminderHoursNeed, reminderTables } from '../engine/hour-needs.js';
import { supervisorEmails } from '../store/facts.js';
import { isSent, markSent, OVERDUE, type SentMark, sentPairs } from '../store/reminders-sent.js';
import {
  emailLookup, gatherInBatches, gatherPeople, type HoursScope, type PayrollOverride, type PeopleFilter, populationOf, resolvePayroll, type TablesScope,
} from './progressions.js';
import type { Session } from './session.js';
import { runOnWorkers, workerScript } from './worker-pool.js';

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

/** Reminders read everyone's credentials, positions and screenings, and other records only of those who need them. */
export function reminderRecords(s: Session): TablesScope {
  const index = s.rules();
  return { base: REMINDER_BASE_TABLES, extra: (f) => reminderTables(index, f, s.asOf) };
}

interface Resolved { within: number; thresholds: number[]; options: ReminderOptions }

/** The request's window, thresholds, payroll and kinds, as the engine takes them. */
function resolve(s: Session, req: RemindersRequest, supervisorEmail: (id: string) => string | null): Resolved {
  const within = req.within ?? DEFAULT_WITHIN_DAYS;
  const thresholds = [...new Set(req.thresholds ?? DEFAULT_THRESHOLDS)].sort((a, b) => b - a);
  const payroll = resolvePayroll(s.rules(), req);
  const options = { asOf: s.asOf, within, thresholds, payroll, kinds: new Set(req.kinds?.length ? req.kinds : REMINDER_KINDS), supervisorEmail };
  return { within, thresholds, options };
}

/** The result of all items: only the unsent ones on request; overdue counted over all. */
function result(s: Session, req: RemindersRequest, r: Resolved, all: Reminder[]): RemindersResult {
  let items = all;
  if (req.unsent) {
    const sent = sentPairs(s.db, all.map((x) => x.key));
    items = all.filter((x) => {
      const m = markOf(x);
      return m !== null && !isSent(sent, m);
    });
  }
  return { as_of: s.asOf, within_days: r.within, thresholds: r.thresholds, reminders: items, overdue: all.filter(isOverdue).length };
}

/** The reminders of the people in scope (gathered here unless the caller already has them). */
export function listReminders(s: Session, req: RemindersRequest = {}, gathered?: PersonFacts[]): RemindersResult {
  const r = resolve(s, req, emailLookup(s, gathered));
  // One pass over everyone, a batch at a time, unless the caller has gathered them already.
  const people = gathered ?? gatherInBatches(s, req, reminderHours(s), reminderRecords(s));
  return result(s, req, r, collectReminders(s.rules(), people, r.options));
}

/** People per batch on worker threads, and from how many on it pays to start them. */
const WORKER_BATCH = 1_000;
export const REMINDERS_PARALLEL_FROM = 10 * WORKER_BATCH;

/** What a reminders worker is started with. */
export interface RemindersWorkerData { task: 'reminders'; dbPath: string; asOf: string; today: string; req: RemindersRequest; supervisors: [string, string | null][] }

/**
 * listReminders for the whole population at once: the people are shared among worker threads
 * (one per CPU, at most 4), each gathering and computing its batches on its own read
 * connection; the groups come back here to be ordered. Same result as listReminders.
 */
export async function listRemindersParallel(s: Session, req: RemindersRequest = {}, workers = Math.min(4, availableParallelism())): Promise<RemindersResult> {
  const ids = populationOf(s, req);
  const script = workers > 1 && ids.length >= REMINDERS_PARALLEL_FROM ? workerScript('worker', import.meta.url) : null;
  if (!script) return listReminders(s, req);
  const r = resolve(s, req, () => null); // validates the request before the threads start
  const batches: number[][] = [];
  for (let i = 0; i < ids.length; i += WORKER_BATCH) batches.push(ids.slice(i, i + WORKER_BATCH));
  const data: RemindersWorkerData = { task: 'reminders', dbPath: s.db.name, asOf: s.asOf, today: s.today, req, supervisors: [...supervisorEmails(s.db)] };
  const groups: Reminder[][] = [];
  for await (const { result: batch } of runOnWorkers<number[], Reminder[][]>(script, data, batches, workers)) for (const g of batch) groups.push(g);
  return result(s, req, r, groups.sort(compareGroups).flat());
}

/** The worker's side of listRemindersParallel: a batch's reminders, grouped by person. */
export function remindersWorker(s: Session, req: RemindersRequest, supervisors: [string, string | null][]): (ids: number[]) => { result: Reminder[][] } {
  const index = s.rules();
  const { options } = resolve(s, req, emailLookup(s, [], new Map(supervisors)));
  const hours = reminderHours(s), tables = reminderRecords(s);
  return (ids) => {
    const groups: Reminder[][] = [];
    for (const f of gatherPeople(s, ids, req, hours, tables)) {
      const items = remindersFor(index, f, options);
      if (items.length) groups.push(items);
    }
    return { result: groups };
  };
}

/** Marks the items as sent at their current threshold (items before the first threshold are skipped). */
export function markRemindersSent(s: Session, items: Reminder[]): number {
  const marks = items.map(markOf).filter((m): m is SentMark => m !== null);
  const kinds: Record<string, number> = {};
  for (const r of items) if (r.threshold !== null) kinds[r.kind] = (kinds[r.kind] ?? 0) + 1;
  return markSent(s.db, s.who, marks, { as_of: s.asOf, kinds });
}
