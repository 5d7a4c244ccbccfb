// Shared vocabularies (enumerations, ids, dates) used by rule packs, import rows and the store.
import { z } from 'zod';

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

// In its own module (no zod) so the CLI edge can check --as-of without loading zod.
export { isIsoDate } from './iso-date.js';
import { isIsoDate } from './iso-date.js';

export const IsoDate = z
  .string()
  .refine(isIsoDate, { message: 'expected a calendar date YYYY-MM-DD' })
  .meta({ format: 'date', description: 'a calendar date, YYYY-MM-DD' });

export const PersonId = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected 1-64 letters, digits, dots, underscores or dashes')
  .describe("HR's own person id");

/** A code from a rule pack (credential, exam, position): letters, digits, dash, underscore. */
export const Code = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'expected a code such as CRSS or RSS-TRAINEE');

export const Duration = z
  .strictObject({
    // Bounded so date arithmetic stays inside the calendar (a cycle of 10^9 years is a typo).
    years: z.int().positive().max(100).optional(),
    months: z.int().positive().max(1200).optional(),
    days: z.int().positive().max(36_600).optional(),
  })
  .refine((d) => d.years !== undefined || d.months !== undefined || d.days !== undefined, {
    message: 'a duration needs years, months or days',
  })
  .describe('a calendar duration, e.g. {years: 2} or {months: 6}');
export type Duration = z.infer<typeof Duration>;
