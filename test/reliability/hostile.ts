// Generators of hostile import files for the property tests: rows that are mostly right with
// now and then a nasty cell (quotes, commas, newlines, CR, BOMs, NUL, huge numbers, NaN,
// negative, impossible dates, SQL), random column sets, and files written as CSV (properly
// quoted, or carelessly), NDJSON and JSON with stray lines, BOMs and any line ending.
import fc from 'fast-check';
import { expect } from 'vitest';
import { CATEGORIES, CREDENTIAL_STATUSES, DOMAINS, EDUCATION, FIELDS, PERSON_STATUSES, RATINGS, RESULTS, SCREENING_TYPES } from '../../src/schemas/common.js';
import { COLUMNS, type ImportType } from '../../src/schemas/rows.js';
import type { ImportSummary } from '../../src/services/import.js';

export const TYPES = Object.keys(COLUMNS) as ImportType[];

export const REQUIRED: Record<ImportType, string[]> = {
  people: ['person_id'],
  positions: ['person_id', 'position', 'start_date'],
  hours: ['person_id', 'date', 'category', 'hours'],
  exams: ['person_id', 'exam', 'date', 'result'],
  credentials: ['person_id', 'credential', 'issued_on'],
  evaluations: ['person_id', 'date', 'rating'],
  screenings: ['person_id', 'type', 'date', 'result'],
};

/** People every generated record may name (imported before the properties run). */
export const KNOWN_PEOPLE = ['P0', 'P1', 'P2', 'P3', 'P4'];

export const NASTY = [
  '', ' ', '  ', '\t', '"', '""', "'", ',', ';', '\n', '\r', '\r\n', '\n\n', '\uFEFF', '\u0000', '\u2028', '\u202E', '\\',
  'a"b', '"x"', '"unclosed', 'x,y', "O'Brien", "Robert'); DROP TABLE people;--", '"; DELETE FROM hours; --', "x' OR '1'='1",
  '=1+1', '@SUM(A1)', '+1', '😀', '👩🏽‍⚕️', 'é', 'e\u0301', '中文', 'NaN', 'Infinity', '-Infinity', '-1', '-0', '0', '0.0',
  '1e309', '1e3', '9'.repeat(400), '0.' + '0'.repeat(30) + '1', '0x10', '7,5', '7.5', ' 8 ', '24', '24.0001', '1000000',
  '2025-02-30', '0000-02-29', '2024-02-29', '9999-12-31', '2099-01-01', '2025-13-01', '2025-1-1', '20250101', '2025-01-01T00:00',
  'yes', 'no', 'Y', 'TRUE', 'Nope', 'maybe', '__proto__', 'constructor', 'toString', 'null', 'undefined', 'P0', 'x'.repeat(2100),
];

export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 3, arbitrary: fc.array(fc.constantFrom(...NASTY), { minLength: 2, maxLength: 4 }).map((a) => a.join('')) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

const day0 = Date.UTC(2000, 0, 1);
/** A past calendar date (2000–2025: before any day these tests run). */
export const pastDate = fc.integer({ min: 0, max: 9490 }).map((d) => new Date(day0 + d * 86_400_000).toISOString().slice(0, 10));
const yesNo = fc.constantFrom('yes', 'no', 'y', 'n', 'true', 'false', '1', '0', 'Yes', 'NO', 'True');
/** Free text: anything with something besides blanks (cells are trimmed; blank means not given). */
const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).filter((t) => t.trim() !== '');

/** A value of `column` that is right on its own (cells still disagree now and then: work with a domain, end before start). */
export function goodCell(type: ImportType, column: string): fc.Arbitrary<string> {
  switch (column) {
    case 'person_id': return type === 'people' ? fc.oneof(fc.constantFrom(...KNOWN_PEOPLE), fc.stringMatching(/^N[A-Za-z0-9._-]{1,12}$/)) : fc.constantFrom(...KNOWN_PEOPLE);
    case 'supervisor_id': return fc.constantFrom(...KNOWN_PEOPLE);
    case 'date': case 'start_date': case 'issued_on': case 'birth_date': case 'hire_date': return pastDate;
    case 'end_date': case 'expires_on': return pastDate;
    case 'category': return fc.constantFrom(...CATEGORIES);
    case 'domain': return fc.constantFrom(...DOMAINS);
    case 'hours': return fc.integer({ min: 1, max: 240 }).map((t) => String(t / 10));
    case 'score': return fc.integer({ min: 0, max: 1000 }).map(String);
    case 'supervised': case 'paid': case 'lived_experience': return yesNo;
    case 'education': return fc.constantFrom(...EDUCATION);
    case 'status': return type === 'people' ? fc.constantFrom(...PERSON_STATUSES) : fc.constantFrom(...CREDENTIAL_STATUSES);
    case 'field': return fc.constantFrom(...FIELDS);
    case 'rating': return fc.constantFrom(...RATINGS);
    case 'result': return fc.constantFrom(...RESULTS);
    case 'type': return fc.constantFrom(...SCREENING_TYPES);
    case 'exam': return fc.constantFrom('CRSS', 'CPSRP');
    case 'credential': return fc.constantFrom('CRSS', 'CPS', 'DRIVER_LICENSE');
    case 'position': return fc.constantFrom('RSS', 'RSS-TRAINEE', 'PSS-I', 'Job.Elsewhere');
    case 'email': return fc.stringMatching(/^[a-z]{1,8}@example\.org$/);
    case 'entry_id': return fc.stringMatching(/^E[0-9]{1,8}$/);
    default: return text;
  }
}

