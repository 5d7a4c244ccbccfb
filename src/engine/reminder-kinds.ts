// The things a reminder can be about, one generator per source: credentials (expiry, CEU
// cycle, fees, provisional certificates), position deadlines, screenings and progressions.
import type { CredentialRule, Requirement } from '../schemas/rules.js';
import { formatDuration, subtractDuration } from './dates.js';
import { evaluateRequirement, evaluateRule, makeContext, provisionalExpiry } from './evaluate.js';
import type { CredentialFact, PersonFacts } from './facts.js';
import type { PackIndex } from './pack-index.js';
import { progressionsFor } from './progressions.js';
import type { Draft, ReminderOptions } from './reminders.js';
import { ceuStanding, currentCycleStart, expiryOf, latestByCode, nextFeeDate, standsOn, statusOn } from './renewal.js';
import type { EvalContext, RequirementResult } from './types.js';

const fmt = (n: number) => String(Math.round(n * 100) / 100);

function findResult(results: RequirementResult[], id: string): RequirementResult | undefined {
  for (const r of results) {
    if (r.id === id) return r;
    const inner = r.requirements && findResult(r.requirements, id);
    if (inner) return inner;
  }
  return undefined;
}

/** A provisional certificate: what is still needed before it expires, and whether that is at risk. */
function provisionalDraft(index: PackIndex, rule: CredentialRule, c: CredentialFact, expires: string, facts: PersonFacts, o: ReminderOptions): Draft | null {
  const r = evaluateRule(rule, 'credential', facts, baseContext(index, o));
  const prov = r.provisional;
  if (!prov) return null;
  const needs = prov.requirements.map((id) => findResult(r.requirements, id)).filter((x): x is RequirementResult => x !== undefined);
  const unmet = needs.filter((q) => !q.met);
  const remaining = unmet.reduce((sum, q) => sum + (q.remaining ?? 0), 0);
  const what = unmet.length ? unmet.map((q) => `${q.id} ${q.detail}${q.remaining ? ` (${fmt(q.remaining)} to go)` : ''}`).join('; ')
    : 'requirements for the full certificate met: apply to convert it';
  const pace = unmet.length ? (prov.projected_date ? `; at the current pace met on ${prov.projected_date}` : '; no recent progress') : '';
  const ext = rule.provisional?.extensions ? ` (${rule.provisional.extensions} extension${rule.provisional.extensions > 1 ? 's' : ''} of ${formatDuration(rule.provisional.valid_for)} possible)` : '';
  return {
    kind: 'provisional_expiring', subject: c.code, due: expires,
    message: `${c.code} provisional certificate valid through ${expires}${ext}: ${what}${pace}${prov.at_risk ? ' — at risk' : ''}`,
    extra: { at_risk: prov.at_risk, remaining, projected_date: prov.projected_date, requirements: prov.requirements },
  };
}

function credentialDrafts(index: PackIndex, facts: PersonFacts, o: ReminderOptions, out: Draft[]): void {
  for (const c of latestByCode(facts.credentials, o.asOf)) {
    if (!standsOn(c, o.asOf)) continue; // lapsed or revoked: recorded by HR, nothing to renew
    const rule = index.credentialOn(c.code, o.asOf);
    if (c.status === 'provisional' && rule?.provisional) {
      const expires = provisionalExpiry(rule, c.issued_on, c.expires_on)!;
      if (expires < o.asOf) {
        out.push({ kind: 'credential_expired', subject: c.code, due: expires, message: `${c.code} provisional certificate expired after ${expires}; record the full credential or the lapse` });
      } else if (o.kinds.has('provisional_expiring')) {
        const d = provisionalDraft(index, rule, c, expires, facts, o);
        if (d) out.push(d);
      }
      continue;
    }
    const expiry = expiryOf(c, rule);
    if (expiry) {
      if (expiry.date < o.asOf) {
        out.push({ kind: 'credential_expired', subject: c.code, due: expiry.date,
          message: expiry.from === 'cycle' ? `${c.code}: the renewal cycle ended on ${expiry.date} and no renewal is recorded`
            : `${c.code} expired after ${expiry.date}; record the renewal or the lapse` });
      } else {
        const window = rule?.renewal?.submit_window;
        const opens = window ? subtractDuration(expiry.date, window) : undefined;
        out.push({ kind: 'credential_expiring', subject: c.code, due: expiry.date,
          message: `${c.code} ${expiry.from === 'cycle' ? 'renewal due: the cycle ends' : 'valid through'} ${expiry.date}${opens ? `; renewal opens ${opens}` : ''}`,
          extra: opens ? { opens } : undefined });
      }
    }
    if (statusOn(c, o.asOf) !== 'active' || !rule?.renewal) continue;
    const renewal = rule.renewal;
    if (renewal.ceu_hours > 0 && o.kinds.has('ceu_deficit')) {
      const ceu = ceuStanding(c, renewal, facts.hours, o.asOf);
      if (ceu.remaining > 0) {
        out.push({ kind: 'ceu_deficit', subject: c.code, due: ceu.cycle_end,
          message: `${c.code}: ${ceu.have} of ${ceu.need} CEU hours in the cycle ending ${ceu.cycle_end}; ${fmt(ceu.remaining)} ${ceu.remaining > ceu.need - ceu.have + 1e-9 ? 'more needed to meet the parts' : 'to go'}${ceu.short.length ? ` (${ceu.short.join(', ')})` : ''}`,
          extra: { cycle_start: ceu.cycle_start, have: ceu.have, need: ceu.need, remaining: ceu.remaining } });
      }
    }
    if (renewal.fee && o.kinds.has('renewal_fee_due')) {
      // Renewed ahead (the new cycle has not begun): the fees still follow the cycle in force,
      // so the one on its anniversary is not lost by recording the renewal early.
      const ahead = c.cycle_start > o.asOf ? c.history?.at(-1) : undefined;
      const due = nextFeeDate(currentCycleStart(ahead ?? c, renewal.cycle, o.asOf), renewal.fee.every, o.asOf);
      out.push({ kind: 'renewal_fee_due', subject: c.code, due, message: `${c.code} renewal fee of $${fmt(renewal.fee.amount)} due on ${due}`, extra: { amount: renewal.fee.amount } });
    }
  }
}

