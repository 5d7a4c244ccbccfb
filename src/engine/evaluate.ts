// The pure engine: (rule, a person's facts, as-of date) → result, requirement by requirement.
import type { AnyRule, CredentialRule, Group, Requirement, RuleKind, RulePack } from '../schemas/rules.js';
import { heldCredential, validThrough } from './credentials.js';
import { addDays, addDuration, periodEnd } from './dates.js';
import { displayName, type PersonFacts } from './facts.js';
import { evaluateExperience } from './requirements/experience.js';
import { evaluateHours } from './requirements/hours.js';
import {
  evaluateAge, evaluateApproval, evaluateAttestation, evaluateCredential, evaluateEducation,
  evaluateExam, evaluatePerformance, evaluateScreening,
} from './requirements/simple.js';
import { type EvalContext, type Evaluated, type Evaluator, PACE_DAYS, type RequirementResult } from './types.js';

const REGISTRY: { [T in Requirement['type']]: Evaluator<Extract<Requirement, { type: T }>> } = {
  education: evaluateEducation,
  age: evaluateAge,
  hours: evaluateHours,
  exam: evaluateExam,
  credential: evaluateCredential,
  experience: evaluateExperience,
  attestation: evaluateAttestation,
  screening: evaluateScreening,
  performance: evaluatePerformance,
  approval: evaluateApproval,
  all_of: evaluateGroup,
  any_of: evaluateGroup,
};

/** Satisfied for a rule's purpose: met, or (positions) not yet due. */
export function satisfied(r: RequirementResult): boolean {
  return r.met || r.pending === true;
}

function evaluateGroup(req: Group, facts: PersonFacts, ctx: EvalContext): Evaluated {
  const all = req.type === 'all_of';
  const results: RequirementResult[] = [];
  let count = 0;
  let firstMet: RequirementResult | undefined;
  // all_of: the latest date, unknown if any is; any_of: the earliest known date.
  let eta: string | null = all ? ctx.asOf : null;
  let unknown = false;
  for (const r of req.requirements) {
    const child = evaluateRequirement(r, facts, ctx);
    results.push(child.result);
    if (satisfied(child.result)) {
      count++;
      firstMet ??= child.result;
    }
    if (child.eta === null) unknown = true;
    else if (all ? child.eta > eta! : eta === null || child.eta < eta) eta = child.eta;
  }
  if (all && unknown) eta = null;
  const met = all ? count === results.length : count > 0;
  const detail = all ? `${count} of ${results.length} met` : met ? `met by ${firstMet!.id}` : `none of ${results.length} options met`;
  return { result: { id: req.id, type: req.type, met, detail, requirements: results }, eta: met ? ctx.asOf : eta };
}

/** The date a deadline falls on, or null when the date it counts from is unknown. */
function deadlineDate(req: Requirement, facts: PersonFacts, ctx: EvalContext): string | null {
  const d = req.deadline!;
  if ('after_hire' in d) return facts.person.hire_date ? addDuration(facts.person.hire_date, d.after_hire) : null;
  return ctx.positionStart ? addDuration(ctx.positionStart, d.after_start) : null;
}

export function evaluateRequirement(req: Requirement, facts: PersonFacts, ctx: EvalContext): Evaluated {
  const out = (REGISTRY[req.type] as Evaluator)(req, facts, ctx);
  if (req.deadline && !out.result.met) {
    const due = deadlineDate(req, facts, ctx);
    if (due !== null) {
      out.result.due = due;
      if (ctx.asOf <= due) {
        out.result.pending = true;
        out.result.detail += `; due by ${due}`;
      } else {
        out.result.detail += `; was due by ${due}`;
      }
    } else {
      out.result.detail += '; deadline unknown (no hire date)';
    }
  }
  return out;
}

export interface HeldSummary { status: string; issued_on: string; expires_on: string | null }

export interface ProvisionalSummary {
  expires_on: string;
  requirements: string[];
  met: boolean;
  projected_date: string | null;
  at_risk: boolean;
}

