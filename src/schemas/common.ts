// Shared vocabularies (enumerations, ids, dates) used by rule packs, import rows and the store.
import { z } from 'zod';

export {
  CATEGORIES, type Category, CREDENTIAL_STATUSES, type CredentialStatus, DOMAINS, type Domain, EDUCATION, EDUCATION_RANK, type Education, FIELDS,
  type Field, FLAGS, isIsoDate, PERSON_STATUSES, RATINGS, RESULTS, SCREENING_TYPES, type ScreeningType, vocabularyReader,
} from './vocabulary.js';
import { isIsoDate } from './vocabulary.js';

/** Why a date is refused, and the hint that goes with it: the same words for every date option and cell. */
export const DATE_EXPECTED = 'expected a calendar date YYYY-MM-DD';
export const DATE_HINT = 'write dates as YYYY-MM-DD, e.g. 2026-11-22';

export const IsoDate = z
  .string()
  .refine(isIsoDate, { message: DATE_EXPECTED })
  .meta({ format: 'date', description: 'a calendar date, YYYY-MM-DD' });

export const PersonId = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected 1-64 letters, digits, dots, underscores or dashes')
  .describe("HR's own person id");

/** A code from a rule pack (credential, exam, position): letters, digits, dash, underscore. */
export const Code = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'expected a code such as CRSS or RSS-TRAINEE');

/** Control characters (C0, DEL, C1) and the Unicode line and paragraph separators. */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * A position held (a job class) in a person's history: free text, since the history includes
 * job classes at other employers ("Case Manager", "Peer Specialist (PT)", "Técnico"). Cells
 * are trimmed before this; the pack's position codes (RSS-TRAINEE) still match exactly.
 */
export const PositionCode = z
  .string()
  .min(1)
  .max(200, { error: 'is longer than 200 characters' })
  .refine((v) => !CONTROL_CHARACTERS.test(v), { message: 'holds a control character (a line break, tab ...): a position is one line of text' })
  .describe("a job class: the rule pack's position code (e.g. RSS-TRAINEE) or any other employer's title, as written");

/**
 * `schema` refined so that at least one of `keys` is given (or, with `exactly`, exactly one).
 * zod checks it with the message; the JSON Schema states it as `anyOf` (`oneOf`) of `required`,
 * so an editor using schemas/rules.schema.json refuses what `rules validate` refuses.
 */
export function requireKeys<T extends z.ZodObject>(schema: T, keys: (keyof z.input<T> & string)[], message: string, exactly = false): T {
  const given = (o: unknown) => keys.filter((k) => (o as Record<string, unknown>)[k] !== undefined).length;
  return schema
    .refine((o) => (exactly ? given(o) === 1 : given(o) >= 1), { message })
    .meta({ [exactly ? 'oneOf' : 'anyOf']: keys.map((k) => ({ required: [k] })) });
}

export const Duration = requireKeys(
  z.strictObject({
    // Bounded so date arithmetic stays inside the calendar (a cycle of 10^9 years is a typo).
    years: z.int().positive().max(100).optional(),
    months: z.int().positive().max(1200).optional(),
    days: z.int().positive().max(36_600).optional(),
  }),
  ['years', 'months', 'days'],
  'a duration needs years, months or days',
).describe('a calendar duration, e.g. {years: 2} or {months: 6}');
export type Duration = z.infer<typeof Duration>;