const contexts = new WeakMap<ReminderOptions, EvalContext>();

/** The evaluation context of a run, made once (it computes the pace window). */
function baseContext(index: PackIndex, o: ReminderOptions): EvalContext {
  let ctx = contexts.get(o);
  if (!ctx) contexts.set(o, (ctx = makeContext(index.pack, o.asOf)));
  return ctx;
}

/**
 * What a deadline is for, as HR names it: the credential code(s) (CPS, or CPS/CRSS for either),
 * also of a group made only of credentials; else the requirement's id.
 */
function subjectOf(req: Requirement): string {
  return credentialCodes(req)?.join(req.type === 'all_of' ? ' + ' : '/') ?? req.id;
}

function credentialCodes(req: Requirement): string[] | null {
  if (req.type === 'credential') return req.any_of ?? [req.credential!];
  if (req.type !== 'any_of' && req.type !== 'all_of') return null;
  const codes: string[] = [];
  for (const r of req.requirements) {
    const inner = r.type === 'credential' ? credentialCodes(r) : null; // nested groups: the id says it better
    if (!inner) return null;
    codes.push(...inner);
  }
  return codes.length ? codes : null;
}

/** Requirements of the positions held on as-of that carry a deadline and are not met. */
function deadlineDrafts(index: PackIndex, facts: PersonFacts, o: ReminderOptions, out: Draft[]): void {
  for (const p of facts.positions) {
    if (p.start > o.asOf || (p.end !== null && p.end < o.asOf)) continue;
    const rule = index.positionOn(p.position, o.asOf);
    if (!rule) continue;
    let ctx;
    for (const req of rule.requirements) {
      if (!req.deadline) continue;
      ctx ??= { ...baseContext(index, o), positionStart: p.start };
      const r = evaluateRequirement(req, facts, ctx).result;
      if (r.met || r.due === undefined) continue; // met, or no hire date to count from
      const from = 'after_hire' in req.deadline ? `${formatDuration(req.deadline.after_hire)} after hire` : `${formatDuration(req.deadline.after_start)} after starting`;
      out.push({ kind: 'certification_deadline', subject: subjectOf(req), due: r.due,
        message: `${p.position} requires ${subjectOf(req)} by ${r.due} (${from}): ${r.detail.replace(/; (was )?due by .*$/, '')}`,
        extra: { position: p.position, requirement: req.id } });
    }
  }
}

/** The latest passed screening of each type and its expiry. */
function screeningDrafts(facts: PersonFacts, o: ReminderOptions, out: Draft[]): void {
  const latest = new Map<string, PersonFacts['screenings'][number]>();
  for (const s of facts.screenings) {
    if (s.result !== 'pass' || s.date > o.asOf) continue;
    const seen = latest.get(s.type);
    if (!seen || s.date > seen.date) latest.set(s.type, s);
  }
  for (const s of latest.values()) {
    if (s.expires_on === null) continue;
    out.push({ kind: 'screening_expiring', subject: s.type, due: s.expires_on,
      message: s.expires_on < o.asOf ? `${s.type} screening expired after ${s.expires_on}` : `${s.type} screening valid through ${s.expires_on}` });
  }
}

/** Progressions due, or pending and taking effect within the window (blocked ones are not due). */
function progressionDrafts(index: PackIndex, facts: PersonFacts, o: ReminderOptions, out: Draft[]): void {
  for (const p of progressionsFor(index, facts, o.asOf, o.payroll)) {
    if (p.status === 'blocked' || p.effective_on === null) continue;
    const still = p.blocked_by.length ? `; still needed: ${p.blocked_by.join(', ')}` : '';
    out.push({ kind: 'progression_due', subject: p.progression, due: p.effective_on,
      message: `${p.from} → ${p.to}: eligible on ${p.eligible_on}, effective on ${p.effective_on}${still}`,
      extra: { eligible_on: p.eligible_on, effective_on: p.effective_on, status: p.status, blocked_by: p.blocked_by } });
  }
}

/** Every candidate item for a person, before the window and kind filters. */
export function draftsFor(index: PackIndex, facts: PersonFacts, o: ReminderOptions): Draft[] {
  const k = o.kinds;
  const out: Draft[] = [];
  if (k.has('credential_expiring') || k.has('credential_expired') || k.has('ceu_deficit') || k.has('renewal_fee_due') || k.has('provisional_expiring')) {
    credentialDrafts(index, facts, o, out);
  }
  if (k.has('certification_deadline')) deadlineDrafts(index, facts, o, out);
  if (k.has('screening_expiring')) screeningDrafts(facts, o, out);
  if (k.has('progression_due')) progressionDrafts(index, facts, o, out);
  return out;
}
