// Reminders: facts gathered a batch at a time for the people in scope, items computed by the
// pure engine, already-sent ones left out on request; only markRemindersSent writes.
import { availableParallelism } from 'node:os';
import { addDays } from '../engine/dates.js';
import type { PersonFacts } from '../engine/facts.js';
import { REMINDER_BASE_TABLES, reminderHoursNeed, reminderTables } from '../engine/hour-needs.js';
import {
  collectReminders, compareGroups, DEFAULT_THRESHOLDS, DEFAULT_WITHIN_DAYS, isOverdue, type Reminder, REMINDER_KINDS, type ReminderKind,
  type ReminderOptions, remindersFor, withSupervisorEmail,
} from '../engine/reminders.js';
import { stringify } from 'csv-stringify/sync';
import { icsEvent } from '../render/ics.js';
import { JsonFragment } from '../render/json-stream.js';
import { type Cell, safeCell } from '../render/output.js';
import { holdingWriteLock } from '../store/db.js';
import { addRecords } from '../store/facts.js';
import { addLatestScreenings, type Batch, peopleIdRange, reminderPeople } from '../store/reminder-facts.js';
import { isSent, markSent, OVERDUE, type SentMark, sentPairs } from '../store/reminders-sent.js';
import {
  addNeededHours, addNeededRecords, emailLookup, type HoursScope, keepInScope, type PayrollOverride, type PeopleFilter, resolvePayroll, scopeOf,
  type TablesScope,
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
  const base = new Set<string>(REMINDER_BASE_TABLES);
  return { base: REMINDER_BASE_TABLES, extra: (f) => [...reminderTables(index, f, s.asOf)].filter((t) => !base.has(t)) };
}

interface Resolved { within: number; thresholds: number[]; options: Omit<ReminderOptions, 'supervisorEmail'> }

/** The request's window, thresholds, payroll and kinds, as the engine takes them (supervisors' emails aside). */
function resolve(s: Session, req: RemindersRequest): Resolved {
  const within = req.within ?? DEFAULT_WITHIN_DAYS;
  const thresholds = [...new Set(req.thresholds ?? DEFAULT_THRESHOLDS)].sort((a, b) => b - a);
  const payroll = resolvePayroll(s.rules(), req);
  const options = { asOf: s.asOf, within, thresholds, payroll, kinds: new Set(req.kinds?.length ? req.kinds : REMINDER_KINDS) };
  return { within, thresholds, options };
}

/** Whether an item is still to tell: it has reached a threshold not marked sent. */
const unsentIn = (sent: Set<string>) => (x: Reminder) => {
  const m = markOf(x);
  return m !== null && !isSent(sent, m);
};

/** The result of all items: only the unsent ones on request; overdue counted over all. */
function result(s: Session, req: RemindersRequest, r: Resolved, all: Reminder[]): RemindersResult {
  const items = req.unsent ? all.filter(unsentIn(sentPairs(s.db, all.map((x) => x.key)))) : all;
  return { as_of: s.asOf, within_days: r.within, thresholds: r.thresholds, reminders: items, overdue: all.filter(isOverdue).length };
}

/**
 * A batch's facts as reminders read them: the people in scope with their credentials and
 * positions; the records and hours rules read only of those who need them; of screenings, the
 * one a reminder can be about (all of them for the few whose rules read screenings).
 */
function gatherBatch(s: Session, batch: Batch, req: RemindersRequest, r: Resolved) {
  const index = s.rules();
  const { facts, supervisorEmails } = reminderPeople(s.db, batch);
  keepInScope(facts, req);
  const kept = [...facts.keys()];
  addRecords(s.db, facts, kept, ['credentials', 'positions']);
  const allScreenings = new Set<PersonFacts>();
  addNeededRecords(s, facts, (f) => {
    const tables = reminderTables(index, f, s.asOf);
    tables.delete('credentials');
    tables.delete('positions');
    if (tables.has('screenings')) allScreenings.add(f);
    return tables;
  });
  if (r.options.kinds.has('screening_expiring')) {
    addLatestScreenings(s.db, facts, kept.filter((id) => !allScreenings.has(facts.get(id)!)), s.asOf, addDays(s.asOf, r.within));
  }
  addNeededHours(s, facts, reminderHours(s));
  return { people: facts.values(), supervisorEmails };
}

/** A batch's reminders, grouped by person (in no particular order). */
function batchGroups(s: Session, batch: Batch, req: RemindersRequest, r: Resolved): Reminder[][] {
  const index = s.rules();
  const { people, supervisorEmails } = gatherBatch(s, batch, req, r);
  const options = withSupervisorEmail(r.options, (id) => supervisorEmails.get(id) ?? null);
  const groups: Reminder[][] = [];
  for (const f of people) {
    const items = remindersFor(index, f, options);
    if (items.length) groups.push(items);
  }
  return groups;
}

