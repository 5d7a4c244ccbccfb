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

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (2025-02-30 is not). */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}
