// credtrack doctor: integrity, foreign keys, schema version, rule pack, supervisors, file permissions.
// Exit 0 healthy, 1 findings (permissions that keep SQLite from the file among them), 3 when
// the file cannot be read as a database or is damaged.
import { colors, writeJson } from '../../render/output.js';
import { runDoctor } from '../../services/doctor.js';
import type { Context } from '../context.js';
import type { Opts } from '../main.js';

export async function run(ctx: Context, _args: unknown[], o: Opts): Promise<number> {
  const report = runDoctor(ctx.dbPath, ctx.busyTimeoutMs);
  const code = report.damaged ? 3 : report.healthy ? 0 : 1;
  if (o.json) {
    writeJson(ctx, { healthy: report.healthy, checks: report.checks });
    return code;
  }
  const c = await colors(ctx);
  for (const check of report.checks) {
    ctx.out(`${check.ok ? c.green('✓') : c.red('✗')} ${check.name}: ${check.detail}\n`);
    if (!check.ok && check.hint) ctx.out(`    fix: ${check.hint}\n`);
  }
  const findings = report.checks.filter((x) => !x.ok).length;
  if (report.healthy) ctx.out(`${ctx.dbPath}: healthy\n`);
  else {
    const why = report.damaged ? report.readable ? '; the database is damaged' : '; the file cannot be read as a database' : report.readable ? '' : '; the database could not be checked';
    ctx.err(`credtrack: ${ctx.dbPath}: ${findings} problem${findings === 1 ? '' : 's'} found${why}\n`);
  }
  return code;
}