export interface HostileFile {
  type: ImportType;
  format: 'csv' | 'json' | 'ndjson';
  /** The bytes of the file. */
  content: string;
  /** The rows as meant (cell text or JSON value per column), before writing. */
  rows: Record<string, unknown>[];
  /** True when the file encodes `rows` faithfully (so what is imported must equal them). */
  faithful: boolean;
}

const UNKNOWN_COLUMNS = ['nickname', 'Person_ID ', '__proto__', 'constructor', '__shape', 'toString', 'diagnosis', ''];

/** A header: the required columns, some optional ones, in any order; now and then a wrong one. */
function columnsOf(type: ImportType): fc.Arbitrary<string[]> {
  const optional = COLUMNS[type].filter((c) => !REQUIRED[type].includes(c));
  return fc.tuple(
    fc.subarray(optional),
    fc.oneof(
      { weight: 10, arbitrary: fc.constant((cols: string[]) => cols) },
      { weight: 1, arbitrary: fc.constantFrom(...UNKNOWN_COLUMNS).map((u) => (cols: string[]) => [...cols, u]) },
      { weight: 1, arbitrary: fc.constant((cols: string[]) => cols.slice(1)) },
      { weight: 1, arbitrary: fc.constant((cols: string[]) => [...cols, cols[0]!]) },
    ),
    fc.integer(),
  ).map(([opt, mutate, seed]) => {
    const cols = [...REQUIRED[type], ...opt];
    // A stable shuffle from the seed.
    const keyed = cols.map((c, i) => [((seed ^ (i * 0x9e3779b1)) >>> 0) % 1000, c] as const).sort((a, b) => a[0] - b[0]);
    return mutate(keyed.map(([, c]) => c));
  });
}

function rowOf(type: ImportType, columns: string[], json: boolean): fc.Arbitrary<Record<string, unknown>> {
  const cell = (c: string): fc.Arbitrary<unknown> => {
    const good = goodCell(type, c);
    const jsonish = json
      ? fc.oneof(
        { weight: 3, arbitrary: good.map((v) => (c === 'hours' || c === 'score' ? Number(v) : v)) },
        { weight: 1, arbitrary: fc.constantFrom<unknown>(null, true, false, 0, -1, 1e308, -0, 0.1, 25, [], ['x'], { a: 1 }, 12345678901234567890) },
      )
      : good;
    return fc.oneof({ weight: 14, arbitrary: jsonish }, { weight: 1, arbitrary: hostileText });
  };
  // Own properties even for keys like "__proto__" (as JSON.parse makes them), not prototype changes.
  return fc.tuple(...columns.map(cell)).map((values) => {
    const row: Record<string, unknown> = {};
    columns.forEach((c, i) => Object.defineProperty(row, c, { value: values[i], enumerable: true, writable: true, configurable: true }));
    return row;
  });
}

const LINE_ENDINGS = ['\n', '\r\n', '\r'];

function csvCell(v: unknown, careful: boolean): string {
  const s = v === undefined || v === null ? '' : String(v);
  if (!careful) return s;
  return /[",\r\n]|^\s|\s$|^\uFEFF/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvFile(type: ImportType): fc.Arbitrary<HostileFile> {
  return columnsOf(type).chain((columns) => fc.record({
    rows: fc.array(rowOf(type, columns, false), { minLength: 1, maxLength: 5 }),
    careful: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    eol: fc.constantFrom(...LINE_ENDINGS),
    bom: fc.boolean(),
    trailing: fc.boolean(),
    blankAt: fc.option(fc.nat(6)),
  }).map(({ rows, careful, eol, bom, trailing, blankAt }) => {
    const lines = [columns.map((c) => csvCell(c, careful)).join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c], careful)).join(','))];
    if (blankAt !== null) lines.splice(1 + Math.min(blankAt, rows.length), 0, '');
    const content = (bom ? '\uFEFF' : '') + lines.join(eol) + (trailing ? eol : '');
    // Carelessly written cells may still say what was meant; only careful files are checked cell by cell.
    return { type, format: 'csv' as const, content, rows, faithful: careful && new Set(columns).size === columns.length };
  }));
}

