// `credtrack remove PERSON KIND [options]`: takes out exactly one record entered by mistake,
// found by what the user knows of it (the options it was recorded with). No match or several
// matches remove nothing and list the person's records; the removal, with what depends on
// the record, is one transaction and one audit entry holding the record as it was.
import type { z } from 'zod';
import { InputError } from '../errors.js';
import { Code, IsoDate } from '../schemas/common.js';
import { coerceRow, describeIssues, ENUM_READERS, formatProblem, type ImportType, ROW_SCHEMAS } from '../schemas/rows.js';
import { recordAudit } from '../store/audit.js';
import { batchName } from '../store/batches.js';
import { type Db, writeTx } from '../store/db.js';
import { requirePerson } from '../store/people.js';
import {
  batchesThatWrote, countMatching, type Criteria, DATE_COLUMN, deleteRecord, dependantRows, matchingRecords, nearestRecords,
  otherReferences, type RemovableTable, type StoredRecord,
} from '../store/removal.js';
import type { Session } from './session.js';

/** The kinds `remove` takes, as the user writes them, and the table each is stored in. */
export const KINDS: Record<string, RemovableTable> = {
  hours: 'hours', position: 'positions', exam: 'exams', credential: 'credentials', evaluation: 'evaluations',
  screening: 'screenings', approval: 'approvals',
};
const KIND_OF: Record<RemovableTable, string> = Object.fromEntries(Object.entries(KINDS).map(([k, t]) => [t, k])) as Record<RemovableTable, string>;

/** A record's name in messages, one and several. */
export const RECORD_NAMES: Record<RemovableTable, [string, string]> = {
  hours: ['hours entry', 'hours entries'], positions: ['position', 'positions'], exams: ['exam', 'exams'],
  credentials: ['credential', 'credentials'], evaluations: ['evaluation', 'evaluations'], screenings: ['screening', 'screenings'],
  approvals: ['approval', 'approvals'],
};

/** "hours", "Positions", "exam" ... → the table; an unknown kind is an input error listing the kinds. */
export function parseKind(kind: string, person?: string): RemovableTable {
  const k = kind.trim().toLowerCase();
  const table = KINDS[k] ?? KINDS[k.replace(/s$/, '')] ?? (k === 'hour' ? 'hours' : undefined);
  if (table) return table;
  const swapped = person !== undefined && parseKindOrUndefined(person) !== undefined;
  throw new InputError(`kind: ${JSON.stringify(kind)} is not one of ${Object.keys(KINDS).join(', ')}`,
    swapped ? `write the person first: credtrack remove ${kind} ${person.trim().toLowerCase()} ...` : 'e.g. credtrack remove P001 hours --date 2026-11-24 --hours 18');
}
function parseKindOrUndefined(kind: string): RemovableTable | undefined {
  try {
    return parseKind(kind);
  } catch {
    return undefined;
  }
}

/**
 * The columns that can be given to find a record, per table, in the order a selector uses
 * them (the first `minimum` always, then more until one record matches). `id` is every table's.
 */
export const FINDABLE: Record<RemovableTable, { columns: string[]; minimum: number }> = {
  hours: { columns: ['date', 'hours', 'category', 'end_date', 'domain', 'entry_id'], minimum: 2 },
  positions: { columns: ['position', 'start_date', 'end_date', 'field'], minimum: 2 },
  exams: { columns: ['exam', 'date', 'result'], minimum: 2 },
  credentials: { columns: ['code', 'issued_on', 'number'], minimum: 2 },
  evaluations: { columns: ['date', 'evaluator', 'rating'], minimum: 1 },
  screenings: { columns: ['type', 'date', 'result'], minimum: 2 },
  approvals: { columns: ['progression', 'date'], minimum: 1 },
};

/** The import row field that validates a column (the code of a credential is its `credential`). */
const FIELD: Record<string, string> = { code: 'credential' };
const APPROVAL_FIELDS: Record<string, z.ZodType> = { progression: Code, date: IsoDate };

/**
 * Validates the values given to find a record with the validators of the recording commands
 * (calendar dates, numbers, categories and results in any case); problems name the option.
 */
