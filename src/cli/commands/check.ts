// credtrack check: who is eligible for what, requirement by requirement.
import type { RuleResult } from '../../engine/evaluate.js';
import type { RequirementResult } from '../../engine/types.js';
import { checkJsonChunks, evaluatePlan, planCheck } from '../../services/check.js';
import { withSession } from '../../services/session.js';
import { chosenFormat, colors, PLAIN_TABLE_FROM, writeCsv, writeTable } from '../../render/output.js';
import { writeJsonStream } from '../../render/json-stream.js';
import type { Context } from '../context.js';
import type { Opts } from '../main.js';

function unmet(r: RuleResult): RequirementResult[] {
  const out: RequirementResult[] = [];
  for (const q of r.requirements) if (!q.met && !q.pending) out.push(q);
  return out;
}

/** "no (holds, provisional through 2026-11-30, at risk)": what a held certificate is and, provisional, until when. */
function heldNote(r: RuleResult): string {
  if (!r.held) return '';
  const p = r.provisional;
  return p ? ` (holds, ${r.held.status} through ${p.expires_on}${p.at_risk ? ', at risk' : ''})` : ` (holds, ${r.held.status})`;
}

/** The line under a provisional holder's requirements: what converts it, and whether the pace gets there in time. */
function provisionalLine(r: RuleResult): string | null {
  const p = r.provisional;
  if (!p) return null;
  const converts = p.requirements.length ? `converts to full with ${p.requirements.join(', ')}` : 'converts to full';
  const outlook = p.met ? ': met, apply to convert it' : p.projected_date ? `; at the current pace met on ${p.projected_date}` : '; no recent progress';
  return `provisional certificate valid through ${p.expires_on}; ${converts}${outlook}${p.at_risk ? ' — at risk' : ''}`;
}

function shortfall(q: RequirementResult): string {
  if (q.remaining !== undefined && q.remaining > 0) return `${q.id} (${q.remaining} ${q.type === 'experience' ? 'months' : q.type === 'hours' ? 'h' : ''} short)`.replace(' )', ')');
  return q.id;
}

/**
 * What is missing of an unmet requirement, for the table's "missing" cell: its id and shortfall;
 * an any_of group with each option on a line under it ("route, one of:"), an all_of group with
 * its unmet members after it ("crss-route: crss, mh-experience (12 months short)").
 */
function missingLines(q: RequirementResult, indent = ''): string[] {
  if (!q.requirements) return [indent + shortfall(q)];
  const members = q.requirements.filter((m) => !m.met && !m.pending);
  if (q.type === 'all_of' && members.every((m) => !m.requirements)) return [`${indent}${q.id}: ${members.map(shortfall).join(', ')}`];
  return [`${indent}${q.id}${q.type === 'any_of' ? ', one of' : ''}:`, ...members.flatMap((m) => missingLines(m, `${indent}  `))];
}

type Colors = Awaited<ReturnType<typeof colors>>;

/** A requirement's line with its mark and detail, and a group's members indented under it. */
function detailLines(q: RequirementResult, c: Colors, indent = '  '): string[] {
  const mark = q.met ? c.green('✓') : q.pending ? c.yellow('…') : c.red('✗');
  const out = [`${indent}${mark} ${q.id}: ${q.detail}`];
  for (const m of q.requirements ?? []) out.push(...detailLines(m, c, `${indent}  `));
  return out;
}

/** The provisional line of a result, marked, or nothing. */
function provisionalLines(r: RuleResult, c: Colors): string[] {
  const line = provisionalLine(r);
  return line ? [`  ${r.provisional!.at_risk ? c.red('!') : c.yellow('…')} ${line}`] : [];
}

export async function run(ctx: Context, [people]: [string[]], o: Opts): Promise<number> {
  const format = chosenFormat(o);
  return withSession(ctx, async (s) => {
    const plan = planCheck(s, { people: people ?? [], all: !!o.all, codes: o.credential });
    const results = evaluatePlan(s, plan);
    let ineligible = 0;
    const counting = function* () {
      for (const r of results) {
        if (!r.eligible) ineligible++;
        yield r;
      }
    };
    if (format === 'json') {
      // Serialised a batch at a time (on worker threads for a large population).
      const fragments = async function* () {
        for await (const c of checkJsonChunks(s, plan, ctx.stdoutIsTTY)) {
          ineligible += c.ineligible;
          yield c.fragment;
        }
      };
      await writeJsonStream(ctx, { as_of: ctx.asOf }, 'results', fragments());
    } else if (format === 'csv') {
      const rows: string[][] = [];
      for (const r of counting()) rows.push([r.person, r.name, r.rule, r.kind, r.eligible ? 'yes' : 'no', r.held?.status ?? '', r.projected_date ?? '',
        unmet(r).map(shortfall).join('; '), r.requirements.filter((q) => q.pending).map((q) => `${q.id} due ${q.due}`).join('; ')]);
      await writeCsv(ctx, ['person', 'name', 'rule', 'kind', 'eligible', 'held', 'projected_date', 'unmet', 'pending'], rows);
    } else {
      const c = await colors(ctx);
      // Rows, not results, are kept for the table (a whole population's results are large).
      // Under it: a single result's every requirement with its detail; for people named
      // (not --all), each result's unmet and pending requirements with their detail.
      const rows: string[][] = [];
      const details: string[] = [];
      let first: RuleResult | undefined;
      for (const r of counting()) {
        rows.push([
          r.person, r.name, r.rule,
          r.eligible ? c.green(`yes${heldNote(r)}`) : c.red(`no${heldNote(r)}`),
          [...unmet(r).flatMap((q) => missingLines(q)), ...r.requirements.filter((q) => q.pending).map((q) => `${q.id} pending until ${q.due}`)].join('\n'),
          r.projected_date ?? (r.eligible ? '' : '-'),
        ]);
        first ??= r;
        if (!o.all && rows.length < PLAIN_TABLE_FROM) {
          const lines = [...r.requirements.filter((q) => !q.met).flatMap((q) => detailLines(q, c)), ...provisionalLines(r, c)];
          if (lines.length) details.push(`${r.person} ${r.name}, ${r.rule}:`, ...lines);
        }
      }
      if (!rows.length) ctx.err('credtrack: nothing to check (no active people, or no rule version in force on the as-of date)\n');
      else {
        ctx.out(`Eligibility as of ${ctx.asOf}\n`);
        await writeTable(ctx, ['person', 'name', 'rule', 'eligible', 'missing', 'projected'], rows);
        if (rows.length === 1) {
          for (const line of [...first!.requirements.flatMap((q) => detailLines(q, c)), ...provisionalLines(first!, c)]) ctx.out(`${line}\n`);
        } else if (!o.all && rows.length < PLAIN_TABLE_FROM && details.length) {
          ctx.out(`\nWhat is missing:\n${details.join('\n')}\n`);
        }
      }
    }
    return o.exitCode && ineligible > 0 ? 1 : 0;
  });
}
