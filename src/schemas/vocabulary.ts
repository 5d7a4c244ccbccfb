// The vocabularies (enumerations, education ranks) and calendar-date check, free of zod: the
// store's migrations, the engine and the CLI edge use them without loading zod, so commands
// that validate nothing start faster (lazy loading, SPEC §7). schemas/common.ts re-exports them.

export const EDUCATION = ['none', 'high_school', 'ged', 'associate', 'bachelor', 'master', 'doctorate'] as const;
export const CATEGORIES = ['work', 'supervision', 'training', 'ceu'] as const;
export const DOMAINS = ['advocacy', 'professional_responsibility', 'mentoring', 'recovery_support', 'ethics', 'core_functions'] as const;
export const FIELDS = ['mental_health', 'substance_use', 'peer_support', 'human_services'] as const;
export const SCREENING_TYPES = ['tb', 'background', 'drug'] as const;
export const CREDENTIAL_STATUSES = ['active', 'provisional', 'lapsed', 'revoked'] as const;
export const PERSON_STATUSES = ['active', 'inactive'] as const;
export const RATINGS = ['satisfactory', 'unsatisfactory'] as const;
export const RESULTS = ['pass', 'fail'] as const;
export const FLAGS = ['lived_experience'] as const;

export type Education = (typeof EDUCATION)[number];
export type Category = (typeof CATEGORIES)[number];
export type Domain = (typeof DOMAINS)[number];
export type Field = (typeof FIELDS)[number];
export type ScreeningType = (typeof SCREENING_TYPES)[number];
export type CredentialStatus = (typeof CREDENTIAL_STATUSES)[number];

/** Education ranks for comparisons; a GED counts as high school. */
export const EDUCATION_RANK: Record<Education, number> = {
  none: 0, high_school: 1, ged: 1, associate: 2, bachelor: 3, master: 4, doctorate: 5,
};

/**
 * Reads a value of an enumeration as spreadsheet users type it: in any letter case, with
 * surrounding spaces, and with spaces or dashes where the value has an underscore
 * (`High School` is high_school, `PASS` is pass). Returns the canonical spelling, or
 * undefined when the value is none of them (or could be more than one). Only ASCII letters
 * are folded: a look-alike such as the Kelvin sign, which lower-cases to "k", is no letter k.
 */
export function vocabularyReader<T extends string>(values: readonly T[]): (value: string) => T | undefined {
  const exact = new Map<string, T>(values.map((v) => [v, v]));
  const folded = new Map<string, T | null>();
  for (const v of values) {
    const key = foldKey(v);
    folded.set(key, folded.has(key) && folded.get(key) !== v ? null : v); // null: ambiguous
  }
  return (value) => {
    const hit = exact.get(value); // the common case: already canonical
    if (hit !== undefined) return hit;
    if (NOT_FOLDED.test(value)) return undefined;
    return folded.get(foldKey(value)) ?? undefined;
  };
}

/** Characters other than blanks and printable ASCII: a value holding one is never folded. */
const NOT_FOLDED = /[^\s\x21-\x7e]/;

function foldKey(s: string): string {
  return s.trim().toLowerCase().replace(/[\s_-]+/g, '_');
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (2025-02-30 is not). */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}
