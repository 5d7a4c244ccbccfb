// Recording one record at a time (log, exam, position, evaluation, screening, approve):
// the same row schemas as imports, the same natural keys, one transaction, one audit entry.
import { InputError } from '../errors.js';
import { DATE_EXPECTED, DATE_HINT } from '../schemas/common.js';
import {
  type CellProblem, dayLimitProblem, describeIssues, formatProblem, HoursEntry, type ImportType, parseRow, type PositionRow, type ROW_SCHEMAS,
} from '../schemas/rows.js';
import type { z } from 'zod';
import { recordAudit } from '../store/audit.js';
import { DAY_LIMIT, dayTotalQuery, entriesOnDay, hoursText, overLimit, singleDay } from '../store/day-totals.js';
import { writeTx } from '../store/db.js';
import { requirePerson } from '../store/people.js';
import {
  type Comparison, credentialValues, evaluationValues, examValues, hoursValues, type Outcome, overlapFinder, periodText, positionValues,
  type RecordTable, recordStatements, screeningValues, upsertRecord, type WriteResult,
} from '../store/records.js';
import { addDays } from '../engine/dates.js';
import type { PackIndex } from '../engine/pack-index.js';
import type { Session } from './session.js';

type RowOf<T extends ImportType> = z.infer<(typeof ROW_SCHEMAS)[T]>;

/** Validates option values as a row of `type`; problems name the options. */
export function validateRow<T extends ImportType>(type: T, raw: Record<string, unknown>, optionName: (column: string) => string): RowOf<T> {
  const parsed = parseRow(type, raw);
  if (parsed.ok) return parsed.value;
  // Cross-field messages name the other column ("is before start_date"): name its option instead.
  const lines = parsed.problems.map((p) => formatProblem({ ...p, column: optionName(p.column),
    message: p.message.replace(/^is before (\w+)$/, (_, col: string) => `is before ${optionName(col)}`) }));
  // A refused date gets the hint every date option gives (cli/context.ts parseDateOption).
  const hint = parsed.problems.some((p) => p.message === DATE_EXPECTED) ? DATE_HINT : undefined;
  throw new InputError(lines.length === 1 ? lines[0]! : `${lines.length} problems`, hint, lines.length === 1 ? [] : lines);
}

/** Problems with a row that depend on the database, pack or today (not on the row alone). */
export function contextProblems(type: ImportType, row: Record<string, any>, pack: PackIndex, today: string): { column: string; value: unknown; message: string }[] {
  const out: { column: string; value: unknown; message: string }[] = [];
  for (const col of ['date', 'end_date', 'issued_on', 'start_date', 'end_date']) {
    if (type === 'credentials' && col !== 'issued_on') continue;
    if (type === 'positions' && col === 'end_date') continue; // a planned end may be in the future
    const v = row[col];
    if (typeof v === 'string' && v > today && !out.some((p) => p.column === col)) out.push({ column: col, value: v, message: `is after today (${today})` });
  }
  if (type === 'exams' && !pack.examCodes.has(row.exam)) {
    out.push({ column: 'exam', value: row.exam, message: `is not an exam of the rule pack (known: ${[...pack.examCodes].join(', ') || 'none'})` });
  }
  if (type === 'credentials' && !pack.isCredential(row.credential)) {
    out.push({ column: 'credential', value: row.credential, message: `is not a credential of the rule pack (known: ${pack.codes('credential').join(', ')})` });
  }
  if (type === 'people' && row.supervisor_id !== undefined && row.supervisor_id === row.person_id) {
    out.push({ column: 'supervisor_id', value: row.supervisor_id, message: 'is the person themselves: no one supervises themselves' });
  }
  return out;
}

const VALUES = {
  hours: hoursValues, exams: examValues, credentials: credentialValues, positions: positionValues,
  evaluations: evaluationValues, screenings: screeningValues,
} as const;

const RECORD_NAME: Record<RecordTable, string> = {
  hours: 'hours entry', exams: 'exam', credentials: 'credential', positions: 'position', evaluations: 'evaluation', screenings: 'screening',
};

/** The kept columns a problem of the merged row can come from (hours' cross-column rules). */
const KEPT_CAUSE: Record<string, string[]> = { end_date: ['end_date'], hours: ['end_date'], domain: ['domain'] };

/**
 * Problems of a record as it will be written: new, or merged with its stored row. A value
 * not given is kept from the stored row, and must still fit the values given: only an
 * hours entry keyed by its entry_id can break a rule so (moved past its stored end date,
 * recategorised as work with a stored domain, or more hours than 24 a day over the period
 * it keeps). Problems of a kept value name it and how to replace it; the 24 hours a day
 * limit then names the period the entry would cover.
 */
