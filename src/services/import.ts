// credtrack import: read (streaming, with line numbers) → validate (the row zod schemas, then
// what depends on the database and the pack) → write in one transaction with upserts on
// natural keys → summary. A dry run is the same pipeline, rolled back. Without
// --skip-invalid one bad row means nothing is written; with it, every rejected row goes to
// the rejects file. Nothing a user gave is dropped without a message.
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { InputError } from '../errors.js';
import { type FileFormat, readCsv, readJsonArray, readNdjson, type RawRow, type Source, Tap } from '../io/read-rows.js';
import { RejectsWriter } from '../io/rejects.js';
import { addDays } from '../engine/dates.js';
import {
  COLUMNS, type CellProblem, dayLimitProblem, formatProblem, type ImportType, parseRow, type PersonRow, type PositionRow, REQUIRED_COLUMNS,
} from '../schemas/rows.js';
import { recordAudit } from '../store/audit.js';
import { DAY_LIMIT, dayTotalQuery, dayTotalsQuery, fullDaysQuery, hoursText, overLimit, singleDay } from '../store/day-totals.js';
import type { Db } from '../store/db.js';
import { batchName, type BatchCounts, changeRecorder, createBatch, finishBatch, sameFileBatches, setBackSince } from '../store/batches.js';
import { PERSON_FIELDS, personIdMap } from '../store/people.js';
import {
  compareWithStored, credentialValues, evaluationValues, examValues, hoursValues, image, overlapFinder, periodText, positionValues,
  type RecordTable, recordStatements, screeningValues, type StoredPeriod,
} from '../store/records.js';
import { contextProblems, mergeProblems } from './records.js';
import type { Session } from './session.js';

export interface ImportRequest {
  source: Source;
  type: ImportType;
  format: FileFormat;
  dryRun: boolean;
  skipInvalid: boolean;
  /** Where rejected rows go with skipInvalid. */
  rejectsPath?: string;
  /** Called now and then with the bytes read so far (progress bar). */
  onProgress?: (bytes: number) => void;
  /** How many problems to keep for the message (all are counted). */
  problemLimit?: number;
}

export interface ImportSummary extends BatchCounts {
  batch: string | null;
  file: string;
  type: ImportType;
  /** Rows that repeat an earlier row of the same file exactly (recorded once). */
  duplicates: number;
  dry_run: boolean;
  sha256: string;
  rejects_file: string | null;
  /** Earlier batches of the same file content (a note for the user; the import is idempotent). */
  same_file_as: string[];
  /**
   * Of the rows updated, those changed since the latest of same_file_as (by another batch or
   * a command) and so set back to this file's values; `set_back_by` names who had changed
   * them (batch ids, or the command).
   */
  set_back: number;
  set_back_by: string[];
  /** Messages about rows that were not errors (duplicates), up to the limit. */
  notes: string[];
  /** The problems of rejected rows, up to the limit (with --skip-invalid or --dry-run). */
  problems: string[];
  /** What was imported but looks wrong (a supervisor_id that is no one on record): one line each. */
  warnings: string[];
}

/**
 * Refuses a CSV header with unknown, repeated or missing columns: no row could be right.
 * Unnamed columns ('') are let through: the reader refuses a row that holds a value in one.
 */
function headerChecker(src: Source, type: ImportType) {
  return ({ columns, line }: { columns: string[]; line: number }) => {
    const known = new Set(COLUMNS[type]);
    const problems: string[] = [];
    columns.forEach((c, i) => {
      if (c === '') return;
      if (!known.has(c)) problems.push(`${JSON.stringify(c)} (column ${i + 1}) is not a column of ${type}`);
      else if (columns.indexOf(c) !== i) problems.push(`${JSON.stringify(c)} appears twice (columns ${columns.indexOf(c) + 1} and ${i + 1})`);
    });
    for (const r of REQUIRED_COLUMNS[type]) if (!columns.includes(r)) problems.push(`the required column ${r} is missing`);
    if (problems.length) {
      throw new InputError(`${src.name}:${line}: the header does not fit type ${type}: ${problems.join('; ')}`,
        `columns of ${type}: ${COLUMNS[type].join(', ')} (required: ${REQUIRED_COLUMNS[type].join(', ')}); nothing was imported`);
    }
  };
}

