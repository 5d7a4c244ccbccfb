// Builders of engine facts, requirements and rule packs for the engine's case tables: plain
// data, no database.
import path from 'node:path';
import { evaluateRequirement, evaluateRule, makeContext, type RuleResult } from '../../src/engine/evaluate.js';
import {
  emptyFacts, type CredentialFact, type ExamFact, type HourFact, type PersonFacts, type PersonInfo, type PositionFact, type ScreeningFact,
} from '../../src/engine/facts.js';
import { PackIndex } from '../../src/engine/pack-index.js';
import type { Evaluated, EvalContext } from '../../src/engine/types.js';
import { RulePack, type Requirement, type RuleKind } from '../../src/schemas/rules.js';
import { loadPackFile } from '../../src/services/rules.js';
import { ROOT } from '../helpers/cli.js';

export const defaultPack = loadPackFile(path.join(ROOT, 'rules', 'default.yaml'));
export const defaultIndex = new PackIndex(defaultPack);

/** A pack from a partial document, through the real schema (defaults applied, shape checked). */
export function packOf(doc: Record<string, unknown>): RulePack {
  return RulePack.parse({ version: 1, name: 'test', ...doc });
}

export function person(extra: Partial<PersonInfo> = {}): PersonFacts {
  return emptyFacts({
    id: 'P1', first_name: 'Ana', last_name: 'Diaz', email: 'ana@example.org', birth_date: null, education: 'high_school',
    hire_date: '2024-01-01', site: 'North', supervisor_id: 'S1', lived_experience: true, status: 'active', ...extra,
  });
}

/** Facts with the given records added to a default person. */
export function facts(records: Partial<Omit<PersonFacts, 'person'>> & { person?: Partial<PersonInfo> } = {}): PersonFacts {
  const { person: info, ...rest } = records;
  const f = person(info);
  for (const [k, v] of Object.entries(rest)) (f as any)[k] = v;
  return f;
}

export function hours(category: HourFact['category'], date: string, h: number, extra: Partial<HourFact> = {}): HourFact {
  return { date, end: extra.end ?? date, category, hours: h, domain: null, supervised: null, paid: null, topic: null, ...extra };
}
export const work = (date: string, h: number, extra: Partial<HourFact> = {}) => hours('work', date, h, { supervised: true, paid: true, ...extra });
export const training = (date: string, h: number, domain: HourFact['domain'] = null, extra: Partial<HourFact> = {}) => hours('training', date, h, { domain, ...extra });
export const supervision = (date: string, h: number, domain: HourFact['domain'], extra: Partial<HourFact> = {}) => hours('supervision', date, h, { domain, ...extra });

export function credential(code: string, issued_on: string, extra: Partial<CredentialFact> = {}): CredentialFact {
  return { code, number: null, issued_on, expires_on: null, status: 'active', status_on: null, cycle_start: issued_on, ...extra };
}
export function exam(code: string, date: string, result: ExamFact['result'] = 'pass'): ExamFact {
  return { exam: code, date, result, score: null };
}
export function position(code: string, start: string, end: string | null = null, extra: Partial<PositionFact> = {}): PositionFact {
  return { position: code, start, end, field: null, supervised: null, ...extra };
}
export function screening(type: ScreeningFact['type'], date: string, result: ScreeningFact['result'] = 'pass', expires_on: string | null = null): ScreeningFact {
  return { type, date, result, expires_on };
}

/** One requirement evaluated on its own (in a pack that defines nothing else unless given). */
export function evalReq(req: Requirement, f: PersonFacts, asOf: string, extra: Partial<EvalContext> = {}, pack: RulePack = defaultPack): Evaluated {
  return evaluateRequirement(req, f, makeContext(pack, asOf, extra));
}

/** The default pack's rule `code` (the version in force on `asOf`) evaluated for `f`. */
export function evalRule(code: string, f: PersonFacts, asOf: string, pack: RulePack = defaultPack, extra: Partial<EvalContext> = {}): RuleResult {
  const index = pack === defaultPack ? defaultIndex : new PackIndex(pack);
  const rule = index.ruleOn(code, asOf);
  if (!rule) throw new Error(`no version of ${code} in force on ${asOf}`);
  return evaluateRule(rule, index.kindOf(code) as RuleKind, f, makeContext(pack, asOf, extra));
}

/** A requirement result by id, searched through groups. */
export function req(r: RuleResult, id: string): RuleResult['requirements'][number] {
  const find = (list: RuleResult['requirements']): RuleResult['requirements'][number] | undefined => {
    for (const q of list) {
      if (q.id === id) return q;
      const inner = q.requirements && find(q.requirements);
      if (inner) return inner;
    }
    return undefined;
  };
  const hit = find(r.requirements);
  if (!hit) throw new Error(`no requirement ${id} in ${r.rule}`);
  return hit;
}
