// Second-stage rule-pack validation: meaning, not shape. Every problem with its path. The
// checks also run on the parts of a pack that passed the structure checks when the whole did
// not, so a pack with both kinds of mistakes gets both reported in one run.
import type { z } from 'zod';
import {
  CredentialRule, PositionRule, Progression, QualificationRule, Requirement, RulePack,
  type Group,
} from './rules.js';

export interface Problem { path: string; message: string }

/** One rule (or progression) as the meaning checks see it. */
export interface RuleParts<R> {
  /** Its fields that passed the structure checks (all of them when `whole`). A check that
   * needs a field left out is skipped: a broken field could make it report a problem that is
   * not there (e.g. "defined twice" on a misspelt effective_from). */
  fields: Partial<R>;
  whole: boolean;
  /** Its requirements at their places in the file, undefined where one failed the structure
   * checks (a group as a whole). */
  requirements: (Requirement | undefined)[];
}

/** A pack as the meaning checks see it. */
export interface PackParts {
  credentials: RuleParts<CredentialRule>[];
  qualifications: RuleParts<QualificationRule>[];
  positions: RuleParts<PositionRule>[];
  progressions: RuleParts<Progression>[];
  /** The codes a credential requirement may name; undefined when they cannot all be read
   * (then any "unknown credential" could be wrong, and that check is skipped). */
  credentialCodes?: Set<string>;
  /** A payroll block is there (well-formed or not: a broken one is a structure problem). */
  hasPayroll: boolean;
}

/** The meaning checks of a pack that passed the structure checks. */
export function checkPackSemantics(pack: RulePack): Problem[] {
  const whole = <R extends { requirements: Requirement[] }>(rule: R): RuleParts<R> => ({ fields: rule, whole: true, requirements: rule.requirements });
  return checkPackParts({
    credentials: pack.credentials.map(whole),
    qualifications: pack.qualifications.map(whole),
    positions: pack.positions.map(whole),
    progressions: pack.progressions.map(whole),
    credentialCodes: new Set(pack.credentials.map((c) => c.code)),
    hasPayroll: pack.payroll !== undefined,
  });
}

const RULE_SCHEMAS = {
  credentials: CredentialRule, qualifications: QualificationRule, positions: PositionRule, progressions: Progression,
} as const;
type RuleOf<K extends keyof typeof RULE_SCHEMAS> = z.infer<(typeof RULE_SCHEMAS)[K]>;
const TOP_KEYS = new Set(Object.keys(RulePack.shape));

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * What the meaning checks can use of a document that failed the structure checks: each rule
 * whole if it passes them on its own, else each of its fields that does (an absent optional
 * field counts as read), and each requirement that does. Anything not an object or list where
 * one belongs is left out.
 */
export function packParts(doc: unknown): PackParts {
  const top = isObject(doc) ? doc : {};
  const rulesOf = <K extends keyof typeof RULE_SCHEMAS>(kind: K): RuleParts<RuleOf<K>>[] => {
    const list = top[kind];
    if (!Array.isArray(list)) return [];
    return list.map((raw): RuleParts<RuleOf<K>> => {
      const parsed = RULE_SCHEMAS[kind].safeParse(raw);
      if (parsed.success) return { fields: parsed.data as RuleOf<K>, whole: true, requirements: parsed.data.requirements };
      const entry = isObject(raw) ? raw : {};
      const fields: Record<string, unknown> = {};
      for (const [key, schema] of Object.entries(RULE_SCHEMAS[kind].shape)) {
        const field = (schema as z.ZodType).safeParse(entry[key]);
        if (field.success) fields[key] = field.data;
      }
      const reqs = entry.requirements;
      const requirements = Array.isArray(reqs) ? reqs.map((r) => { const p = Requirement.safeParse(r); return p.success ? p.data : undefined; }) : [];
      return { fields: fields as Partial<RuleOf<K>>, whole: false, requirements };
    });
  };
  const credentials = rulesOf('credentials');
  // A requirement naming a credential is checked against every credential's code, broken
  // rules included. Not when a code cannot be read, a credential entry is not an object, or a
  // top-level key is misspelt (a `credential:` list goes unseen): it might be the one named.
  const readable = isObject(doc) && Object.keys(doc).every((k) => TOP_KEYS.has(k))
    && (doc.credentials === undefined || Array.isArray(doc.credentials))
    && credentials.every((c) => c.fields.code !== undefined);
  return {
    credentials,
    qualifications: rulesOf('qualifications'),
    positions: rulesOf('positions'),
    progressions: rulesOf('progressions'),
    credentialCodes: readable ? new Set(credentials.map((c) => c.fields.code!)) : undefined,
    hasPayroll: top.payroll !== undefined,
  };
}