function batches(req: ImportRequest, input: Readable, onHeader: (columns: string[]) => void): AsyncGenerator<RawRow[]> {
  if (req.format === 'csv') {
    const check = headerChecker(req.source, req.type);
    return readCsv(req.source, input, (h) => { check(h); onHeader(h.kept); });
  }
  if (req.format === 'ndjson') return readNdjson(input);
  return readJsonArray(req.source, input);
}

/** A JSON number where text is expected (an id written as 1001) is read as that text. */
const NUMERIC_OK = new Set(['hours', 'score']);
function normaliseJsonCells(cells: Record<string, unknown>): CellProblem[] {
  const problems: CellProblem[] = [];
  for (const [k, v] of Object.entries(cells)) {
    if (k === '__shape') continue;
    if (typeof v === 'number' && !NUMERIC_OK.has(k)) cells[k] = String(v);
    else if (v !== null && typeof v === 'object') problems.push({ column: k, value: v, message: 'is not a single value' });
  }
  return problems;
}

type Outcome = 'added' | 'updated' | 'unchanged' | 'duplicate';
/** Hours a row put on (`adds`) or took off (`frees`) a day: a single-day entry's, as written and as it was. */
interface DayHours { day: string; hours: number }
type WriteOutcome = { outcome: Outcome; adds?: DayHours; frees?: DayHours } | { problems: CellProblem[] };
type Writer = (row: any, person: number | undefined, line: number) => WriteOutcome;

const VALUES: Record<RecordTable, (r: any) => unknown[]> = {
  hours: hoursValues, exams: examValues, credentials: credentialValues, positions: positionValues,
  evaluations: evaluationValues, screenings: screeningValues,
};

/** The day and hours of a single-day hours entry (none for a period, or another table's record). */
function dayHours(table: RecordTable, r: Record<string, any>): DayHours | undefined {
  return table === 'hours' && singleDay(r.date, r.end_date) ? { day: r.date, hours: r.hours } : undefined;
}

/**
 * The writer of one table. A row whose natural key was already written by this batch
 * repeats an earlier row of the file: the same values are a duplicate (recorded once),
 * different values contradict it (a row problem). A position period that would share a day
 * with another period of the same position for the same person — on record, or written by an
 * earlier row of the file — is a row problem naming that period (and its line).
 */
