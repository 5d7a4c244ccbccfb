// The rule-pack format (SPEC §4): one zod schema that types the engine, validates packs
// and generates schemas/rules.schema.json. Strict objects, so a typo in a pack fails.
import { z } from 'zod';
import { CATEGORIES, Code, DOMAINS, Duration, EDUCATION, FIELDS, FLAGS, IsoDate, requireKeys, SCREENING_TYPES } from './common.js';

const Domain = z.enum(DOMAINS);

/** Unquoted in YAML, these words are true/false under the pack's yes/no fields, as YAML 1.1
 * reads them (services/rules.ts reads them so; only there, see BOOLEAN_KEYS). */
export const YAML_YES_NO: ReadonlyMap<string, boolean> = new Map([
  ...['yes', 'Yes', 'YES', 'on', 'On', 'ON'].map((w) => [w, true] as const),
  ...['no', 'No', 'NO', 'off', 'Off', 'OFF'].map((w) => [w, false] as const),
]);

/** A yes/no field of the pack (every boolean field is one). Its JSON Schema also allows the
 * YAML_YES_NO words (json-schema.ts): an editor reads YAML 1.2, where an unquoted yes is text. */
export const YesNo = z.boolean().meta({ id: 'YesNo', description: 'true or false; in YAML also an unquoted yes/no/on/off' });

/** Provenance of a figure: where it comes from, and whether a board must confirm it. */
const provenance = {
  source: z.string().optional().describe('the document this figure comes from'),
  verify_locally: YesNo.optional().describe('true when no source confirms the figure: confirm it with the board'),
  note: z.string().optional(),
};

const Deadline = z
  .union([
    z.strictObject({ after_hire: Duration }),
    z.strictObject({ after_start: Duration }),
  ])
  .describe('positions only: the requirement is pending until this long after hire (or the position start)');

const base = {
  id: z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, 'expected a lower-case id such as work-hours'),
  description: z.string().optional(),
  deadline: Deadline.optional(),
  ...provenance,
};

export const Part = requireKeys(
  z.strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, 'expected a lower-case id'),
    domains: z.array(Domain).min(1),
    minimum: z.number().positive().optional().describe('hours the group must reach'),
    each_minimum: z.number().positive().optional().describe('hours every listed domain must reach'),
    maximum: z.number().positive().optional().describe('the most the group adds to the total'),
    ...provenance,
  }),
  ['minimum', 'each_minimum', 'maximum'],
  'a part needs minimum, each_minimum or maximum',
);
export type Part = z.infer<typeof Part>;

const Education = z.strictObject({ ...base, type: z.literal('education'), minimum: z.enum(EDUCATION) });
const Age = z.strictObject({ ...base, type: z.literal('age'), minimum_years: z.int().positive() });
const Hours = z.strictObject({
  ...base,
  type: z.literal('hours'),
  category: z.enum(CATEGORIES),
  supervised: YesNo.optional().describe('only supervised (true) or unsupervised (false) entries'),
  paid: YesNo.optional().describe('only paid (true) or volunteer (false) entries'),
  domains: z.array(Domain).min(1).optional(),
  within: Duration.optional().describe('only entries in this period before the as-of date'),
  minimum: z.number().positive(),
  parts: z.array(Part).optional(),
  span: Duration.optional().describe('the counted entries must spread over at least this long'),
  exclude_topics: z.array(z.string().min(1)).optional().describe('entries with these topics do not count'),
});
const Exam = z.strictObject({ ...base, type: z.literal('exam'), exam: Code, within: Duration.optional() });
const Credential = requireKeys(
  z.strictObject({
    ...base,
    type: z.literal('credential'),
    credential: Code.optional(),
    any_of: z.array(Code).min(1).optional().describe('any one of these credentials'),
    held_for: Duration.optional(),
  }),
  ['credential', 'any_of'],
  'give either credential or any_of',
  true,
);
const Experience = z
  .strictObject({
    ...base,
    type: z.literal('experience'),
    months: z.number().positive().max(1200),
    fields: z.array(z.enum(FIELDS)).min(1).optional(),
    positions: z.array(Code).min(1).optional(),
    supervised: YesNo.optional(),
  })
  .describe('periods in any of `fields` or any of `positions` count; overlaps count once');
const Attestation = z.strictObject({ ...base, type: z.literal('attestation'), flag: z.enum(FLAGS) });
const Screening = z.strictObject({ ...base, type: z.literal('screening'), screening: z.enum(SCREENING_TYPES), within: Duration.optional() });
const Performance = z
  .strictObject({ ...base, type: z.literal('performance'), within: Duration.optional() })
  .describe('no unsatisfactory evaluation in the period (the from-position for a progression), and a satisfactory one');