/** People per batch (on worker threads: per message), and from how many on it pays to start threads. */
const BATCH = 1_000;
export const REMINDERS_PARALLEL_FROM = 10 * BATCH;

/** The people in scope a batch at a time: everyone by ranges of row ids (nothing to list first), else the ids in scope. */
function batchesOf(s: Session, req: RemindersRequest): Batch[] {
  const pop = scopeOf(s, req);
  const batches: Batch[] = [];
  if (pop === 'all') {
    const range = peopleIdRange(s.db);
    if (range) for (let from = range.first; from <= range.last; from += BATCH) batches.push({ from, to: from + BATCH });
  } else {
    for (let i = 0; i < pop.length; i += BATCH) batches.push(pop.slice(i, i + BATCH));
  }
  return batches;
}

/** The reminders of the people in scope (gathered here unless the caller already has them). */
export function listReminders(s: Session, req: RemindersRequest = {}, gathered?: PersonFacts[]): RemindersResult {
  const r = resolve(s, req);
  if (gathered) return result(s, req, r, collectReminders(s.rules(), gathered, withSupervisorEmail(r.options, emailLookup(s, gathered))));
  const groups: Reminder[][] = [];
  for (const batch of batchesOf(s, req)) for (const g of batchGroups(s, batch, req, r)) groups.push(g);
  return result(s, req, r, groups.sort(compareGroups).flat());
}

/** What a reminders worker is started with; `serialize`: answer with serialised groups. */
export interface RemindersWorkerData {
  task: 'reminders'; dbPath: string; asOf: string; today: string; req: RemindersRequest; serialize?: ItemsFormat;
  /** With `serialize`: also answer the sent-marks of the serialised items (--mark-sent). */
  marks?: boolean;
}

/** The worker script when a population this large pays for threads (one per CPU, at most 4). */
function remindersScript(batches: Batch[], workers: number): URL | null {
  return workers > 1 && batches.length * BATCH >= REMINDERS_PARALLEL_FROM ? workerScript('worker', import.meta.url) : null;
}

const defaultWorkers = () => Math.min(4, availableParallelism());

/**
 * listReminders for the whole population at once: the people are shared among worker threads,
 * each gathering and computing its batches on its own read connection; the groups come back
 * here to be ordered. Same result as listReminders.
 */
export async function listRemindersParallel(s: Session, req: RemindersRequest = {}, workers = defaultWorkers()): Promise<RemindersResult> {
  const batches = batchesOf(s, req);
  const script = remindersScript(batches, workers);
  if (!script) return listReminders(s, req);
  const r = resolve(s, req); // validates the request before the threads start
  const data: RemindersWorkerData = { task: 'reminders', dbPath: s.db.name, asOf: s.asOf, today: s.today, req };
  const groups: Reminder[][] = [];
  for await (const { result: part } of runOnWorkers<Batch, Reminder[][]>(script, data, batches, workers)) for (const g of part) groups.push(g);
  return result(s, req, r, groups.sort(compareGroups).flat());
}

/**
 * A batch's groups as the output holds them, and what ordering them needs: each group's items
 * (with --unsent, those not sent) serialised (JSON: comma-separated), the groups back to back.
 */
export interface JsonGroups {
  bytes: ArrayBuffer;
  /** Where each group's bytes end. */
  ends: Uint32Array;
  /** Items in each group. */
  counts: Uint32Array;
  /** Each group's first item's days left and person id, sent or not (compareGroups). */
  days: Int32Array;
  people: string[];
  /** Overdue items, sent or not. */
  overdue: number;
  /** When asked for: the serialised items' sent-marks and kinds, group by group (`ends`: where each group's end). */
  marks?: { keys: string[]; thresholds: Int32Array; kinds: string[]; ends: Uint32Array };
}

/** Where a thread serialises its batches, reused from batch to batch (fresh large buffers cost more than the JSON). */
let scratch = Buffer.alloc(0);

/**
 * How the threads serialise items: as JSON array elements (one line each, or indented on a
 * terminal), CSV rows of REMINDER_CSV_COLUMNS, or iCalendar events.
 */
export type ItemsFormat = { format: 'json'; pretty: boolean } | { format: 'csv' } | { format: 'ics' };

/** The columns of reminders as CSV. */
export const REMINDER_CSV_COLUMNS = [
  'key', 'person', 'name', 'email', 'supervisor', 'supervisor_email', 'site', 'kind', 'subject', 'due', 'days_left', 'severity', 'threshold', 'opens', 'at_risk', 'message',
] as const;