function recordWriter(s: Session, table: RecordTable, batchId: number, touched: Set<number>, saveBefore: ReturnType<typeof changeRecorder>): Writer {
  const st = recordStatements(s.db, table);
  const values = VALUES[table];
  // Hours are most of any import: try the insert first, look the row up only on a conflict.
  const tryInsert = table === 'hours'
    ? s.db.prepare(`INSERT INTO hours (${st.cols.join(', ')}, person, batch_id) VALUES (${st.cols.map(() => '?').join(', ')}, ?, ?) ON CONFLICT DO NOTHING`)
    : undefined;
  const overlaps = table === 'positions' ? periodChecker(s) : undefined;
  return (row, person, line) => {
    const v = values(row);
    // An hours row with an entry_id and no end_date keeps a stored entry's end_date: its
    // 24 hours a day limit depends on whether there is one (HoursRow), so it is looked up first.
    const periodUnknown = table === 'hours' && row.entry_id !== undefined && row.end_date === undefined && row.hours > 24;
    const added = (): WriteOutcome => ({ outcome: 'added', adds: dayHours(table, row) });
    if (tryInsert && !periodUnknown && tryInsert.run(...v, person, batchId).changes === 1) return added();
    const existing = st.find(v, person!);
    if (!existing) {
      const limit = periodUnknown ? dayLimitProblem(row) : undefined;
      if (limit) return { problems: [limit] };
      const overlap = overlaps?.added(row, person!);
      if (overlap) return { problems: [overlap] };
      const id = st.insert(v, person!, batchId);
      overlaps?.written(id, line);
      return added();
    }
    if (table === 'hours' && existing.person !== person) {
      return { problems: [{ column: 'entry_id', value: row.entry_id, message: 'is already the id of an entry of another person' }] };
    }
    const id = existing.id as number;
    // Merged: a value the row gives replaces the stored one; an empty cell keeps it.
    const cmp = compareWithStored(st.cols, v, existing);
    if (existing.batch_id === batchId || touched.has(id)) {
      if (cmp.same) return { outcome: 'duplicate' };
      return { problems: [{ column: table === 'hours' && row.entry_id ? 'entry_id' : 'row', value: undefined,
        message: 'has the same key as an earlier row of this file but different values' }] };
    }
    const problems = cmp.same ? [] : mergeProblems(table, cmp, row.person_id);
    const overlap = cmp.same ? undefined : overlaps?.moved(row, person!, existing.end_date as string | null, cmp.values[2] as string | null);
    if (overlap) problems.push(overlap);
    if (problems.length) return { problems };
    touched.add(id);
    overlaps?.written(id, line);
    if (cmp.same) return { outcome: 'unchanged' };
    st.update(cmp.values, id);
    saveBefore(table, id, cmp.before);
    recordAudit(s.db, s.who, { action: 'change', record_type: table, record_key: String(id), person_id: row.person_id, batch_id: batchId, before: cmp.before, after: cmp.after });
    return { outcome: 'updated', adds: dayHours(table, cmp.after), frees: dayHours(table, cmp.before) };
  };
}

/**
 * Position periods of an import checked against the other periods of the same person and
 * position (one indexed lookup per row, as the upsert's): a new period must share no day with
 * them, and a stored period given a later end (or none) no day more. Rows of this file are in
 * the table as soon as written, so a clash within the file is found too, naming its line.
 */
function periodChecker(s: Session) {
  const find = overlapFinder(s.db);
  const lineOf = new Map<number, number>();
  const problem = (row: PositionRow, column: 'start_date' | 'end_date', other: StoredPeriod): CellProblem => {
    const line = lineOf.get(other.id);
    const fix = column === 'start_date' ? 'give that period an end_date' : `give this row an end_date before ${other.start_date}`;
    const where = line === undefined
      ? `on record; ${fix}, or remove it with \`credtrack remove ${row.person_id} position --position ${row.position} --start ${other.start_date}\``
      : `of line ${line} of this file`;
    return { column, value: row[column], message: `overlaps ${row.person_id}'s ${row.position} period ${periodText(other.start_date, other.end_date)} ${where}` };
  };
  return {
    added(row: PositionRow, person: number): CellProblem | undefined {
      const other = find(person, row.position, row.start_date, row.start_date, row.end_date ?? null);
      return other && problem(row, 'start_date', other);
    },
    /** A stored period's end moved from `before` to `after`: only the days it adds can clash. */
    moved(row: PositionRow, person: number, before: string | null, after: string | null): CellProblem | undefined {
      if (before === null || (after !== null && after <= before)) return undefined;
      const other = find(person, row.position, row.start_date, addDays(before, 1), after);
      return other && problem({ ...row, end_date: after ?? undefined }, 'end_date', other);
    },
    written(id: number, line: number): void { lineOf.set(id, line); },
  };
}

