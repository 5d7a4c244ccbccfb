// credtrack check: who is eligible for what, requirement by requirement.
import type { RuleResult } from '../../engine/evaluate.js';
import type { RequirementResult } from '../../engine/types.js';
import { checkJsonChunks, evaluatePlan, planCheck } from '../../services/check.js';
import { withSession } from '../../services/session.js';
import { chosenFormat, colors, writeCsv, writeTable } from '../../render/output.js';
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
      // Rows, not results, are kept for the table (a whole population's results are large);
      // the details follow for a single person.
      const rows: string[][] = [];
      const kept: RuleResult[] = [];
      for (const r of counting()) {
        rows.push([
          r.person, r.name, r.rule,
          r.eligible ? c.green(`yes${heldNote(r)}`) : c.red(`no${heldNote(r)}`),
          [...unmet(r).map(shortfall), ...r.requirements.filter((q) => q.pending).map((q) => `${q.id} pending until ${q.due}`)].join('\n'),
          r.projected_date ?? (r.eligible ? '' : '-'),
        ]);
        if (kept.length === 0 || (people?.length === 1 && o.credential?.length === 1)) kept.push(r);
      }
      if (!rows.length) ctx.err('credtrack: nothing to check (no active people, or no rule version in force on the as-of date)\n');
      else {
        ctx.out(`Eligibility as of ${ctx.asOf}\n`);
        await writeTable(ctx, ['person', 'name', 'rule', 'eligible', 'missing', 'projected'], rows);
        if (rows.length === 1 || (people?.length === 1 && o.credential?.length === 1)) {
          for (const r of kept) {
            for (const q of r.requirements) ctx.out(`  ${q.met ? c.green('✓') : q.pending ? c.yellow('…') : c.red('✗')} ${q.id}: ${q.detail}\n`);
            const line = provisionalLine(r);
            if (line) ctx.out(`  ${r.provisional!.at_risk ? c.red('!') : c.yellow('…')} ${line}\n`);
          }
        }
      }
    }
    return o.exitCode && ineligible > 0 ? 1 : 0;
  });
}