/** One person's items as the output holds them (writeJsonStream, writeCsv, renderIcs write the same). */
function groupText(items: Reminder[], f: ItemsFormat, asOf: string): string {
  switch (f.format) {
    case 'json': return f.pretty ? items.map((x) => `\n${JSON.stringify(x, null, 2)}`).join(',') : JSON.stringify(items).slice(1, -1);
    case 'csv': return stringify(items.map((r) => REMINDER_CSV_COLUMNS.map((k) => safeCell(r[k] as Cell))));
    case 'ics': return items.map((r) => icsEvent(r, asOf)).join('');
  }
}

/** Serialises a batch's groups: the threads do the serialising, the main thread only orders the bytes. */
function serializeGroups(s: Session, groups: Reminder[][], unsent: boolean, f: ItemsFormat, withMarks = false): JsonGroups {
  const keep = unsent ? unsentIn(sentPairs(s.db, groups.flat().map((x) => x.key))) : null;
  let length = 0, overdue = 0;
  const ends: number[] = [], counts: number[] = [], days: number[] = [], people: string[] = [];
  const marks = { keys: [] as string[], thresholds: [] as number[], kinds: [] as string[], ends: [] as number[] };
  for (const g of groups) {
    for (const x of g) if (isOverdue(x)) overdue++;
    const items = keep ? g.filter(keep) : g;
    if (!items.length) continue;
    const text = groupText(items, f, s.asOf);
    const most = length + text.length * 3; // UTF-8 bytes of a UTF-16 code unit: at most 3
    if (most > scratch.length) {
      const bigger = Buffer.allocUnsafe(Math.max(2 * scratch.length, most, 1 << 20));
      scratch.copy(bigger, 0, 0, length);
      scratch = bigger;
    }
    length += scratch.write(text, length);
    ends.push(length);
    counts.push(items.length);
    days.push(g[0]!.days_left);
    people.push(g[0]!.person);
    if (withMarks) {
      for (const x of items) {
        const m = markOf(x);
        if (m === null) continue;
        marks.keys.push(m.key);
        marks.thresholds.push(m.threshold);
        marks.kinds.push(x.kind);
      }
      marks.ends.push(marks.keys.length);
    }
  }
  const bytes = new ArrayBuffer(length);
  scratch.copy(new Uint8Array(bytes));
  const out: JsonGroups = { bytes, ends: Uint32Array.from(ends), counts: Uint32Array.from(counts), days: Int32Array.from(days), people, overdue };
  if (withMarks) out.marks = { keys: marks.keys, thresholds: Int32Array.from(marks.thresholds), kinds: marks.kinds, ends: Uint32Array.from(marks.ends) };
  return out;
}

/** The reminders serialised, in order, a megabyte or so per fragment (each valid until written). */
export interface RemindersSerialized {
  as_of: string; within_days: number; fragments: Iterable<JsonFragment>; count: number; overdue: number;
  /** When asked for: what markRemindersSent would record of the items, in their order. */
  marked?: SentMarks;
}

type Ref = { part: JsonGroups; bytes: Buffer; group: number };

/** Puts the batches' groups in the order of compareGroups; their bytes are joined into fragments as they are written. */
function orderedFragments(parts: JsonGroups[], commas: boolean, withMarks: boolean): Omit<RemindersSerialized, 'as_of' | 'within_days'> {
  const refs: Ref[] = [];
  let overdue = 0, count = 0;
  for (const part of parts) {
    overdue += part.overdue;
    const bytes = Buffer.from(part.bytes);
    for (let group = 0; group < part.ends.length; group++) {
      refs.push({ part, bytes, group });
      count += part.counts[group]!;
    }
  }
  refs.sort((a, b) => a.part.days[a.group]! - b.part.days[b.group]! || a.part.people[a.group]!.localeCompare(b.part.people[b.group]!));
  return { fragments: joined(refs, commas), count, overdue, ...(withMarks ? { marked: orderedMarks(refs) } : {}) };
}

/** The groups' sent-marks in the groups' order, with the kinds counted as markRemindersSent counts them. */
function orderedMarks(refs: Ref[]): SentMarks {
  const out: SentMarks = { marks: [], kinds: {} };
  for (const { part, group } of refs) {
    const m = part.marks!;
    for (let i = group ? m.ends[group - 1]! : 0; i < m.ends[group]!; i++) {
      out.marks.push({ key: m.keys[i]!, threshold: m.thresholds[i]! });
      out.kinds[m.kinds[i]!] = (out.kinds[m.kinds[i]!] ?? 0) + 1;
    }
  }
  return out;
}

