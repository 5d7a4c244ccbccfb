// Looks rules up by code and picks the version in force on a date.
import type { AnyRule, CredentialRule, PositionRule, Progression, QualificationRule, RuleKind, RulePack } from '../schemas/rules.js';

export interface IndexedRule { kind: RuleKind; versions: AnyRule[] }

export class PackIndex {
  readonly rules = new Map<string, IndexedRule>();
  readonly progressions: Progression[];
  /** Exam codes named by `exam` requirements anywhere in the pack. */
  readonly examCodes = new Set<string>();

  constructor(readonly pack: RulePack) {
    const add = (kind: RuleKind, list: AnyRule[]) => {
      for (const r of list) {
        const entry = this.rules.get(r.code);
        if (entry) entry.versions.push(r);
        else this.rules.set(r.code, { kind, versions: [r] });
      }
    };
    add('credential', pack.credentials);
    add('qualification', pack.qualifications);
    add('position', pack.positions);
    for (const entry of this.rules.values()) {
      entry.versions.sort((a, b) => (a.effective_from ?? '').localeCompare(b.effective_from ?? ''));
    }
    this.progressions = pack.progressions;
    const walk = (reqs: { type: string; exam?: string; requirements?: unknown[] }[]) => {
      for (const r of reqs) {
        if (r.type === 'exam' && r.exam) this.examCodes.add(r.exam);
        if (r.requirements) walk(r.requirements as typeof reqs);
      }
    };
    for (const entry of this.rules.values()) for (const v of entry.versions) walk(v.requirements);
    for (const p of pack.progressions) walk(p.requirements);
  }

  /** The version of `code` in force on `date` (latest effective_from on or before it). */
  ruleOn(code: string, date: string): AnyRule | undefined {
    const entry = this.rules.get(code);
    if (!entry) return undefined;
    let pick: AnyRule | undefined;
    for (const v of entry.versions) if ((v.effective_from ?? '') <= date) pick = v;
    return pick;
  }

  kindOf(code: string): RuleKind | undefined {
    return this.rules.get(code)?.kind;
  }

  credentialOn(code: string, date: string): CredentialRule | undefined {
    return this.kindOf(code) === 'credential' ? (this.ruleOn(code, date) as CredentialRule | undefined) : undefined;
  }

  codes(kind: RuleKind): string[] {
    return [...this.rules].filter(([, e]) => e.kind === kind).map(([code]) => code);
  }

  isCredential(code: string): boolean { return this.kindOf(code) === 'credential'; }
  positionOn(code: string, date: string): PositionRule | undefined {
    return this.kindOf(code) === 'position' ? (this.ruleOn(code, date) as PositionRule | undefined) : undefined;
  }
  qualificationOn(code: string, date: string): QualificationRule | undefined {
    return this.kindOf(code) === 'qualification' ? (this.ruleOn(code, date) as QualificationRule | undefined) : undefined;
  }
}