export function mergeProblems(table: RecordTable, cmp: Comparison, personId: string, name: (column: string) => string = (c) => c): CellProblem[] {
  if (table !== 'hours') return [];
  const merged: Record<string, unknown> = { person_id: personId };
  for (const [col, v] of Object.entries(cmp.after)) {
    if (v !== null) merged[col] = col === 'supervised' || col === 'paid' ? v === 1 : v;
  }
  const parsed = HoursEntry.safeParse(merged);
  const problems = parsed.success ? [] : describeIssues(parsed.error.issues, merged);
  if (!problems.some((p) => p.column === 'end_date' || p.column === 'date' || p.column === 'hours')) {
    const limit = dayLimitProblem(merged as { hours: number; date: string; end_date?: string }, cmp.kept.includes('end_date'));
    if (limit) problems.push(limit);
  }
  return problems.map((p) => {
    const kept = cmp.kept.filter((c) => (KEPT_CAUSE[p.column] ?? ['end_date', 'domain']).includes(c));
    if (!kept.length) return p;
    const stored = kept.map((c) => `${name(c)} ${JSON.stringify(cmp.after[c])}`).join(' and ');
    return { ...p, message: `${p.message}; the stored ${stored} ${kept.length > 1 ? 'are' : 'is'} kept when not given — give ${kept.map(name).join(' and ')}` };
  });
}

/**
 * Refuses an hours entry just written (in the caller's transaction) that takes its person's
 * day over 24 hours with the single-day entries on record (store/day-totals.ts). A change that
 * adds nothing to a day already over (a correction downwards) is let through.
 */
function checkDay(s: Session, person: number, personId: string, res: WriteResult, optionName: (c: string) => string): void {
  const date = res.after.date as string;
  if (!singleDay(date, res.after.end_date as string | null)) return;
  const day = { person, day: date };
  const after = dayTotalQuery(s.db)(day);
  if (!overLimit(after)) return;
  const hours = res.after.hours as number;
  const old = res.before && singleDay(res.before.date as string, res.before.end_date as string | null) && res.before.date === date ? res.before.hours as number : 0;
  if (hours <= old + 1e-9) return; // the change adds nothing to the day
  const others = entriesOnDay(s.db, day).filter((e) => e.id !== res.id);
  const held = after - hours;
  throw new InputError(
    `${optionName('hours')}: ${hoursText(hours)} would bring ${personId}'s hours on ${date} to ${hoursText(after)}, more than ${DAY_LIMIT} a day: ${hoursText(held)} ${held === 1 ? 'is' : 'are'} already on record that day, in ${others.length} entr${others.length === 1 ? 'y' : 'ies'}:`,
    `check ${optionName('date')} and ${optionName('hours')}; an entry recorded with an ${optionName('entry_id')} is corrected by logging it again with the same ${optionName('entry_id')}`,
    others.map((e) => `${e.category} ${hoursText(e.hours)}${e.entry_id === null ? '' : ` (${optionName('entry_id')} ${e.entry_id})`}`),
  );
}

/**
 * Refuses a position period that shares a day with another period of the same position for
 * the same person (QA3 H2: a "corrected" start added a second open period, and progressions
 * counted from the wrong one). The same start again is that period: re-run unchanged, or to
 * add or move its --end — refused only when a later end reaches into another period.
 */
function refuseOverlappingPeriod(s: Session, person: number, row: PositionRow, optionName: (c: string) => string): void {
  const same = s.db.prepare('SELECT end_date FROM positions WHERE person = ? AND position = ? AND start_date = ?')
    .get(person, row.position, row.start_date) as { end_date: string | null } | undefined;
  const end = row.end_date ?? same?.end_date ?? null;
  const who = row.person_id, code = row.position;
  const remove = (start: string) => `\`credtrack remove ${who} position --position ${code} --start ${start}\``;
  if (same) {
    // Only the days a later end adds can meet another period (closing an open one never does).
    if (same.end_date === null || (end !== null && end <= same.end_date)) return;
    const other = overlapFinder(s.db)(person, code, row.start_date, addDays(same.end_date, 1), end);
    if (!other) return;
    throw new InputError(`${optionName('end_date')}: ${code} ${periodText(row.start_date, end)} would overlap ${who}'s ${code} period ${periodText(other.start_date, other.end_date)}`,
      `give an ${optionName('end_date')} before ${other.start_date}, or remove the wrong period first with ${remove(other.start_date)}`);
  }
  const other = overlapFinder(s.db)(person, code, row.start_date, row.start_date, end);
  if (!other) return;
  throw new InputError(`${optionName('start_date')}: a second ${code} period ${periodText(row.start_date, end)} is not added: it overlaps ${who}'s ${code} period ${periodText(other.start_date, other.end_date)}`,
    `to close that period, re-run with its start and --end: \`credtrack position ${who} --position ${code} --start ${other.start_date} --end DATE\`; `
    + `to correct its start date, remove the wrong period first with ${remove(other.start_date)}`);
}

