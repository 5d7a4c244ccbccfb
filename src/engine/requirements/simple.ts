// The requirements that are a single fact: education, age, attestation, exam, credential,
// screening, performance and approval. None accrues with time except age and `held_for`.
import { EDUCATION_RANK } from '../../schemas/vocabulary.js';
import type { Requirement } from '../../schemas/rules.js';
import { currentRecords, heldCredential, validThrough } from '../credentials.js';
import { addDuration, formatDuration, windowStart, yearsBetween } from '../dates.js';
import type { Evaluator } from '../types.js';

type Of<T extends Requirement['type']> = Extract<Requirement, { type: T }>;

export const evaluateEducation: Evaluator<Of<'education'>> = (req, facts, ctx) => {
  const have = facts.person.education;
  const met = have !== null && EDUCATION_RANK[have] >= EDUCATION_RANK[req.minimum];
  const detail = have === null ? `education not recorded (needs ${req.minimum} or higher)`
    : `${have}${met ? '' : ` is below ${req.minimum}`}`;
  return { result: { id: req.id, type: 'education', met, have, need: req.minimum, detail }, eta: met ? ctx.asOf : null };
};

export const evaluateAge: Evaluator<Of<'age'>> = (req, facts, ctx) => {
  const birth = facts.person.birth_date;
  if (birth === null) {
    return { result: { id: req.id, type: 'age', met: false, have: null, need: req.minimum_years, detail: 'birth date not recorded' }, eta: null };
  }
  // Before the birth date (a check far in the past), no years are complete: 0, not a negative age.
  const unborn = ctx.asOf < birth;
  const age = unborn ? 0 : yearsBetween(birth, ctx.asOf);
  const met = age >= req.minimum_years;
  // Born on Feb 29: the birthday of a common year falls on Mar 1.
  const birthday = addDuration(birth, { years: req.minimum_years });
  const reached = birth.endsWith('-02-29') && !birthday.endsWith('-02-29') ? `${birthday.slice(0, 5)}03-01` : birthday;
  return {
    result: { id: req.id, type: 'age', met, have: age, need: req.minimum_years, remaining: Math.max(0, req.minimum_years - age),
      detail: unborn ? `not born yet on ${ctx.asOf} (born ${birth}; needs ${req.minimum_years})` : `${age} years old (needs ${req.minimum_years})` },
    eta: met ? ctx.asOf : reached,
  };
};

export const evaluateAttestation: Evaluator<Of<'attestation'>> = (req, facts, ctx) => {
  const have = facts.person[req.flag];
  const met = have === true;
  const label = req.flag.replace(/_/g, ' ');
  const detail = have === null ? `${label} not recorded` : met ? `${label} attested` : `${label} not attested`;
  return { result: { id: req.id, type: 'attestation', met, have, need: true, detail }, eta: met ? ctx.asOf : null };
};

export const evaluateExam: Evaluator<Of<'exam'>> = (req, facts, ctx) => {
  const from = req.within ? windowStart(ctx.asOf, req.within) : undefined;
  let passed: string | undefined, failed: string | undefined, before: string | undefined;
  for (const e of facts.exams) {
    if (e.exam !== req.exam || e.date > ctx.asOf) continue;
    if (from !== undefined && e.date < from) {
      // A pass before the window: said, so the detail does not send HR looking for a missing record.
      if (e.result === 'pass' && (before === undefined || e.date > before)) before = e.date;
      continue;
    }
    if (e.result === 'pass' && (passed === undefined || e.date > passed)) passed = e.date;
    if (e.result === 'fail' && (failed === undefined || e.date > failed)) failed = e.date;
  }
  const met = passed !== undefined;
  const within = req.within ? ` in the last ${formatDuration(req.within)}` : '';
  const detail = met ? `passed ${req.exam} on ${passed}`
    : failed ? `no pass of ${req.exam}${within} (failed on ${failed})`
    : before ? `passed ${req.exam} on ${before}, outside the last ${formatDuration(req.within!)}` : `no passed ${req.exam} exam${within}`;
  return { result: { id: req.id, type: 'exam', met, have: passed ?? null, need: 'pass', detail }, eta: met ? ctx.asOf : null };
};