/** People rows create a person or set the fields they give. */
function peopleWriter(s: Session, batchId: number, ids: Map<string, number>, touched: Set<number>, saveBefore: ReturnType<typeof changeRecorder>): Writer {
  const get = s.db.prepare(`SELECT id, batch_id, ${PERSON_FIELDS.join(', ')} FROM people WHERE id = ?`);
  const toDb = (v: unknown) => (typeof v === 'boolean' ? (v ? 1 : 0) : v ?? null);
  return (row: PersonRow) => {
    const given = PERSON_FIELDS.filter((f) => row[f] !== undefined);
    const values = given.map((f) => toDb(row[f]));
    const rowid = ids.get(row.person_id);
    if (rowid === undefined) {
      const sql = `INSERT INTO people (person_id, batch_id${given.map((c) => `, ${c}`).join('')}) VALUES (?, ?${given.map(() => ', ?').join('')})`;
      const id = Number(s.db.prepare(sql).run(row.person_id, batchId, ...values).lastInsertRowid);
      ids.set(row.person_id, id);
      recordAudit(s.db, s.who, { action: 'add', record_type: 'people', record_key: row.person_id, person_id: row.person_id, batch_id: batchId, after: image(given, values) });
      return { outcome: 'added' };
    }
    const current = get.get(rowid) as Record<string, unknown>;
    const changed = given.filter((f, i) => (current[f] ?? null) !== values[i]);
    const repeat = current.batch_id === batchId || touched.has(rowid);
    touched.add(rowid);
    if (!changed.length) return { outcome: repeat ? 'duplicate' : 'unchanged' };
    if (repeat) {
      return { problems: [{ column: changed.join(', '), value: undefined, message: `differs from an earlier row of this file for ${row.person_id}` }] };
    }
    saveBefore('people', rowid, Object.fromEntries(PERSON_FIELDS.map((f) => [f, current[f] ?? null])));
    s.db.prepare(`UPDATE people SET ${changed.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`).run(...changed.map((f) => toDb(row[f])), rowid);
    recordAudit(s.db, s.who, {
      action: 'change', record_type: 'people', record_key: row.person_id, person_id: row.person_id, batch_id: batchId,
      before: Object.fromEntries(changed.map((f) => [f, current[f] ?? null])), after: Object.fromEntries(changed.map((f) => [f, toDb(row[f])])),
    });
    return { outcome: 'updated' };
  };
}

/**
 * One line on the people rows whose supervisor_id is no one on record once the file is in
 * (a supervisor may come later in the file): accepted, as people may come before their
 * supervisors, but their reminders carry no supervisor email. Names the first few.
 */
function supervisorWarning(unknown: { line: number; person: string; supervisor: string }[], req: ImportRequest): string[] {
  if (!unknown.length) return [];
  const shown = unknown.slice(0, 5).map((x) => `${JSON.stringify(x.supervisor)} (${locate(req.source, req.format, x.line)}, for ${x.person})`);
  const more = unknown.length > shown.length ? `, and ${unknown.length - shown.length} more` : '';
  const n = unknown.length;
  return [`${n} row${n === 1 ? '' : 's'} ${req.dryRun ? 'would name' : n === 1 ? 'names' : 'name'} a supervisor_id that is no one on record: ${shown.join(', ')}${more}; `
    + `reminders for ${n === 1 ? 'that person' : 'those people'} carry no supervisor email until the supervisor is imported or the id corrected (\`credtrack doctor\` lists them)`];
}

/** What became of one row: its problems (none when it was written), and the hours it put on or took off its person's days. */
interface Handled { problems: CellProblem[]; outcome?: Outcome; person?: number; adds?: DayHours; frees?: DayHours; row?: Record<string, any> }

/** The record ids rows marked as written, noted since `begin` so a rolled-back write can be taken back. */
class TouchedIds extends Set<number> {
  private noted: number[] = [];
  begin(): void {
    this.noted = [];
  }
  override add(id: number): this {
    if (!this.has(id)) this.noted?.push(id);
    return super.add(id);
  }
  undo(): void {
    for (const id of this.noted) this.delete(id);
    this.noted = [];
  }
}