/** Whether the checks may use these fields of a rule: they passed the structure checks. */
function known<R>(parts: RuleParts<R>, ...keys: (keyof R)[]): boolean {
  return parts.whole || keys.every((k) => Object.hasOwn(parts.fields, k));
}

function walk(reqs: (Requirement | undefined)[], path: string, visit: (r: Requirement, path: string) => void): void {
  reqs.forEach((r, i) => {
    if (!r) return;
    const p = `${path}[${i}]`;
    visit(r, p);
    if (r.type === 'all_of' || r.type === 'any_of') walk((r as Group).requirements, `${p}.requirements`, visit);
  });
}

/** The meaning checks on the parts of a pack that passed the structure checks (see PackParts). */
export function checkPackParts(pack: PackParts): Problem[] {
  const problems: Problem[] = [];
  const versions = new Map<string, string>();
  const kinds = new Map<string, string>();

  const lists = [
    ['credentials', pack.credentials],
    ['qualifications', pack.qualifications],
    ['positions', pack.positions],
  ] as const;
  for (const [kind, list] of lists) {
    list.forEach((parts, i) => {
      const path = `${kind}[${i}]`;
      const rule = parts.fields;
      if (known(parts, 'code', 'effective_from')) {
        const code = rule.code!;
        const other = kinds.get(code);
        if (other && other !== kind) problems.push({ path: `${path}.code`, message: `${code} is already defined in ${other}` });
        kinds.set(code, kind);
        const version = `${code}@${rule.effective_from ?? ''}`;
        if (versions.has(version)) {
          problems.push({ path: `${path}.code`, message: `${code} is defined twice${rule.effective_from ? ` with effective_from ${rule.effective_from}` : ' without effective_from'} (first at ${versions.get(version)})` });
        } else versions.set(version, path);
      }
      const ids = new Map<string, string>();
      walk(parts.requirements, `${path}.requirements`, (r, p) => {
        if (ids.has(r.id)) problems.push({ path: `${p}.id`, message: `duplicate requirement id ${JSON.stringify(r.id)} (also at ${ids.get(r.id)})` });
        else ids.set(r.id, p);
        checkRequirement(r, p, kind === 'positions', false);
      });
      if (kind === 'credentials') {
        const cred = rule as Partial<CredentialRule>;
        // Every requirement id is known only when all the requirements are well-formed.
        if (known(parts as RuleParts<CredentialRule>, 'code', 'requirements')) {
          for (const [j, id] of (cred.provisional?.requirements ?? []).entries()) {
            if (!ids.has(id)) problems.push({ path: `${path}.provisional.requirements[${j}]`, message: `no requirement with id ${JSON.stringify(id)} in ${cred.code}` });
          }
        }
        checkParts(cred.renewal?.ceu_parts, `${path}.renewal.ceu_parts`);
      }
    });
  }

  const progressionIds = new Map<string, number>();
  pack.progressions.forEach((parts, i) => {
    const path = `progressions[${i}]`;
    const prog = parts.fields;
    if (known(parts, 'id')) {
      if (progressionIds.has(prog.id!)) problems.push({ path: `${path}.id`, message: `duplicate progression id ${JSON.stringify(prog.id)}` });
      progressionIds.set(prog.id!, i);
    }
    if (known(parts, 'from', 'to') && prog.from === prog.to) problems.push({ path: `${path}.to`, message: 'a progression must lead to another position' });
    const ids = new Set<string>();
    walk(parts.requirements, `${path}.requirements`, (r, p) => {
      if (ids.has(r.id)) problems.push({ path: `${p}.id`, message: `duplicate requirement id ${JSON.stringify(r.id)}` });
      ids.add(r.id);
      checkRequirement(r, p, false, true);
    });
  });
  // `effective` is read with its default: left out, it is next_pay_period.
  if (pack.progressions.some((p) => p.fields.effective === 'next_pay_period') && !pack.hasPayroll) {
    problems.push({ path: 'payroll', message: 'progressions effective on the next pay period need a payroll block (period_days, anchor)' });
  }
  return problems;

  function checkRequirement(r: Requirement, p: string, inPosition: boolean, inProgression: boolean): void {
    if (r.deadline && !inPosition) problems.push({ path: `${p}.deadline`, message: 'deadlines apply to position requirements only' });
    // Inside a group a deadline would make one option pending (counted as met) while the group's
    // own result and its reminders know nothing of it: the deadline goes on the group.
    else if (r.deadline && p.split('.requirements[').length > 2) {
      problems.push({ path: `${p}.deadline`, message: 'a deadline belongs on a top-level requirement of the position: put it on the group that holds this one' });
    }
    if (r.type === 'approval' && !inProgression) problems.push({ path: `${p}.type`, message: 'approval requirements belong in progressions' });
    if (r.type === 'credential') {
      for (const code of r.any_of ?? [r.credential!]) {
        if (pack.credentialCodes && !pack.credentialCodes.has(code)) problems.push({ path: `${p}.${r.any_of ? 'any_of' : 'credential'}`, message: `unknown credential ${JSON.stringify(code)} (not in credentials)` });
      }
    }
    if (r.type === 'hours') {
      if (r.category === 'work' && (r.domains || r.parts)) problems.push({ path: `${p}.${r.domains ? 'domains' : 'parts'}`, message: 'work hours have no domains' });
      if (r.domains && r.parts) {
        r.parts.forEach((part, k) => part.domains.forEach((d) => {
          if (!r.domains!.includes(d)) problems.push({ path: `${p}.parts[${k}].domains`, message: `${d} is not among the requirement's domains` });
        }));
      }
      checkParts(r.parts, `${p}.parts`);
      checkReachable(r, p);
    }
    if (r.type === 'experience' && !r.fields && !r.positions) {
      // Any position counts: allowed, but say so only when months is also set (always).
    }
  }

  /** An hours requirement whose every domain is capped by a part: the total can never pass
   * the sum of those maximums (hours without a domain do not count toward it). Not judged when
   * the capped parts overlap, which is reported on its own. */
  function checkReachable(r: Extract<Requirement, { type: 'hours' }>, p: string): void {
    if (!r.domains || !r.parts) return;
    const capped = r.parts.filter((part) => part.maximum !== undefined && part.domains.some((d) => r.domains!.includes(d)));
    const cappedDomains = capped.flatMap((part) => part.domains);
    if (new Set(cappedDomains).size !== cappedDomains.length || !r.domains.every((d) => cappedDomains.includes(d))) return;
    const most = capped.reduce((sum, part) => sum + part.maximum!, 0);
    if (most < r.minimum - 1e-9) {
      problems.push({ path: `${p}.minimum`, message: `${r.minimum} can never be reached: every domain it counts is in a capped part (${capped.map((part) => part.id).join(', ')}), and they add at most ${most}` });
    }
  }

  function checkParts(parts: { id: string; domains: string[]; minimum?: number; maximum?: number }[] | undefined, path: string): void {
    const seen = new Map<string, string>();
    const ids = new Set<string>();
    (parts ?? []).forEach((part, k) => {
      if (ids.has(part.id)) problems.push({ path: `${path}[${k}].id`, message: `duplicate part id ${JSON.stringify(part.id)}` });
      ids.add(part.id);
      if (part.minimum !== undefined && part.maximum !== undefined && part.maximum < part.minimum) {
        problems.push({ path: `${path}[${k}].maximum`, message: `maximum ${part.maximum} is below the minimum ${part.minimum}` });
      }
      for (const d of part.domains) {
        if (part.maximum !== undefined && seen.has(d)) problems.push({ path: `${path}[${k}].domains`, message: `${d} is also capped by part ${seen.get(d)}` });
        if (part.maximum !== undefined) seen.set(d, part.id);
      }
    });
  }
}
