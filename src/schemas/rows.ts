// Record rows as they come from import files and command options (SPEC §5 import columns).
// These zod schemas type the services, validate every row and generate
// schemas/import-<type>.schema.json. Cells from CSV are strings; `coerceRow` turns them
// into the typed values first, so the schemas stay JSON-Schema representable.
import { z } from 'zod';
import {
  CATEGORIES, Code, CREDENTIAL_STATUSES, DOMAINS, EDUCATION, FIELDS, IsoDate, PERSON_STATUSES,
  PersonId, PositionCode, RATINGS, RESULTS, SCREENING_TYPES, vocabularyReader,
} from './common.js';

const text = (max = 500) => z.string().min(1).max(max);
const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  // The value itself is named by formatProblem (`column: "value" message`), not again here.
  z.enum(values, { error: () => `is not one of ${values.join(', ')}` });

export const PersonRow = z.strictObject({
  person_id: PersonId,
  first_name: text(200).optional(),
  last_name: text(200).optional(),
  email: z.email({ error: 'is not an email address' }).optional(),
  birth_date: IsoDate.optional(),
  education: oneOf(EDUCATION).optional(),
  hire_date: IsoDate.optional(),
  site: text(200).optional(),
  supervisor_id: PersonId.optional(),
  lived_experience: z.boolean().optional().describe('self-attestation yes/no; never a diagnosis'),
  status: oneOf(PERSON_STATUSES).optional(),
});

export const PositionRow = z
  .strictObject({
    person_id: PersonId,
    position: PositionCode,
    start_date: IsoDate,
    end_date: IsoDate.optional(),
    field: oneOf(FIELDS).optional(),
    supervised: z.boolean().optional(),
  })
  .refine((r) => r.end_date === undefined || r.end_date >= r.start_date, {
    path: ['end_date'], message: 'is before start_date',
  });

/** Days covered by an entry, both ends included. */
export function daysCovered(date: string, endDate?: string): number {
  if (!endDate) return 1;
  return Math.round((Date.parse(endDate) - Date.parse(date)) / 86_400_000) + 1;
}

const HoursFields = z.strictObject({
  entry_id: text(128).optional().describe("the source system's id: re-imports are keyed by it"),
  person_id: PersonId,
  date: IsoDate,
  end_date: IsoDate.optional().describe('last day of a period the entry covers'),
  category: oneOf(CATEGORIES),
  hours: z.number().positive({ error: 'must be more than 0' }),
  domain: oneOf(DOMAINS).optional(),
  supervised: z.boolean().optional(),
  paid: z.boolean().optional().describe('paid (true) or volunteer (false) work'),
  topic: text().optional(),
  provider: text().optional(),
  verified_by: text(200).optional(),
  note: text(2000).optional(),
});

/**
 * The 24 hours a day limit over the days an hours entry covers, or undefined when it fits.
 * `namePeriod` names the days (for an entry merged with a stored one, whose period the
 * user did not write in the row).
 */
export function dayLimitProblem(r: { hours: number; date: string; end_date?: string | null }, namePeriod = false): CellProblem | undefined {
  const days = daysCovered(r.date, r.end_date ?? undefined);
  if (r.hours <= 24 * days) return undefined;
  const period = !namePeriod ? '' : days > 1 ? `, ${r.date} to ${r.end_date}` : `, ${r.date}`;
  return { column: 'hours', value: r.hours, message: `is more than 24 hours a day (${24 * days} at most for ${days} day${days > 1 ? 's' : ''}${period})` };
}

function hoursRules(r: z.infer<typeof HoursFields>, ctx: z.core.$RefinementCtx, dayLimit: boolean): void {
  if (r.end_date !== undefined && r.end_date < r.date) {
    ctx.addIssue({ code: 'custom', path: ['end_date'], message: 'is before date', input: r.end_date });
    return;
  }
  const limit = dayLimit ? dayLimitProblem(r) : undefined;
  if (limit) ctx.addIssue({ code: 'custom', path: ['hours'], input: r.hours, message: limit.message });
  if (r.domain !== undefined && r.category === 'work') {
    ctx.addIssue({ code: 'custom', path: ['domain'], input: r.domain,
      message: 'applies to supervision, training and ceu hours, not work' });
  }
}