export function parseCriteria(table: RemovableTable, raw: Record<string, unknown>, optionName: (column: string) => string): Criteria {
  const problems: string[] = [];
  const criteria: Criteria = {};
  const given = Object.entries(raw).filter(([, v]) => v !== undefined);
  if (raw.id !== undefined) {
    const id = String(raw.id).trim();
    if (/^\d{1,15}$/.test(id) && Number(id) > 0) criteria.id = Number(id);
    else problems.push(formatProblem({ column: optionName('id'), value: raw.id, message: "is not a record's number (as the lists of `remove` and `audit` show it)" }));
  }
  const fieldOf = (col: string) => FIELD[col] ?? col;
  const cells = Object.fromEntries(given.filter(([c]) => c !== 'id').map(([c, v]) => [fieldOf(c), v]));
  const type = table === 'approvals' ? undefined : (table as ImportType);
  const { row, problems: unread } = coerceRow(cells, type && ENUM_READERS[type]);
  for (const p of unread) problems.push(formatProblem({ ...p, column: optionName(columnOf(p.column)) }));
  const shape = type ? (ROW_SCHEMAS[type] as unknown as { shape: Record<string, z.ZodType> }).shape : APPROVAL_FIELDS;
  for (const [col] of given) {
    if (col === 'id') continue;
    const field = fieldOf(col);
    if (!(field in row) || unread.some((p) => p.column === field)) continue;
    const parsed = shape[field]!.safeParse(row[field]);
    if (parsed.success) criteria[col] = parsed.data as string | number;
    else for (const p of describeIssues(parsed.error.issues.map((i) => ({ ...i, path: [field] })), row)) problems.push(formatProblem({ ...p, column: optionName(col) }));
  }
  if (problems.length) throw new InputError(problems.length === 1 ? problems[0]! : `${problems.length} problems`, undefined, problems.length === 1 ? [] : problems);
  return criteria;
  function columnOf(field: string) {
    return Object.entries(FIELD).find(([, f]) => f === field)?.[0] ?? field;
  }
}

const hoursText = (n: unknown) => String(n);
const yes = (v: unknown) => v === 1;

/** A record in a line: its date and what identifies it first, then what else it holds. */
export function describeRecord(table: RemovableTable, r: StoredRecord, extra: { renewals?: number } = {}): string {
  const v = r.values;
  const parts: string[] = [];
  const add = (cond: unknown, text: string) => { if (cond !== null && cond !== undefined && cond !== false) parts.push(text); };
  let head: string;
  switch (table) {
    case 'hours':
      head = `${v.date}${v.end_date ? ` to ${v.end_date}` : ''} ${v.category} ${hoursText(v.hours)} h`;
      add(v.domain, String(v.domain));
      add(yes(v.supervised), 'supervised');
      add(v.paid !== null, v.paid === 1 ? 'paid' : 'volunteer');
      add(v.topic, `topic "${v.topic}"`);
      add(v.provider, `provider ${v.provider}`);
      add(v.entry_id, `entry ${v.entry_id}`);
      break;
    case 'positions':
      head = `${v.position} from ${v.start_date}${v.end_date ? ` to ${v.end_date}` : ' (open)'}`;
      add(v.field, String(v.field));
      add(yes(v.supervised), 'supervised');
      break;
    case 'exams':
      head = `${v.exam} on ${v.date}: ${v.result}`;
      add(v.score, `score ${v.score}`);
      break;
    case 'credentials':
      head = `${v.code} issued ${v.issued_on}`;
      add(v.number, `number ${v.number}`);
      parts.push(v.status_on ? `${v.status} since ${v.status_on}` : String(v.status));
      add(v.expires_on, `valid through ${v.expires_on}`);
      add(extra.renewals || null, `${extra.renewals} renewal${extra.renewals === 1 ? '' : 's'}`);
      break;
    case 'evaluations':
      head = `${v.date} ${v.rating}`;
      add(v.evaluator, `by ${v.evaluator}`);
      break;
    case 'screenings':
      head = `${v.type} on ${v.date}: ${v.result}`;
      add(v.expires_on, `valid through ${v.expires_on}`);
      break;
    case 'approvals':
      head = `${v.progression} on ${v.date} by ${v.approved_by}`;
      break;
  }
  add(r.batch_id, `from import ${batchName(r.batch_id!)}`);
  return parts.length ? `${head}, ${parts.join(', ')}` : head;
}