/**
 * Whether a chunk of rows just written took no day over 24 hours at any point, in file
 * order. A day the rows only added to is over after some row only if it is over at the end:
 * one query finds those. A day a row took hours off (a changed entry) may have been over in
 * between: its rows' steps are replayed from its total before the chunk (its total now, less
 * the steps), one query for all such days.
 */
function chunkFits(out: Handled[], fullDays: ReturnType<typeof fullDaysQuery>, dayTotals: ReturnType<typeof dayTotalsQuery>): boolean {
  const key = (person: number, day: string) => day + person;
  const falling = new Set<string>();
  for (const h of out) if (h.frees) falling.add(key(h.person!, h.frees.day));
  if (falling.size) {
    const steps = new Map<string, { person: number; day: string; steps: number[] }>();
    const step = (person: number, day: string, hours: number) => {
      const k = key(person, day);
      if (!falling.has(k)) return;
      const s = steps.get(k) ?? { person, day, steps: [] };
      s.steps.push(hours);
      steps.set(k, s);
    };
    for (const h of out) {
      // A change on one day is one step: what it adds less what it takes off.
      if (h.frees && h.adds && h.frees.day === h.adds.day) step(h.person!, h.adds.day, h.adds.hours - h.frees.hours);
      else {
        if (h.frees) step(h.person!, h.frees.day, -h.frees.hours);
        if (h.adds) step(h.person!, h.adds.day, h.adds.hours);
      }
    }
    for (const t of dayTotals([...steps.values()])) {
      const d = steps.get(key(t.person, t.day))!;
      let total = d.steps.reduce((a, b) => a - b, t.total);
      for (const x of d.steps) {
        total += x;
        if (x > 1e-9 && overLimit(total)) return false;
      }
    }
  }
  const rising = out.flatMap((h) => (h.adds && !falling.has(key(h.person!, h.adds.day)) ? [{ person: h.person!, day: h.adds.day }] : []));
  return fullDays(rising).length === 0;
}

/**
 * Hours rows in chunks, held to 24 hours a person's day over the entries on record and the
 * file's rows alike (store/day-totals.ts). A chunk is written in a savepoint and checked in
 * one or two queries (chunkFits). Only when a row took a day over (rare) is the chunk written
 * again row by row, each row checked as it lands, so that exactly the rows that take a day
 * over 24 are refused, in file order; a row that adds nothing to a day already over (a
 * correction) is not.
 */
function dayChecker(db: Db, handle: (raw: RawRow) => Handled, touched: TouchedIds): (rows: RawRow[]) => Handled[] {
  const fullDays = fullDaysQuery(db);
  const dayTotals = dayTotalsQuery(db);
  const dayTotal = dayTotalQuery(db);
  const one = (raw: RawRow): Handled => {
    db.exec('SAVEPOINT day_row');
    touched.begin();
    let h = handle(raw);
    if (h.adds) {
      const day = { person: h.person!, day: h.adds.day };
      const after = dayTotal(day);
      if (overLimit(after)) {
        db.exec('ROLLBACK TO day_row');
        touched.undo();
        const before = dayTotal(day);
        if (after > before + 1e-9) {
          const r = h.row!;
          h = { problems: [{ column: 'hours', value: r.hours, message: `would bring ${r.person_id}'s hours on ${day.day} to ${hoursText(after)}, more than ${DAY_LIMIT} a day (the day's other entries, on record or in earlier rows of this file: ${hoursText(after - h.adds.hours)})` }] };
        } else h = handle(raw);
      }
    }
    db.exec('RELEASE day_row');
    return h;
  };
  return (rows) => {
    db.exec('SAVEPOINT day_chunk');
    touched.begin();
    let out = rows.map(handle);
    if (!chunkFits(out, fullDays, dayTotals)) {
      db.exec('ROLLBACK TO day_chunk');
      touched.undo();
      out = rows.map(one);
    }
    db.exec('RELEASE day_chunk');
    return out;
  };
}

export function locate(src: Source, format: FileFormat, line: number): string {
  return format === 'json' ? `${src.name}: item ${line}` : `${src.name}:${line}`;
}