/**
 * An hours row as given. A row with an entry_id and no end_date may update a stored entry
 * whose end_date it keeps, so the period its hours spread over is known only once merged:
 * its 24 hours a day limit is checked on the entry as it will be written (new, or merged
 * with the stored one: services/records.ts mergeProblems), not here.
 */
export const HoursRow = HoursFields.superRefine((r, ctx) => hoursRules(r, ctx, !(r.entry_id !== undefined && r.end_date === undefined)));

/** An hours entry as it will be stored (a row merged with the stored entry); the day limit is dayLimitProblem's. */
export const HoursEntry = HoursFields.superRefine((r, ctx) => hoursRules(r, ctx, false));

export const ExamRow = z.strictObject({
  person_id: PersonId,
  exam: Code,
  date: IsoDate,
  result: oneOf(RESULTS),
  score: z.number().nonnegative({ error: 'must be 0 or more' }).optional(),
});

export const CredentialRow = z
  .strictObject({
    person_id: PersonId,
    credential: Code,
    number: text(100).optional(),
    issued_on: IsoDate,
    expires_on: IsoDate.optional(),
    status: oneOf(CREDENTIAL_STATUSES).optional().describe('default active'),
  })
  .refine((r) => r.expires_on === undefined || r.expires_on >= r.issued_on, {
    path: ['expires_on'], message: 'is before issued_on',
  });

export const EvaluationRow = z.strictObject({
  person_id: PersonId,
  date: IsoDate,
  rating: oneOf(RATINGS),
  evaluator: text(200).optional(),
  note: text(2000).optional(),
});

export const ScreeningRow = z
  .strictObject({
    person_id: PersonId,
    type: oneOf(SCREENING_TYPES),
    date: IsoDate,
    result: oneOf(RESULTS),
    expires_on: IsoDate.optional(),
  })
  .refine((r) => r.expires_on === undefined || r.expires_on >= r.date, {
    path: ['expires_on'], message: 'is before date',
  });

export const ROW_SCHEMAS = {
  people: PersonRow,
  positions: PositionRow,
  hours: HoursRow,
  exams: ExamRow,
  credentials: CredentialRow,
  evaluations: EvaluationRow,
  screenings: ScreeningRow,
} as const;
export type ImportType = keyof typeof ROW_SCHEMAS;
export const IMPORT_TYPES = Object.keys(ROW_SCHEMAS) as ImportType[];

export type PersonRow = z.infer<typeof PersonRow>;
export type PositionRow = z.infer<typeof PositionRow>;
export type HoursRow = z.infer<typeof HoursRow>;
export type ExamRow = z.infer<typeof ExamRow>;
export type CredentialRow = z.infer<typeof CredentialRow>;
export type EvaluationRow = z.infer<typeof EvaluationRow>;
export type ScreeningRow = z.infer<typeof ScreeningRow>;

/** Column names of each type, in the order of SPEC §5 (CSV headers = JSON field names). */
export const COLUMNS: Record<ImportType, string[]> = Object.fromEntries(
  IMPORT_TYPES.map((t) => [t, Object.keys((ROW_SCHEMAS[t] as unknown as { shape: object }).shape)]),
) as Record<ImportType, string[]>;

/** The columns a row of each type must have (the schema's required fields). */
export const REQUIRED_COLUMNS: Record<ImportType, string[]> = Object.fromEntries(
  IMPORT_TYPES.map((t) => [t, Object.entries((ROW_SCHEMAS[t] as unknown as { shape: Record<string, z.ZodType> }).shape)
    .filter(([, field]) => !field.safeParse(undefined).success).map(([name]) => name)]),
) as Record<ImportType, string[]>;

/** A column's reader of enumerated values (status, education, result ...): see vocabularyReader. */
export type EnumReaders = ReadonlyMap<string, (value: string) => string | undefined>;

/**
 * The enumerated columns of each type, taken from the schemas (`status` is a person's in
 * people and a credential's in credentials). Codes of the rule pack (credential, exam,
 * position) are not enumerations here: they stay as written, case and all.
 */
function enumReaders(type: ImportType): EnumReaders {
  const readers = new Map<string, (value: string) => string | undefined>();
  for (const [name, field] of Object.entries((ROW_SCHEMAS[type] as unknown as { shape: Record<string, z.ZodType> }).shape)) {
    const inner = field instanceof z.ZodOptional ? field.unwrap() : field;
    if (inner instanceof z.ZodEnum) readers.set(name, vocabularyReader(inner.options as string[]));
  }
  return readers;
}
export const ENUM_READERS = Object.fromEntries(IMPORT_TYPES.map((t) => [t, enumReaders(t)])) as Record<ImportType, EnumReaders>;

