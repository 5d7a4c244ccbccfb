// credtrack report: the workforce compliance summary as text, JSON or one HTML page, to
// standard output or to a private (0600) file.
import { CREDENTIAL_STATES } from '../../engine/compliance.js';
import { CredtrackError, StoreError } from '../../errors.js';
import { openPrivateFile, type PrivateFile } from '../../io/private-file.js';
import { renderHtmlReport } from '../../render/html-report.js';
import { chosenFormat, renderTable } from '../../render/output.js';
import { wrapText } from '../../render/text-width.js';
import { checkOutputPath } from '../../services/output-path.js';
import { buildReport, type ComplianceReport } from '../../services/report.js';
import { withSession } from '../../services/session.js';
import type { Context } from '../context.js';
import type { Opts } from '../main.js';
import { parsePayroll } from '../options.js';

async function renderText(ctx: Context, r: ComplianceReport): Promise<string> {
  const d = r.deadlines, p = r.progressions;
  // Fitted to the terminal's width like the tables below (an indented line stays indented).
  const fit = (line: string, indent = '') => (ctx.width ? indent + wrapText(line, ctx.width - indent.length).replaceAll('\n', `\n${indent}`) : indent + line);
  const out: string[] = [
    fit(`Workforce compliance as of ${r.as_of}: ${r.people.active} active people`),
    fit(`${d.overdue} overdue, ${d.warning} due within 30 days, ${d.total - d.overdue} due within ${r.within_days} days; ${r.ceu_short.length} short of CEUs; progressions: ${p.due} due, ${p.blocked} blocked, ${p.pending} pending`, '  '),
    '', 'Credentials by status',
    await renderTable(ctx, ['credential', ...CREDENTIAL_STATES, 'total'], [
      ...r.credentials.by_credential.map((c) => [c.code, ...CREDENTIAL_STATES.map((s) => c[s]), c.total]),
      ['all', ...CREDENTIAL_STATES.map((s) => r.credentials.by_status[s]), CREDENTIAL_STATES.reduce((n, s) => n + r.credentials.by_status[s], 0)],
    ]),
  ];
  const section = async (title: string, head: string[], rows: (string | number | null)[][]) => {
    out.push('', title, rows.length ? await renderTable(ctx, head, rows) : '  none');
  };
  await section(`Short of CEUs (cycle ending within ${r.within_days} days or ended)`, ['person', 'name', 'credential', 'cycle ends', 'days', 'have', 'need', 'still needed'],
    r.ceu_short.map((c) => [c.person, c.name, c.credential, c.cycle_end, c.days_left, c.have, c.need, c.remaining]));
  await section(`Deadlines in the next ${r.within_days} days, and overdue`, ['due', 'days', 'person', 'name', 'kind', 'what'],
    d.items.map((i) => [i.due, i.days_left, i.person, i.name, i.kind, i.message]));
  await section('Progressions', ['person', 'name', 'progression', 'eligible on', 'effective on', 'status', 'blocked by'],
    p.items.map((x) => [x.person, x.name, `${x.from} → ${x.to}`, x.eligible_on, x.effective_on, x.status, x.blocked_by.join(', ')]));
  return `${out.join('\n')}\n`;
}

/** Writes `text` to `output` as a private file (0600 whatever the umask, in place only when complete), or to a device or FIFO as it is. */
async function writePrivate(output: string, text: string): Promise<void> {
  let file: PrivateFile;
  try {
    file = openPrivateFile(output);
  } catch (err) {
    if (err instanceof CredtrackError) throw err;
    throw new StoreError(`cannot write ${output}: ${(err as Error).message}`);
  }
  try {
    file.stream.write(text);
    await file.commit();
  } catch (err) {
    await file.discard();
    throw new StoreError(`cannot write ${output}: ${(err as Error).message}`);
  }
}

export async function run(ctx: Context, _args: unknown[], o: Opts): Promise<number> {
  const format = chosenFormat(o, 'text');
  const output = o.output as string | undefined;
  if (output) checkOutputPath(ctx.dbPath, output, `--output ${output}`);
  const payroll = parsePayroll(o);
  const report = await withSession(ctx, (s) => buildReport(s, payroll));
  const text = format === 'json' ? `${JSON.stringify(report, null, ctx.stdoutIsTTY && !output ? 2 : undefined)}\n`
    : format === 'html' ? renderHtmlReport(report)
    : await renderText(output ? { ...ctx, color: false, width: undefined } : ctx, report);
  if (!output) {
    ctx.out(text);
    return 0;
  }
  await writePrivate(output, text);
  if (ctx.stderrIsTTY) ctx.err(`credtrack: wrote ${output}\n`);
  return 0;
}