/** Runs the import; throws an InputError listing the problems when it writes nothing because of them. */
export async function importFile(s: Session, req: ImportRequest): Promise<ImportSummary> {
  const limit = req.problemLimit ?? 20;
  const pack = s.rules();
  const db = s.db;
  const tap = new Tap();
  const raw = req.source.open();
  const input = raw.pipe(tap);
  raw.on('error', (err) => input.destroy(err));
  // An error before the reader starts iterating (a signal while the transaction begins) would
  // otherwise be an unhandled 'error' event; the reader's for-await still throws it (input.errored).
  input.on('error', () => undefined);

  const counts = { read: 0, added: 0, updated: 0, unchanged: 0, rejected: 0, duplicates: 0 };
  const problems: string[] = [];
  const notes: string[] = [];
  const rejects = req.skipInvalid && !req.dryRun ? new RejectsWriter(req.rejectsPath!) : undefined;
  const startRejects = (columns: string[]) => rejects?.start(columns, req.format !== 'csv');

  db.exec('BEGIN IMMEDIATE');
  let committed = false;
  try {
    const batchId = createBatch(db, { file: req.source.name, type: req.type, format: req.format, at: s.who.now, actor: s.who.actor });
    const ids = personIdMap(db);
    const touched = new TouchedIds();
    const saveBefore = changeRecorder(db, batchId);
    const write = req.type === 'people' ? peopleWriter(s, batchId, ids, touched, saveBefore) : recordWriter(s, req.type, batchId, touched, saveBefore);

    /** Validates and writes one row; returns its problems (none when it was written). */
    const handle = (raw: RawRow): Handled => {
      const shape = raw.cells.__shape;
      if (typeof shape === 'string') return { problems: [{ column: 'row', value: undefined, message: shape }] };
      const found = req.format === 'csv' ? [] : normaliseJsonCells(raw.cells);
      const parsed = parseRow(req.type, raw.cells);
      // A row with problems of shape is still checked against the pack, today and the people on
      // record on the cells it could read: every problem of the row in one round trip.
      const row = (parsed.ok ? parsed.value : parsed.partial) as Record<string, any>;
      if (!parsed.ok) found.push(...parsed.problems);
      found.push(...contextProblems(req.type, row, pack, s.today).filter((p) => p.column in row));
      if (req.type === 'people' && typeof row.birth_date === 'string' && row.birth_date > s.today) {
        found.push({ column: 'birth_date', value: row.birth_date, message: `is after today (${s.today})` });
      }
      const person = ids.get(row.person_id);
      if (req.type !== 'people' && person === undefined && (parsed.ok || 'person_id' in row)) {
        found.push({ column: 'person_id', value: row.person_id, message: 'is not a known person (import them first with --type people)' });
      }
      if (found.length || !parsed.ok) return { problems: found };
      const result = write(row, person, raw.line);
      if ('problems' in result) return { problems: result.problems };
      return { problems: [], outcome: result.outcome, person, adds: result.adds, frees: result.frees, row };
    };
    const settle = req.type === 'hours' ? dayChecker(db, handle, touched) : (rows: RawRow[]) => rows.map(handle);
    // People rows naming a supervisor not on record when read: those still unknown at the end are warned of.
    const supervisors: { line: number; person: string; supervisor: string }[] = [];

    for await (const batch of batches(req, input, startRejects)) {
      const handled = settle(batch);
      for (let i = 0; i < batch.length; i++) {
        const raw = batch[i]!;
        counts.read++;
        const { problems: found, outcome, row } = handled[i]!;
        if (req.type === 'people' && row?.supervisor_id !== undefined && !ids.has(row.supervisor_id)) {
          supervisors.push({ line: raw.line, person: row.person_id, supervisor: row.supervisor_id });
        }
        if (found.length) {
          counts.rejected++;
          const message = found.map(formatProblem).join('; ');
          if (problems.length < limit) problems.push(`${locate(req.source, req.format, raw.line)}: ${message}`);
          if (rejects) {
            startRejects(COLUMNS[req.type]);
            await rejects.write(raw.cells, raw.raw, raw.line, message);
          }
        } else if (outcome === 'duplicate') {
          counts.duplicates++;
          if (notes.length < limit) notes.push(`${locate(req.source, req.format, raw.line)}: repeats an earlier row of this file; recorded once`);
        } else counts[outcome!]++;
      }
      req.onProgress?.(tap.bytes);
    }
    req.onProgress?.(tap.bytes);
    const sha256 = tap.hash.digest('hex');

    if (counts.rejected && !req.skipInvalid) {
      const more = counts.rejected - problems.length;
      throw new InputError(
        `${req.source.name}: ${counts.rejected} of ${counts.read} row${counts.read === 1 ? '' : 's'} ${counts.rejected === 1 ? 'has a problem' : 'have problems'}; nothing was imported`,
        `fix ${counts.rejected === 1 ? 'it' : 'them'} and import again, or use --skip-invalid to import the valid rows and write the rejected ones to a rejects file`,
        more > 0 ? [...problems, `... and ${more} more`] : problems,
      );
    }
    const summaryCounts: BatchCounts = { read: counts.read, added: counts.added, updated: counts.updated, unchanged: counts.unchanged + counts.duplicates, rejected: counts.rejected };
    finishBatch(db, batchId, sha256, summaryCounts);
    const sameFile = sameFileBatches(db, sha256, req.type, batchId);
    const earlier = sameFile.map((b) => batchName(b.id));
    // A re-run of a file replaces what was changed since its last import, like any import
    // does (docs/decisions.md): the summary says so, rather than implying nothing changed.
    const setBack = sameFile.length && counts.updated
      ? setBackSince(db, batchId, sameFile[sameFile.length - 1]!.id, req.type)
      : { rows: 0, by: [] };
    recordAudit(db, s.who, {
      action: 'add', record_type: 'import_batch', record_key: batchName(batchId), batch_id: batchId,
      after: { file: req.source.name, type: req.type, sha256, ...summaryCounts, duplicates: counts.duplicates },
    });
    // A file with no rows (a header only, `[]`: a quiet day's export) imports nothing and leaves no empty batch behind.
    const empty = counts.read === 0;
    const summary: ImportSummary = {
      batch: req.dryRun || empty ? null : batchName(batchId), file: req.source.name, type: req.type, ...summaryCounts,
      duplicates: counts.duplicates, dry_run: req.dryRun, sha256, rejects_file: rejects && !empty ? req.rejectsPath! : null,
      same_file_as: earlier, set_back: setBack.rows,
      set_back_by: setBack.by.map((b) => (b.batch_id === null ? b.command : batchName(b.batch_id))).filter((v, i, all) => all.indexOf(v) === i),
      notes, problems, warnings: supervisorWarning(supervisors.filter((x) => !ids.has(x.supervisor)), req),
    };
    if (req.dryRun || empty) {
      db.exec('ROLLBACK');
      await rejects?.discard();
    } else {
      if (rejects) {
        startRejects(COLUMNS[req.type]);
        await rejects.close();
      }
      db.exec('COMMIT');
    }
    committed = true;
    return summary;
  } finally {
    if (!committed) {
      if (db.inTransaction) db.exec('ROLLBACK');
      await rejects?.discard();
    }
    input.destroy();
    raw.destroy();
  }
}

/** The default rejects file: FILE.rejects.csv next to the file. */
export function defaultRejectsPath(file: string): string {
  return `${file}.rejects.csv`;
}

export function fileSource(path: string): Source {
  let size: number;
  try {
    const st = fs.statSync(path);
    if (st.isDirectory()) throw new InputError(`${path} is a folder, not a file`);
    size = st.size;
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  return { name: path, open: () => fs.createReadStream(path), size };
}