const NUMBER_COLUMNS = new Set(['hours', 'score']);
const BOOLEAN_COLUMNS = new Set(['lived_experience', 'supervised', 'paid']);
const TRUE = new Set(['yes', 'y', 'true', 't', '1']);
const FALSE = new Set(['no', 'n', 'false', 'f', '0']);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;

export interface CellProblem { column: string; value: unknown; message: string }

/**
 * Turns raw cells (CSV strings or JSON values) into typed values: trims text, empty → not
 * given, yes/no/true/false/y/n/1/0 → boolean, numbers → number, enumerated values (`enums`)
 * in any case → their canonical spelling. Reports cells it cannot read; an enumerated value
 * that is none of the vocabulary is left as written for the schema to name.
 */
export function coerceRow(raw: Record<string, unknown>, enums?: EnumReaders): { row: Record<string, unknown>; problems: CellProblem[] } {
  // No prototype: a JSON key "__proto__" stays a key (an unknown column), not a prototype change.
  const row: Record<string, unknown> = Object.create(null);
  const problems: CellProblem[] = [];
  for (const [column, value] of Object.entries(raw)) {
    if (value === null || value === undefined) continue;
    if (typeof value !== 'string') {
      row[column] = value;
      continue;
    }
    const cell = value.trim();
    if (cell === '') continue;
    if (NUMBER_COLUMNS.has(column)) {
      if (NUMBER.test(cell)) row[column] = Number(cell);
      else problems.push({ column, value, message: 'is not a number' });
    } else if (BOOLEAN_COLUMNS.has(column)) {
      const lower = cell.toLowerCase();
      if (TRUE.has(lower)) row[column] = true;
      else if (FALSE.has(lower)) row[column] = false;
      else problems.push({ column, value, message: 'is not yes/no (yes, no, true, false, y, n, 1, 0)' });
    } else {
      const read = enums?.get(column);
      row[column] = read ? read(cell) ?? cell : cell;
    }
  }
  return { row, problems };
}

/** One readable problem per zod issue: `column: "value" message`. */
export function describeIssues(issues: z.core.$ZodIssue[], row: Record<string, unknown>): CellProblem[] {
  return issues.map((iss) => {
    if (iss.code === 'unrecognized_keys') {
      return { column: iss.keys.join(', '), value: undefined, message: `unknown column${iss.keys.length > 1 ? 's' : ''}` };
    }
    const column = String(iss.path[0] ?? '');
    const value = column ? row[column] : undefined;
    if (value === undefined && iss.code === 'invalid_type') return { column, value, message: 'is required' };
    return { column, value, message: iss.message.replace(/^Invalid input: /, '') };
  });
}

export function formatProblem(p: CellProblem): string {
  if (p.value === undefined) return `${p.column}: ${p.message}`;
  // Schema messages written for paths ("expected a calendar date ...") read as a reason here.
  const message = p.message.startsWith('expected ') ? `is not valid: ${p.message}` : p.message;
  return `${p.column}: ${JSON.stringify(p.value)} ${message}`;
}

/** A row that failed keeps `partial`: its readable cells, coerced, without those it has problems with (for checks that need the rest). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: CellProblem[]; partial: Record<string, unknown> };

/** Coerces and validates one row of `type`. */
export function parseRow<T extends ImportType>(type: T, raw: Record<string, unknown>): Parsed<z.infer<(typeof ROW_SCHEMAS)[T]>> {
  const { row, problems } = coerceRow(raw, ENUM_READERS[type]);
  if (problems.length) {
    for (const p of problems) delete row[p.column];
  }
  const result = ROW_SCHEMAS[type].safeParse(row);
  if (result.success && problems.length === 0) return { ok: true, value: result.data as z.infer<(typeof ROW_SCHEMAS)[T]> };
  const issues = result.success ? [] : describeIssues(result.error.issues, row);
  // A cell that could not be read is reported once, not again as "required".
  const seen = new Set(problems.map((p) => p.column));
  const all = [...problems, ...issues.filter((i) => !seen.has(i.column))];
  for (const p of all) delete row[p.column];
  return { ok: false, problems: all, partial: row };
}
