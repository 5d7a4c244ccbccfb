// credtrack progressions: who is pending, due or blocked for a progression, and the pay
// period it takes effect.
import { chosenFormat, colors, writeCsv, writeJson, writeTable } from '../../render/output.js';
import { listProgressions } from '../../services/progressions.js';
import { withSession } from '../../services/session.js';
import type { Context } from '../context.js';
import type { Opts } from '../main.js';
import { parseDays, parsePayroll } from '../options.js';

const COLUMNS = ['person', 'name', 'progression', 'from', 'to', 'start', 'eligible_on', 'effective_on', 'status', 'blocked_by'] as const;

export async function run(ctx: Context, _args: unknown[], o: Opts): Promise<number> {
  const format = chosenFormat(o);
  const request = { within: parseDays(o.within, '--within'), ...parsePayroll(o) };
  const res = await withSession(ctx, (s) => listProgressions(s, request));
  const list = res.progressions;
  if (format === 'json') {
    writeJson(ctx, res);
  } else if (format === 'csv') {
    if (list.length || ctx.stdoutIsTTY) await writeCsv(ctx, [...COLUMNS], list.map((p) => COLUMNS.map((k) => (k === 'blocked_by' ? p.blocked_by.join(';') : p[k]))));
  } else if (!list.length) {
    if (ctx.stdoutIsTTY) ctx.out(`No progressions${request.within !== undefined ? ` within ${request.within} days` : ''} as of ${res.as_of}.\n`);
  } else {
    const c = await colors(ctx);
    const paint = (s: string) => (s === 'due' ? c.green(s) : s === 'blocked' ? c.red(s) : s);
    ctx.out(`Progressions as of ${res.as_of}\n`);
    await writeTable(ctx, ['person', 'name', 'progression', 'start', 'eligible on', 'effective on', 'status', 'blocked by'],
      list.map((p) => [p.person, p.name, `${p.from} → ${p.to}`, p.start, p.eligible_on ?? '-', p.effective_on ?? '-', paint(p.status), p.blocked_by.join(', ')]));
  }
  return 0;
}