/** An option as the shell needs it written. */
const shellWord = (v: unknown) => (/^[A-Za-z0-9_.:/@+-]+$/.test(String(v)) ? String(v) : `"${String(v).replace(/(["\\$`])/g, '\\$1')}"`);

/** The option of each column, as `remove` takes them. */
export const OPTION_OF: Record<RemovableTable, Record<string, string>> = {
  hours: { date: '--date', end_date: '--end-date', category: '--category', hours: '--hours', domain: '--domain', entry_id: '--entry-id' },
  positions: { position: '--position', start_date: '--start', end_date: '--end', field: '--field' },
  exams: { exam: '--exam', date: '--date', result: '--result' },
  credentials: { code: '--credential', issued_on: '--issued', number: '--number' },
  evaluations: { date: '--date', rating: '--rating', evaluator: '--evaluator' },
  screenings: { type: '--type', date: '--date', result: '--result' },
  approvals: { progression: '--progression', date: '--date' },
};

/**
 * The `credtrack remove` command line that picks exactly this record: its entry id when it
 * has one, else the fewest of its findable values (its key, in the order of FINDABLE) that
 * match it alone, else its number (`--id`).
 */
export function selectorFor(db: Db, table: RemovableTable, personId: string, person: number, r: StoredRecord): string {
  const prefix = `credtrack remove ${shellWord(personId)} ${KIND_OF[table]}`;
  const opt = (c: string, v: unknown) => `${OPTION_OF[table][c]} ${shellWord(v)}`;
  if (table === 'hours' && r.values.entry_id !== null) return `${prefix} ${opt('entry_id', r.values.entry_id)}`;
  const { columns, minimum } = FINDABLE[table];
  const criteria: Criteria = {};
  const used: string[] = [];
  for (const c of columns) {
    const v = r.values[c];
    if (v === null || v === undefined) continue;
    criteria[c] = v as string | number;
    used.push(c);
    if (used.length >= minimum && countMatching(db, table, person, criteria) === 1) return `${prefix} ${used.map((u) => opt(u, r.values[u])).join(' ')}`;
  }
  return `${prefix} --id ${r.id}`;
}

const LISTED = 10;

/** The person's records of a kind as detail lines: what each is, and the command that removes it. */
function listing(s: Session, table: RemovableTable, personId: string, person: number, records: StoredRecord[], total: number): string[] {
  const lines = records.map((r) => `#${r.id} ${describeRecord(table, r, { renewals: table === 'credentials' ? dependantRows(s.db, table, r.id).length : undefined })}`
    + `  →  ${selectorFor(s.db, table, personId, person, r)}`);
  if (total > records.length) lines.push(`... and ${total - records.length} more`);
  return lines;
}

/** The options that tell the matching records apart, best first (one that tells all apart). */
function narrowingOptions(table: RemovableTable, matches: StoredRecord[], criteria: Criteria): string[] {
  const scored = [...FINDABLE[table].columns].filter((c) => criteria[c] === undefined).map((c) => {
    const values = matches.map((m) => m.values[c]).filter((v) => v !== null);
    return { c, distinct: new Set(values).size, all: values.length === matches.length };
  }).filter((x) => x.distinct > 1);
  scored.sort((a, b) => Number(b.all && b.distinct === matches.length) - Number(a.all && a.distinct === matches.length) || b.distinct - a.distinct);
  return scored.map((x) => x.c);
}

export interface RemoveRequest {
  person: string;
  table: RemovableTable;
  criteria: Criteria;
  dryRun: boolean;
}