/**
 * Records one row of `table` for its person; returns what happened. `guard`, given the
 * person's row id, may refuse the record (throw) inside the transaction, before anything is
 * written: a second record that would clash with one already on file.
 */
export function recordOne<T extends RecordTable>(s: Session, table: T, row: RowOf<T>, optionName: (c: string) => string,
  guard?: (person: number) => void): { outcome: Outcome; message: string } {
  const problems = contextProblems(table, row, s.rules(), s.today);
  if (problems.length) {
    const lines = problems.map((p) => formatProblem({ ...p, column: optionName(p.column) }));
    throw new InputError(lines.join('; '));
  }
  return writeTx(s.db, () => {
    const person = requirePerson(s.db, row.person_id);
    guard?.(person.rowid);
    if (table === 'positions') refuseOverlappingPeriod(s, person.rowid, row as PositionRow, optionName);
    const st = recordStatements(s.db, table);
    const values = (VALUES[table] as (r: RowOf<T>) => unknown[])(row);
    const res = upsertRecord(st, values, person.rowid, null, (cmp) => {
      const lines = mergeProblems(table, cmp, row.person_id, optionName).map((p) => formatProblem({ ...p, column: optionName(p.column),
        message: p.message.replace(/^is before (\w+)/, (_, col: string) => `is before ${optionName(col)}`) }));
      if (lines.length) throw new InputError(lines.join('; '));
    });
    if (table === 'hours' && res.outcome !== 'unchanged') checkDay(s, person.rowid, row.person_id, res, optionName);
    if (res.outcome !== 'unchanged') {
      recordAudit(s.db, s.who, {
        action: res.outcome === 'added' ? 'add' : 'change', record_type: table, record_key: String(res.id),
        person_id: row.person_id, before: res.outcome === 'updated' ? res.before : undefined, after: res.after,
      });
    }
    const what = RECORD_NAME[table];
    const message = res.outcome === 'added' ? `recorded ${what} for ${row.person_id}`
      : res.outcome === 'updated' ? `updated ${what} for ${row.person_id}` : `${what} for ${row.person_id} was already recorded; nothing changed`;
    return { outcome: res.outcome, message };
  });
}

export function recordApproval(s: Session, personId: string, progression: string, date: string, by: string): string {
  const pack = s.rules();
  if (!pack.progressions.some((p) => p.id === progression)) {
    throw new InputError(`--progression: ${JSON.stringify(progression)} is not a progression of the rule pack`, `known: ${pack.progressions.map((p) => p.id).join(', ')}`);
  }
  if (date > s.today) throw new InputError(`--date: "${date}" is after today (${s.today})`);
  return writeTx(s.db, () => {
    const person = requirePerson(s.db, personId);
    const existing = s.db.prepare('SELECT id, date, approved_by FROM approvals WHERE person = ? AND progression = ?').get(person.rowid, progression) as { id: number; date: string; approved_by: string } | undefined;
    if (existing) {
      if (existing.date === date && existing.approved_by === by) return `approval of ${progression} for ${personId} was already recorded; nothing changed`;
      s.db.prepare('UPDATE approvals SET date = ?, approved_by = ? WHERE id = ?').run(date, by, existing.id);
      recordAudit(s.db, s.who, { action: 'change', record_type: 'approvals', record_key: String(existing.id), person_id: personId,
        before: { progression, date: existing.date, approved_by: existing.approved_by }, after: { progression, date, approved_by: by } });
      return `updated approval of ${progression} for ${personId}`;
    }
    const id = s.db.prepare('INSERT INTO approvals (person, progression, date, approved_by) VALUES (?, ?, ?, ?)').run(person.rowid, progression, date, by).lastInsertRowid;
    recordAudit(s.db, s.who, { action: 'add', record_type: 'approvals', record_key: String(id), person_id: personId, after: { progression, date, approved_by: by } });
    return `recorded approval of ${progression} for ${personId}`;
  });
}
