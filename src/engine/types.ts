// What requirement evaluators take and return.
import type { Progression, Requirement, RulePack } from '../schemas/rules.js';
import type { PersonFacts } from './facts.js';

export interface PartResult {
  id: string;
  have: number;
  met: boolean;
  minimum?: number;
  each_minimum?: number;
  /** What the part adds to the total once capped by `maximum`. */
  counted?: number;
  maximum?: number;
  domains?: Record<string, number>;
}

export interface RequirementResult {
  id: string;
  type: Requirement['type'];
  met: boolean;
  have?: number | string | boolean | null;
  need?: number | string | boolean;
  remaining?: number;
  detail: string;
  domains?: Record<string, number>;
  parts?: PartResult[];
  requirements?: RequirementResult[];
  /** A position requirement before its deadline: not yet due. */
  pending?: boolean;
  due?: string;
}

/**
 * An evaluated requirement and the date it is (or would be) met at the current pace:
 * `eta` is the as-of date when met, a later date when it accrues, null when it will not
 * be met by time alone (zero pace, or a non-accruing requirement such as an exam).
 */
export interface Evaluated {
  result: RequirementResult;
  eta: string | null;
}

export interface EvalContext {
  asOf: string;
  pack: RulePack;
  /** First day of the pace window (the last 90 days up to as-of). */
  paceStart: string;
  /** The progression being evaluated, for approval requirements. */
  progression?: Progression;
  /** Start of the period performance is judged on (the from-position's start). */
  periodStart?: string;
  /** Start of the position whose requirements are evaluated (for `after_start` deadlines). */
  positionStart?: string;
}

export type Evaluator<R extends Requirement = Requirement> = (req: R, facts: PersonFacts, ctx: EvalContext) => Evaluated;

export const PACE_DAYS = 90;

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/**
 * How far below a threshold a sum of hours may fall and still reach it: sums of decimals are
 * inexact (0.1 + 0.2 is 0.30000000000000004), a real shortfall (0.004 h) is not.
 */
export const HOURS_EPSILON = 1e-9;

function roundTo(n: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(n * f) / f;
}

/**
 * A figure as shown next to the threshold it is judged against: 2 decimals, more only where 2
 * would put it on the wrong side (1499.996 of 1500 is short; shown as 1500 it would read as met).
 */
export function shownAgainst(n: number, threshold: number): number {
  const reached = n >= threshold - HOURS_EPSILON;
  for (let d = 2; d <= 9; d++) {
    const r = roundTo(n, d);
    if (r >= threshold === reached) return r;
  }
  return n;
}

/** A shortfall as shown: 0 only when nothing is missing; 2 decimals, more when 2 would show 0 (0.004). */
export function shownShort(n: number): number {
  if (n <= HOURS_EPSILON) return 0;
  for (let d = 2; d <= 9; d++) {
    const r = roundTo(n, d);
    if (r > 0) return r;
  }
  return n;
}