/** The groups' bytes joined (with commas between them: JSON), a megabyte or so at a time, into a buffer reused once written. */
function* joined(refs: Ref[], commas: boolean): Generator<JsonFragment> {
  let spare: Buffer | undefined;
  const fresh = (size: number) => {
    const b = spare && spare.length >= size ? spare : Buffer.allocUnsafe(Math.max(1 << 20, size));
    spare = undefined;
    return b;
  };
  let chunk: Buffer = Buffer.alloc(0), length = 0, n = 0;
  const fragment = () => {
    const written = chunk;
    return new JsonFragment(chunk.subarray(0, length), n, () => { spare = written; });
  };
  for (const { part, bytes, group } of refs) {
    const start = group ? part.ends[group - 1]! : 0, end = part.ends[group]!;
    if (length + 1 + end - start > chunk.length) {
      if (n) yield fragment();
      chunk = fresh(1 + end - start);
      length = n = 0;
    }
    if (n && commas) chunk[length++] = 0x2c; // ,
    length += bytes.copy(chunk, length, start, end);
    n += part.counts[group]!;
  }
  if (n) yield fragment();
}

/**
 * The reminders of listReminders serialised (JSON array elements, CSV rows or iCalendar
 * events) where they are computed — on worker threads for a large population — and only
 * ordered here: the same bytes writeJsonStream, writeCsv and renderIcs write of them.
 */
export async function remindersSerialized(s: Session, req: RemindersRequest, f: ItemsFormat,
  { marks = false, workers = defaultWorkers() }: { marks?: boolean; workers?: number } = {}): Promise<RemindersSerialized> {
  const r = resolve(s, req);
  const batches = batchesOf(s, req);
  const script = remindersScript(batches, workers);
  const parts: JsonGroups[] = [];
  if (script) {
    const data: RemindersWorkerData = { task: 'reminders', dbPath: s.db.name, asOf: s.asOf, today: s.today, req, serialize: f, marks };
    for await (const { result: part } of runOnWorkers<Batch, JsonGroups>(script, data, batches, workers)) parts.push(part);
  } else {
    for (const batch of batches) parts.push(serializeGroups(s, batchGroups(s, batch, req, r), !!req.unsent, f, marks));
  }
  return { as_of: s.asOf, within_days: r.within, ...orderedFragments(parts, f.format === 'json', marks) };
}

/** The worker's side of listRemindersParallel and remindersSerialized: a batch's groups, as objects or serialised. */
export function remindersWorker(s: Session, data: RemindersWorkerData): (batch: Batch) => { result: Reminder[][] | JsonGroups; transfer?: ArrayBuffer[] } {
  const r = resolve(s, data.req);
  return (batch) => {
    const groups = batchGroups(s, batch, data.req, r);
    if (!data.serialize) return { result: groups };
    const json = serializeGroups(s, groups, !!data.req.unsent, data.serialize, data.marks);
    return { result: json, transfer: [json.bytes, json.ends.buffer as ArrayBuffer, json.counts.buffer as ArrayBuffer, json.days.buffer as ArrayBuffer] };
  };
}

/** What marking items sent records: a mark per item that has reached a threshold, and how many of each kind. */
export interface SentMarks { marks: SentMark[]; kinds: Record<string, number> }

/** Marks the items as sent at their current threshold (items before the first threshold are skipped). */
export function markRemindersSent(s: Session, items: Reminder[]): number {
  const marks = items.map(markOf).filter((m): m is SentMark => m !== null);
  const kinds: Record<string, number> = {};
  for (const r of items) if (r.threshold !== null) kinds[r.kind] = (kinds[r.kind] ?? 0) + 1;
  return recordSentMarks(s, { marks, kinds });
}

/** Records marks (of markRemindersSent, or of remindersSerialized with `marks`) in one transaction with one audit entry. */
export function recordSentMarks(s: Session, { marks, kinds }: SentMarks): number {
  return markSent(s.db, s.who, marks, { as_of: s.asOf, kinds });
}

/**
 * Runs a --mark-sent run — `fn` lists the unsent items, writes them out and records their
 * marks — holding the write lock throughout (waiting the busy timeout for it first). A run
 * that overlaps waits, then reads the marks this one committed: each item is told once per
 * threshold. When `fn` throws (the output not all written, say), nothing is marked: the next
 * run tells the same items, at least once. Worker threads read on their own connections the
 * last commit, which no other process can change meanwhile.
 */
export function markingSent<T>(s: Session, fn: () => Promise<T>): Promise<T> {
  return holdingWriteLock(s.db, fn);
}
