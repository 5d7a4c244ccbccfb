// Eligibility checks: facts for the whole population in a few set-based queries, then the
// pure engine over each person. Results are produced lazily so large outputs can stream.
import { evaluateRule, makeContext, type RuleResult } from '../engine/evaluate.js';
import type { PersonFacts } from '../engine/facts.js';
import type { PackIndex } from '../engine/pack-index.js';
import { InputError } from '../errors.js';
import type { RuleKind } from '../schemas/rules.js';
import { gatherFacts } from '../store/facts.js';
import { personIdMap } from '../store/people.js';
import type { Session } from './session.js';

export interface CheckRequest {
  people: string[];
  all: boolean;
  codes?: string[];
}

export interface CheckPlan {
  facts: Map<number, PersonFacts>;
  codes?: string[];
  asOf: string;
}

/** Validates the request and gathers the facts it needs. */
export function planCheck(s: Session, req: CheckRequest): CheckPlan {
  const index = s.rules();
  if (!req.all && req.people.length === 0) throw new InputError('name the people to check, or use --all', 'e.g. credtrack check P001 P002, or credtrack check --all --credential CRSS');
  for (const code of req.codes ?? []) {
    if (!index.rules.has(code)) {
      throw new InputError(`--credential: unknown rule ${JSON.stringify(code)}`, `known: ${[...index.rules.keys()].join(', ')}`);
    }
  }
  let facts: Map<number, PersonFacts>;
  if (req.all) {
    facts = gatherFacts(s.db, 'all');
    for (const [id, f] of facts) if (f.person.status !== 'active' && !req.people.includes(f.person.id)) facts.delete(id);
  } else {
    const ids = personIdMap(s.db);
    const unknown = req.people.filter((p) => !ids.has(p));
    if (unknown.length) throw new InputError(`unknown person${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => JSON.stringify(u)).join(', ')}`);
    facts = gatherFacts(s.db, [...new Set(req.people.map((p) => ids.get(p)!))]);
  }
  return { facts, codes: req.codes, asOf: s.asOf };
}

/** The position periods a person holds on `date`. */
function currentPositions(f: PersonFacts, date: string) {
  return f.positions.filter((p) => p.start <= date && (p.end === null || p.end >= date));
}

/** Which rules to evaluate for a person: the codes asked for, else every credential and qualification and the positions they hold. */
function rulesFor(index: PackIndex, f: PersonFacts, asOf: string, codes?: string[]): { code: string; kind: RuleKind; positionStart?: string }[] {
  const current = currentPositions(f, asOf);
  const startOf = (code: string) => current.find((p) => p.position === code)?.start;
  if (codes) return codes.map((code) => ({ code, kind: index.kindOf(code)!, positionStart: startOf(code) }));
  const out: { code: string; kind: RuleKind; positionStart?: string }[] = [];
  for (const code of index.codes('credential')) out.push({ code, kind: 'credential' });
  for (const code of index.codes('qualification')) out.push({ code, kind: 'qualification' });
  for (const p of current) if (index.kindOf(p.position) === 'position' && !out.some((o) => o.code === p.position)) out.push({ code: p.position, kind: 'position', positionStart: p.start });
  return out;
}

export function* evaluatePlan(index: PackIndex, plan: CheckPlan): Generator<RuleResult> {
  const base = makeContext(index.pack, plan.asOf);
  for (const f of plan.facts.values()) {
    for (const { code, kind, positionStart } of rulesFor(index, f, plan.asOf, plan.codes)) {
      const rule = index.ruleOn(code, plan.asOf);
      if (!rule) continue; // no version in force on the as-of date
      yield evaluateRule(rule, kind, f, positionStart ? { ...base, positionStart } : base);
    }
  }
}