const BAD_LINES = ['not json', '[1,2]', '42', 'null', '"x"', '{"person_id": "P1"', '{}', '{"person_id": {"$ne": null}}', '\uFEFF{}', '{"a":1}{"b":2}'];

export function ndjsonFile(type: ImportType): fc.Arbitrary<HostileFile> {
  return columnsOf(type).chain((columns) => fc.record({
    rows: fc.array(rowOf(type, columns, true), { minLength: 1, maxLength: 5 }),
    bad: fc.option(fc.tuple(fc.nat(5), fc.oneof(fc.constantFrom(...BAD_LINES), hostileText)), { freq: 6 }),
    eol: fc.constantFrom(...LINE_ENDINGS),
    bom: fc.boolean(),
    blankAt: fc.option(fc.nat(6)),
  }).map(({ rows, bad, eol, bom, blankAt }) => {
    const lines = rows.map((r) => JSON.stringify(r));
    if (blankAt !== null) lines.splice(Math.min(blankAt, lines.length), 0, '');
    if (bad) lines.splice(Math.min(bad[0], lines.length), 0, bad[1]);
    return { type, format: 'ndjson' as const, content: (bom ? '\uFEFF' : '') + lines.join(eol) + eol, rows, faithful: !bad };
  }));
}

export function jsonFile(type: ImportType): fc.Arbitrary<HostileFile> {
  return columnsOf(type).chain((columns) => fc.record({
    rows: fc.array(rowOf(type, columns, true), { minLength: 1, maxLength: 5 }),
    damage: fc.option(fc.oneof(
      fc.constant((t: string) => t.slice(0, Math.max(1, t.length - 3))),
      fc.constant((t: string) => t.slice(1, -1)),
      fc.constant((t: string) => `{"rows": ${t}}`),
      fc.constant((t: string) => `${t.slice(0, -1)}, 7, "x", null]`),
      fc.constant((_t: string) => 'null'),
    ), { freq: 6 }),
    bom: fc.boolean(),
    pretty: fc.boolean(),
  }).map(({ rows, damage, bom, pretty }) => {
    const text = JSON.stringify(rows, null, pretty ? 2 : undefined);
    return { type, format: 'json' as const, content: (bom ? '\uFEFF' : '') + (damage ? damage(text) : text), rows, faithful: !damage };
  }));
}

export const anyFile = (formats: HostileFile['format'][] = ['csv', 'ndjson', 'json']) =>
  fc.constantFrom(...TYPES).chain((type) => fc.constantFrom(...formats).chain((f) => (f === 'csv' ? csvFile(type) : f === 'ndjson' ? ndjsonFile(type) : jsonFile(type))));

/** What a text cell becomes when imported: JSON numbers as their text, strings trimmed; blank is "not given". */
export function importedText(v: unknown): string | undefined {
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  return t === '' ? undefined : t;
}

export type Outcome = { ok: true; summary: ImportSummary } | { ok: false; message: string };

/** The import's promise: what any file must lead to. */
export function expectSound(file: HostileFile, outcome: Outcome, before: Record<string, unknown[]>, after: Record<string, unknown[]>, db: (sql: string, ...a: unknown[]) => any): void {
  const context = `${file.format} ${file.type}: ${JSON.stringify(file.content).slice(0, 600)}`;
  if (!outcome.ok) {
    expect(outcome.message, context).not.toBe('');
    expect(after, `${context}\nrefused, but the database changed`).toEqual(before);
    return;
  }
  const s = outcome.summary;
  expect(s.rejected, context).toBe(0);
  expect(s.added + s.updated + s.unchanged, context).toBe(s.read);
  expect(after[file.type]!.length - before[file.type]!.length, context).toBe(s.added);
  if (!file.faithful) return;
  const known = new Set(COLUMNS[file.type]);
  for (const row of file.rows) {
    for (const [k, v] of Object.entries(row)) {
      if (v !== null && v !== undefined && (typeof v !== 'string' || v.trim() !== '')) expect(known.has(k), `${context}\naccepted, but the given column ${JSON.stringify(k)} is unknown`).toBe(true);
    }
    if (file.type === 'people') {
      const stored = db('SELECT first_name, last_name, site, email FROM people WHERE person_id = ?', importedText(row.person_id));
      expect(stored, context).toBeDefined();
      for (const col of ['first_name', 'last_name', 'site', 'email'] as const) {
        const given = importedText(row[col]);
        if (given !== undefined) expect(stored[col], `${context}\n${col}`).toBe(given);
      }
    }
  }
}