export interface RuleResult {
  person: string;
  name: string;
  rule: string;
  kind: RuleKind;
  /** effective_from of the rule version applied (null: the only or original version). */
  version: string | null;
  eligible: boolean;
  projected_date: string | null;
  /** The person's credential of this code in good standing on the as-of date, if any. */
  held?: HeldSummary | null;
  provisional?: ProvisionalSummary;
  requirements: RequirementResult[];
}

export function makeContext(pack: RulePack, asOf: string, extra: Partial<EvalContext> = {}): EvalContext {
  return { asOf, pack, paceStart: addDays(asOf, -(PACE_DAYS - 1)), ...extra };
}

/** The provisional expiry: the recorded one, else the end of `valid_for` from the issue date (periodEnd). */
export function provisionalExpiry(rule: CredentialRule, issuedOn: string, expiresOn: string | null): string | null {
  if (expiresOn) return expiresOn;
  return rule.provisional ? periodEnd(issuedOn, rule.provisional.valid_for) : null;
}

function find(results: RequirementResult[], id: string, etas: Map<RequirementResult, string | null>): [RequirementResult, string | null] | undefined {
  for (const r of results) {
    if (r.id === id) return [r, etas.get(r) ?? null];
    const inner = r.requirements ? find(r.requirements, id, etas) : undefined;
    if (inner) return inner;
  }
  return undefined;
}

/** Evaluates one rule (a credential, qualification or position) for one person. */
export function evaluateRule(rule: AnyRule, kind: RuleKind, facts: PersonFacts, ctx: EvalContext): RuleResult {
  // Plain loops: arrays of requirements and results come in several element kinds, which the
  // array builtins' optimised code keeps meeting anew (a recompile each time).
  const evaluated: Evaluated[] = [];
  const requirements: RequirementResult[] = [];
  let eligible = true;
  // The latest date an unsatisfied requirement is met on; null when one of them never is.
  let projected: string | null = ctx.asOf;
  for (const r of rule.requirements) {
    const e = evaluateRequirement(r, facts, ctx);
    evaluated.push(e);
    requirements.push(e.result);
    if (satisfied(e.result)) continue;
    eligible = false;
    if (e.eta === null || projected === null) projected = null;
    else if (e.eta > projected) projected = e.eta;
  }
  if (eligible) projected = null;
  const result: RuleResult = {
    person: facts.person.id,
    name: displayName(facts.person),
    rule: rule.code,
    kind,
    version: rule.effective_from ?? null,
    eligible,
    projected_date: projected,
    requirements,
  };
  if (kind === 'credential') {
    const c = heldCredential(facts.credentials, [rule.code], ctx.asOf, ctx.pack);
    // Held on the as-of date: a lapse or revocation recorded with a later date has not happened yet.
    const status = c && (c.status === 'lapsed' || c.status === 'revoked') ? 'active' : c?.status;
    result.held = c ? { status: status!, issued_on: c.issued_on, expires_on: validThrough(c, ctx.pack, ctx.asOf) } : null;
    const cred = rule as CredentialRule;
    if (c && c.status === 'provisional' && cred.provisional) {
      const etaOf = new Map(evaluated.map((e) => [e.result, e.eta] as const));
      const parts = cred.provisional.requirements.map((id) => find(requirements, id, etaOf)).filter((x) => x !== undefined);
      const met = parts.every(([r]) => r.met);
      const etas = parts.map(([, eta]) => eta);
      const projectedFull = met ? ctx.asOf : etas.includes(null) ? null : etas.reduce<string>((a, b) => (b! > a ? b! : a), ctx.asOf);
      const expires = provisionalExpiry(cred, c.issued_on, c.expires_on)!;
      result.provisional = {
        expires_on: expires,
        requirements: cred.provisional.requirements,
        met,
        projected_date: projectedFull,
        at_risk: !met && (projectedFull === null || projectedFull > expires),
      };
    }
  }
  return result;
}