export const evaluateCredential: Evaluator<Of<'credential'>> = (req, facts, ctx) => {
  const codes = req.any_of ?? [req.credential!];
  const name = codes.length === 1 ? codes[0]! : codes.join(' or ');
  const result = (met: boolean, have: string | null, detail: string) => ({ id: req.id, type: 'credential' as const, need: name, met, have, detail });
  // Of the records in force (the latest of each code), one held; of several codes, the one held longest.
  const c = heldCredential(facts.credentials, codes, ctx.asOf, ctx.pack);
  if (!c) {
    // Say why with the latest record in force (a later record supersedes the earlier ones).
    let any: (typeof facts.credentials)[number] | undefined;
    for (const x of currentRecords(facts.credentials, ctx.asOf)) if (codes.includes(x.code) && (!any || x.issued_on >= any.issued_on)) any = x;
    const until = any ? validThrough(any, ctx.pack, ctx.asOf) : null;
    const ended = any && (any.status === 'revoked' || any.status === 'lapsed') && (any.status_on === null || any.status_on <= ctx.asOf);
    const why = !any ? 'not held' : ended ? `${any.code} ${any.status}${any.status_on ? ` on ${any.status_on}` : ''}`
      : until !== null && until < ctx.asOf ? `${any.code} expired after ${until}` : 'not held';
    return { result: result(false, null, `${name}: ${why}`), eta: null };
  }
  const status = c.status === 'provisional' ? ' (provisional)' : '';
  const through = validThrough(c, ctx.pack, ctx.asOf);
  const until = through ? `, valid through ${through}` : '';
  if (req.held_for) {
    const since = addDuration(c.issued_on, req.held_for);
    if (since > ctx.asOf) {
      // Held, but not yet long enough: met on `since` if it stays valid until then.
      const stays = through === null || through >= since;
      return { result: result(false, c.code, `${c.code}${status} held since ${c.issued_on}; needs ${formatDuration(req.held_for)} (on ${since})`),
        eta: stays ? since : null };
    }
  }
  return { result: result(true, c.code, `${c.code}${status} held since ${c.issued_on}${until}`), eta: ctx.asOf };
};

export const evaluateScreening: Evaluator<Of<'screening'>> = (req, facts, ctx) => {
  const from = req.within ? windowStart(ctx.asOf, req.within) : undefined;
  let best: { date: string; expires_on: string | null } | undefined;
  let failed: string | undefined, expired: string | undefined;
  // The latest screening before the window: said when none is in it.
  let before: { date: string; result: string } | undefined;
  for (const s of facts.screenings) {
    if (s.type !== req.screening || s.date > ctx.asOf) continue;
    if (from !== undefined && s.date < from) {
      if (!before || s.date > before.date) before = s;
      continue;
    }
    if (s.result === 'fail') { if (failed === undefined || s.date > failed) failed = s.date; continue; }
    if (s.expires_on !== null && s.expires_on < ctx.asOf) { if (expired === undefined || s.expires_on > expired) expired = s.expires_on; continue; }
    if (!best || s.date > best.date) best = s;
  }
  // The latest result decides: a failed screening after the last pass is a failure.
  if (best && failed !== undefined && failed > best.date) best = undefined;
  const met = best !== undefined;
  const detail = best ? `${req.screening} passed on ${best.date}${best.expires_on ? `, valid through ${best.expires_on}` : ''}`
    : failed !== undefined && (expired === undefined || failed > expired) ? `${req.screening} screening failed on ${failed}`
    : expired ? `${req.screening} screening expired after ${expired}`
    : failed ? `${req.screening} screening failed on ${failed}`
    : before ? `${req.screening} ${before.result === 'pass' ? 'passed' : 'screening failed'} on ${before.date}, outside the last ${formatDuration(req.within!)}`
    : `no ${req.screening} screening on record`;
  return { result: { id: req.id, type: 'screening', met, have: best?.date ?? null, need: 'pass', detail }, eta: met ? ctx.asOf : null };
};

export const evaluatePerformance: Evaluator<Of<'performance'>> = (req, facts, ctx) => {
  const from = req.within ? windowStart(ctx.asOf, req.within) : ctx.periodStart;
  let good = 0;
  let bad: string | undefined;
  // The latest evaluation before the period judged: said when none is in it.
  let before: { date: string; rating: string } | undefined;
  for (const e of facts.evaluations) {
    if (e.date > ctx.asOf) continue;
    if (from !== undefined && e.date < from) {
      if (!before || e.date > before.date) before = e;
      continue;
    }
    if (e.rating === 'satisfactory') good++;
    else if (bad === undefined || e.date > bad) bad = e.date;
  }
  const met = good > 0 && bad === undefined;
  const outside = req.within ? `outside the last ${formatDuration(req.within)}` : `before the period judged (from ${from})`;
  const detail = bad ? `unsatisfactory evaluation on ${bad}`
    : good ? `${good} satisfactory evaluation${good > 1 ? 's' : ''}`
    : before ? `${before.rating} evaluation on ${before.date}, ${outside}` : 'no evaluation on record';
  return { result: { id: req.id, type: 'performance', met, have: bad ? 'unsatisfactory' : good ? 'satisfactory' : null, need: 'satisfactory', detail },
    eta: met ? ctx.asOf : null };
};

export const evaluateApproval: Evaluator<Of<'approval'>> = (req, facts, ctx) => {
  const id = ctx.progression?.id;
  const hit = facts.approvals.find((a) => a.progression === id && a.date <= ctx.asOf);
  const met = hit !== undefined;
  const detail = met ? `approved on ${hit!.date}` : 'management approval not recorded';
  return { result: { id: req.id, type: 'approval', met, have: hit?.date ?? null, need: 'approval', detail }, eta: met ? ctx.asOf : null };
};
