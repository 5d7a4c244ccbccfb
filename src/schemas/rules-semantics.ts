// Second-stage rule-pack validation: meaning, not shape. Every problem with its path.
import type { Group, Requirement, RulePack } from './rules.js';

export interface Problem { path: string; message: string }

function walk(reqs: Requirement[], path: string, visit: (r: Requirement, path: string) => void): void {
  reqs.forEach((r, i) => {
    const p = `${path}[${i}]`;
    visit(r, p);
    if (r.type === 'all_of' || r.type === 'any_of') walk((r as Group).requirements, `${p}.requirements`, visit);
  });
}

export function checkPackSemantics(pack: RulePack): Problem[] {
  const problems: Problem[] = [];
  const credentialCodes = new Set(pack.credentials.map((c) => c.code));
  const versions = new Map<string, string>();
  const kinds = new Map<string, string>();

  const lists = [
    ['credentials', pack.credentials],
    ['qualifications', pack.qualifications],
    ['positions', pack.positions],
  ] as const;
  for (const [kind, list] of lists) {
    list.forEach((rule, i) => {
      const path = `${kind}[${i}]`;
      const other = kinds.get(rule.code);
      if (other && other !== kind) problems.push({ path: `${path}.code`, message: `${rule.code} is already defined in ${other}` });
      kinds.set(rule.code, kind);
      const version = `${rule.code}@${rule.effective_from ?? ''}`;
      if (versions.has(version)) {
        problems.push({ path: `${path}.code`, message: `${rule.code} is defined twice${rule.effective_from ? ` with effective_from ${rule.effective_from}` : ' without effective_from'} (first at ${versions.get(version)})` });
      } else versions.set(version, path);
      const ids = new Map<string, string>();
      walk(rule.requirements, `${path}.requirements`, (r, p) => {
        if (ids.has(r.id)) problems.push({ path: `${p}.id`, message: `duplicate requirement id ${JSON.stringify(r.id)} (also at ${ids.get(r.id)})` });
        else ids.set(r.id, p);
        checkRequirement(r, p, kind === 'positions', false);
      });
      if (kind === 'credentials') {
        const cred = pack.credentials[i]!;
        for (const [j, id] of (cred.provisional?.requirements ?? []).entries()) {
          if (!ids.has(id)) problems.push({ path: `${path}.provisional.requirements[${j}]`, message: `no requirement with id ${JSON.stringify(id)} in ${rule.code}` });
        }
        checkParts(cred.renewal?.ceu_parts, `${path}.renewal.ceu_parts`);
      }
    });
  }

  const progressionIds = new Map<string, number>();
  pack.progressions.forEach((prog, i) => {
    const path = `progressions[${i}]`;
    if (progressionIds.has(prog.id)) problems.push({ path: `${path}.id`, message: `duplicate progression id ${JSON.stringify(prog.id)}` });
    progressionIds.set(prog.id, i);
    if (prog.from === prog.to) problems.push({ path: `${path}.to`, message: 'a progression must lead to another position' });
    const ids = new Set<string>();
    walk(prog.requirements, `${path}.requirements`, (r, p) => {
      if (ids.has(r.id)) problems.push({ path: `${p}.id`, message: `duplicate requirement id ${JSON.stringify(r.id)}` });
      ids.add(r.id);
      checkRequirement(r, p, false, true);
    });
  });
  if (pack.progressions.some((p) => p.effective === 'next_pay_period') && !pack.payroll) {
    problems.push({ path: 'payroll', message: 'progressions effective on the next pay period need a payroll block (period_days, anchor)' });
  }
  return problems;

  function checkRequirement(r: Requirement, p: string, inPosition: boolean, inProgression: boolean): void {
    if (r.deadline && !inPosition) problems.push({ path: `${p}.deadline`, message: 'deadlines apply to position requirements only' });
    if (r.type === 'approval' && !inProgression) problems.push({ path: `${p}.type`, message: 'approval requirements belong in progressions' });
    if (r.type === 'credential') {
      for (const code of r.any_of ?? [r.credential!]) {
        if (!credentialCodes.has(code)) problems.push({ path: `${p}.${r.any_of ? 'any_of' : 'credential'}`, message: `unknown credential ${JSON.stringify(code)} (not in credentials)` });
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
    }
    if (r.type === 'experience' && !r.fields && !r.positions) {
      // Any position counts: allowed, but say so only when months is also set (always).
    }
  }

  function checkParts(parts: { id: string; domains: string[]; minimum?: number; maximum?: number }[] | undefined, path: string): void {
    const seen = new Map<string, string>();
    const ids = new Set<string>();
    (parts ?? []).forEach((part, k) => {
      if (ids.has(part.id)) problems.push({ path: `${path}[${k}].id`, message: `duplicate part id ${JSON.stringify(part.id)}` });
      ids.add(part.id);
      if (part.minimum !== undefined && part.maximum !== undefined && part.maximum < part.minimum) {
        problems.push({ path: `${path}[${k}].maximum`, message: 'is below the minimum' });
      }
      for (const d of part.domains) {
        if (part.maximum !== undefined && seen.has(d)) problems.push({ path: `${path}[${k}].domains`, message: `${d} is also capped by part ${seen.get(d)}` });
        if (part.maximum !== undefined) seen.set(d, part.id);
      }
    });
  }
}