export interface RemoveResult {
  person: string;
  kind: string;
  id: number;
  /** The record in a line, as the messages show it. */
  record: string;
  /** Rows that went with it (a credential's renewals). */
  dependants: number;
  /** Import batches that wrote it (an undo of them leaves it removed). */
  imports: string[];
  dry_run: boolean;
}

/** Finds the one record of `req` and removes it (unless a dry run); anything else is an input error that changes nothing. */
export function removeRecord(s: Session, req: RemoveRequest): RemoveResult {
  const { table, criteria } = req;
  const [one, many] = RECORD_NAMES[table];
  const optionName = (c: string) => (c === 'id' ? '--id' : OPTION_OF[table][c]!);
  const asked = Object.entries(criteria).map(([c, v]) => `${optionName(c)} ${shellWord(v)}`).join(' ');
  const run = () => {
    const person = requirePerson(s.db, req.person);
    const total = countMatching(s.db, table, person.rowid);
    if (total === 0) throw new InputError(`${req.person} has no ${many} on record; nothing was removed`, `\`credtrack people show ${req.person}\` shows their records`);
    const dateGiven = criteria[DATE_COLUMN[table]];
    if (!Object.keys(criteria).length) {
      throw new InputError(`say which of ${req.person}'s ${many} to remove; nothing was removed`,
        `give the options it was recorded with (${Object.values(OPTION_OF[table]).join(', ')}), or run one of the commands listed`,
        listing(s, table, req.person, person.rowid, nearestRecords(s.db, table, person.rowid, undefined, LISTED), total));
    }
    const matches = matchingRecords(s.db, table, person.rowid, criteria, LISTED + 1);
    if (matches.length === 0) {
      throw new InputError(`no ${one} of ${req.person} matches ${asked}; nothing was removed`,
        `${req.person}'s ${many} ${dateGiven === undefined ? 'are listed latest first' : `nearest ${dateGiven} are listed`}; run the command shown for the one to remove`,
        listing(s, table, req.person, person.rowid, nearestRecords(s.db, table, person.rowid, typeof dateGiven === 'string' ? dateGiven : undefined, LISTED), total));
    }
    if (matches.length > 1) {
      const n = countMatching(s.db, table, person.rowid, criteria);
      const narrow = narrowingOptions(table, matches.slice(0, LISTED), criteria).map(optionName);
      throw new InputError(`${n} ${many} of ${req.person} match ${asked}; nothing was removed (remove takes one record at a time)`,
        `${narrow.length ? `add ${narrow.slice(0, 2).join(' or ')} to pick one, ` : ''}or run the command shown for the one to remove`,
        listing(s, table, req.person, person.rowid, matches.slice(0, LISTED), n));
    }
    const r = matches[0]!;
    const held = otherReferences(s.db, table, r.id);
    if (held.length) {
      throw new InputError(`${req.person}'s ${one} #${r.id} cannot be removed: ${held.map((h) => `${h.rows} row${h.rows === 1 ? '' : 's'} of ${h.table}`).join(', ')} still refer to it; nothing was removed`,
        'remove what refers to it first, or restore a backup');
    }
    const renewals = dependantRows(s.db, table, r.id);
    const imports = table === 'approvals' ? [] : batchesThatWrote(s.db, table, r).map(batchName);
    const result: RemoveResult = {
      person: req.person, kind: KIND_OF[table], id: r.id, record: describeRecord(table, r),
      dependants: renewals.length, imports, dry_run: req.dryRun,
    };
    if (req.dryRun) return result;
    deleteRecord(s.db, table, r.id);
    const renewalImages = renewals.map(({ renewed_on, cycle_start, expires_on, previous_cycle_start, previous_expires_on }) =>
      ({ renewed_on, cycle_start, expires_on, previous_cycle_start, previous_expires_on }));
    recordAudit(s.db, s.who, {
      action: 'remove', record_type: table, record_key: String(r.id), person_id: req.person,
      before: { ...r.values, ...(renewalImages.length ? { renewals: renewalImages } : {}), ...(imports.length ? { imports } : {}) },
    });
    return result;
  };
  return req.dryRun ? run() : writeTx(s.db, run);
}
