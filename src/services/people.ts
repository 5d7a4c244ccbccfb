// People: add, edit (audited, before and after), and a person's whole record.
import { InputError } from '../errors.js';
import type { PersonRow } from '../schemas/rows.js';
import { recordAudit } from '../store/audit.js';
import { writeTx } from '../store/db.js';
import { findPerson, insertPerson, listPeople, type PeopleFilter, PERSON_FIELDS, type PersonRecord, type PersonValues, requirePerson, updatePerson } from '../store/people.js';
import { checkFilters } from './progressions.js';
import { validateRow } from './records.js';
import type { Session } from './session.js';

export type PersonPatch = Partial<Record<(typeof PERSON_FIELDS)[number], string | undefined>>;

const OPTION: Record<string, string> = { supervisor_id: '--supervisor', person_id: 'person' };
const optionName = (c: string) => OPTION[c] ?? `--${c.replace(/_/g, '-')}`;

function validPatch(s: Session, personId: string, patch: PersonPatch): PersonRow {
  const row = validateRow('people', { person_id: personId, ...patch }, optionName);
  // A hire date may lie ahead (an accepted offer); a birth date may not.
  if (row.birth_date !== undefined && row.birth_date > s.today) throw new InputError(`--birth-date: "${row.birth_date}" is after today (${s.today})`);
  if (row.supervisor_id !== undefined && row.supervisor_id === personId) throw new InputError(`--supervisor: "${personId}" is the person themselves: no one supervises themselves`);
  return row;
}

function values(row: PersonRow): PersonValues {
  const out: PersonValues = {};
  for (const f of PERSON_FIELDS) if (row[f] !== undefined) out[f] = row[f]!;
  return out;
}

function snapshot(p: PersonRecord): Record<string, unknown> {
  const { rowid: _rowid, ...rest } = p;
  return rest;
}

/** What `people add` or `edit` did, and what it accepted that looks wrong (for stderr). */
export interface PersonChange { message: string; warnings: string[] }

/**
 * A supervisor id that is no one on record is accepted (people may be added before their
 * supervisors) with a warning: reminders carry no supervisor email for the person until the
 * supervisor is added or the id corrected. `doctor` reports any left.
 */
function supervisorWarnings(s: Session, personId: string, row: PersonRow): string[] {
  const sup = row.supervisor_id;
  if (sup === undefined || findPerson(s.db, sup)) return [];
  return [`supervisor ${JSON.stringify(sup)} of ${personId} is no one on record; reminders for ${personId} carry no supervisor email until \`credtrack people add ${sup}\` (or \`credtrack people edit ${personId} --supervisor ID\` to correct it)`];
}

export function addPerson(s: Session, personId: string, patch: PersonPatch): PersonChange {
  const row = validPatch(s, personId, patch);
  return writeTx(s.db, () => {
    if (findPerson(s.db, personId)) throw new InputError(`person ${personId} already exists`, 'change fields with `credtrack people edit`');
    insertPerson(s.db, personId, values(row));
    recordAudit(s.db, s.who, { action: 'add', record_type: 'people', record_key: personId, person_id: personId, after: snapshot(findPerson(s.db, personId)!) });
    return { message: `added ${personId}`, warnings: supervisorWarnings(s, personId, row) };
  });
}

export function editPerson(s: Session, personId: string, patch: PersonPatch, clear: string[]): PersonChange {
  const row = validPatch(s, personId, patch);
  const change: PersonValues = values(row);
  for (const f of clear) {
    if (change[f as keyof PersonValues] !== undefined) throw new InputError(`--clear ${f} and --${f.replace(/_/g, '-')} contradict each other`);
    change[f as keyof PersonValues] = null;
  }
  if (!Object.keys(change).length) throw new InputError('nothing to change', 'give the fields to set, e.g. --site Springfield, or --clear FIELD');
  return writeTx(s.db, () => {
    const before = requirePerson(s.db, personId);
    updatePerson(s.db, before.rowid, change);
    const after = findPerson(s.db, personId)!;
    const changed = PERSON_FIELDS.filter((f) => before[f] !== after[f]);
    const warnings = supervisorWarnings(s, personId, row);
    if (!changed.length) return { message: `${personId}: nothing changed`, warnings };
    recordAudit(s.db, s.who, {
      action: 'change', record_type: 'people', record_key: personId, person_id: personId,
      before: Object.fromEntries(changed.map((f) => [f, before[f]])), after: Object.fromEntries(changed.map((f) => [f, after[f]])),
    });
    return { message: `${personId}: changed ${changed.join(', ')}`, warnings };
  });
}

export function personRecords(s: Session, personId: string) {
  const p = requirePerson(s.db, personId);
  const q = (sql: string) => s.db.prepare(sql).all(p.rowid) as Record<string, unknown>[];
  const { rowid: _rowid, ...person } = p;
  return {
    person,
    positions: q('SELECT position, start_date, end_date, field, supervised FROM positions WHERE person = ? ORDER BY start_date')
      .map((r) => ({ ...r, supervised: r.supervised === null ? null : r.supervised === 1 })),
    credentials: q('SELECT code, number, issued_on, expires_on, status, status_on, cycle_start FROM credentials WHERE person = ? ORDER BY issued_on'),
    exams: q('SELECT exam, date, result, score FROM exams WHERE person = ? ORDER BY date'),
    evaluations: q('SELECT date, rating, evaluator, note FROM evaluations WHERE person = ? ORDER BY date'),
    screenings: q('SELECT type, date, result, expires_on FROM screenings WHERE person = ? ORDER BY date'),
    approvals: q('SELECT progression, date, approved_by FROM approvals WHERE person = ? ORDER BY date'),
    hours_summary: q(`SELECT category, count(*) AS entries, round(sum(hours), 2) AS hours, min(date) AS first, max(coalesce(end_date, date)) AS last
                      FROM hours WHERE person = ? GROUP BY category ORDER BY category`) as { category: string; entries: number; hours: number; first: string; last: string }[],
  };
}

/**
 * `people list`: the people matching the filters. A site or supervisor no one has, or a
 * position that is neither in the rule pack nor held by anyone on record, is a typo and
 * refused (exit 2), as reminders and progressions refuse them, rather than answered with an
 * empty list.
 */
const quoteUnlessPlain = (code: string) => (/^[A-Za-z0-9_.-]+$/.test(code) ? code : JSON.stringify(code));

export function findPeople(s: Session, f: PeopleFilter): PersonRecord[] {
  checkFilters(s, f);
  if (f.position !== undefined && s.rules().kindOf(f.position) !== 'position'
    && s.db.prepare('SELECT 1 FROM positions WHERE position = ? LIMIT 1').get(f.position) === undefined) {
    const held = s.db.prepare('SELECT DISTINCT position FROM positions ORDER BY position').pluck().all() as string[];
    const known = [...new Set([...s.rules().codes('position'), ...held])];
    throw new InputError(`--position: ${JSON.stringify(f.position)} is not a position of the rule pack, and no one on record has held it`,
      // Held positions are free text ("Manager, Case"): those that are not plain codes are quoted.
      known.length ? `positions: ${known.slice(0, 15).map(quoteUnlessPlain).join(', ')}${known.length > 15 ? ', …' : ''}` : undefined);
  }
  return listPeople(s.db, f);
}