const Approval = z.strictObject({ ...base, type: z.literal('approval') });

type Leaf =
  | z.infer<typeof Education> | z.infer<typeof Age> | z.infer<typeof Hours> | z.infer<typeof Exam>
  | z.infer<typeof Credential> | z.infer<typeof Experience> | z.infer<typeof Attestation>
  | z.infer<typeof Screening> | z.infer<typeof Performance> | z.infer<typeof Approval>;
export type Group = { id: string; type: 'all_of' | 'any_of'; description?: string; deadline?: z.infer<typeof Deadline>;
  source?: string; verify_locally?: boolean; note?: string; requirements: Requirement[] };
export type Requirement = Leaf | Group;

const AllOf = z.strictObject({
  ...base,
  type: z.literal('all_of'),
  get requirements(): z.ZodArray<z.ZodType<Requirement>> { return z.array(Requirement).min(1); },
});
const AnyOf = z.strictObject({
  ...base,
  type: z.literal('any_of'),
  get requirements(): z.ZodArray<z.ZodType<Requirement>> { return z.array(Requirement).min(1); },
});

export const Requirement: z.ZodType<Requirement> = z
  .discriminatedUnion('type', [Education, Age, Hours, Exam, Credential, Experience, Attestation, Screening, Performance, Approval, AllOf, AnyOf])
  .meta({ id: 'Requirement' });

export type HoursRequirement = z.infer<typeof Hours>;
export type ExperienceRequirement = z.infer<typeof Experience>;
export type RequirementType = Requirement['type'];

const Fee = z.strictObject({ amount: z.number().nonnegative(), every: Duration, ...provenance });

export const Renewal = z.strictObject({
  cycle: Duration,
  ceu_hours: z.number().nonnegative(),
  ceu_parts: z.array(Part).optional(),
  submit_window: Duration.optional().describe('earliest renewal submission before the cycle ends'),
  fee: Fee.optional(),
  ...provenance,
});
export type Renewal = z.infer<typeof Renewal>;

export const Provisional = z.strictObject({
  valid_for: Duration.describe('how long a provisional credential lasts from its issue date'),
  extensions: z.int().nonnegative().optional().describe('how many extensions of valid_for the board grants'),
  requirements: z.array(z.string()).min(1).describe('ids of the requirements that convert it to a full credential'),
  ...provenance,
});

const ruleBase = {
  code: Code,
  name: z.string().min(1),
  effective_from: IsoDate.optional().describe('this version is in force from this date (the latest one on or before the as-of date applies)'),
  ...provenance,
};

export const CredentialRule = z.strictObject({
  ...ruleBase,
  issuer: z.string().optional(),
  requirements: z.array(Requirement).default([]),
  renewal: Renewal.optional(),
  fees: z.record(z.string(), z.number().nonnegative()).optional(),
  provisional: Provisional.optional(),
});
export const QualificationRule = z.strictObject({ ...ruleBase, requirements: z.array(Requirement).default([]) });
export const PositionRule = z.strictObject({ ...ruleBase, requirements: z.array(Requirement).default([]) });
export const Progression = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, 'expected a lower-case id'),
  name: z.string().optional(),
  from: Code,
  to: Code,
  requirements: z.array(Requirement).min(1),
  effective: z.enum(['next_pay_period', 'eligible_date']).default('next_pay_period'),
  ...provenance,
});
export const Payroll = z.strictObject({
  period_days: z.int().positive().max(366),
  anchor: IsoDate.describe('a date on which a pay period starts'),
});

export const RulePack = z
  .strictObject({
    version: z.literal(1),
    name: z.string().min(1),
    description: z.string().optional(),
    payroll: Payroll.optional(),
    credentials: z.array(CredentialRule).default([]),
    qualifications: z.array(QualificationRule).default([]),
    positions: z.array(PositionRule).default([]),
    progressions: z.array(Progression).default([]),
  })
  .meta({ title: 'credtrack rule pack' });

export type RulePack = z.infer<typeof RulePack>;
export type CredentialRule = z.infer<typeof CredentialRule>;
export type QualificationRule = z.infer<typeof QualificationRule>;
export type PositionRule = z.infer<typeof PositionRule>;
export type Progression = z.infer<typeof Progression>;
export type RuleKind = 'credential' | 'qualification' | 'position';
export type AnyRule = CredentialRule | QualificationRule | PositionRule;
