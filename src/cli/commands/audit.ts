// credtrack audit: the audit trail of changes, as a table, JSON or CSV (streamed).
import { InputError } from '../../errors.js';
import { writeJsonStream } from '../../render/json-stream.js';
import { chosenFormat, localTime, writeTable } from '../../render/output.js';
import { writeCsvStream } from '../../render/rows-stream.js';
import { type AuditListEntry, auditEntries, summarizeBatchRows, summarizeChange } from '../../services/audit.js';
import { batchName } from '../../store/batches.js';
import { withSession } from '../../services/session.js';
import { AUDIT_COLUMNS } from '../../store/audit.js';
import { parseDateOption, type Context } from '../context.js';
import type { Opts } from '../main.js';

/** The instant a local calendar date begins, as the ISO timestamp the log stores (UTC). */
export function startOfLocalDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d).toISOString();
}

function parseLimit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new InputError(`--limit: ${JSON.stringify(value)} is not a whole number of entries (1 or more)`, 'e.g. --limit 50');
  return Number(value);
}

const cells = (e: AuditListEntry) => AUDIT_COLUMNS.map((c) => (c === 'before' || c === 'after' ? (e[c] === null ? null : JSON.stringify(e[c])) : e[c]));

export async function run(ctx: Context, _args: unknown[], o: Opts): Promise<number> {
  const format = chosenFormat(o);
  const since = parseDateOption(o.since, '--since');
  const query = { person: o.person as string | undefined, since: since && startOfLocalDay(since), limit: parseLimit(o.limit) };
  return withSession(ctx, async (s) => {
    const entries = auditEntries(s, query);
    if (format === 'json') {
      await writeJsonStream(ctx, {}, 'audit', entries);
      return 0;
    }
    if (format === 'csv') {
      await writeCsvStream(ctx.stdout, [...AUDIT_COLUMNS], (function* () { for (const e of entries) yield cells(e); })());
      return 0;
    }
    // The command names the batch an entry came from (import B3, imports undo B3).
    const rows = [...entries].map((e) => [localTime(e.at), e.actor, e.batch_id === null ? e.command : `${e.command} ${batchName(e.batch_id)}`, e.action,
      `${e.record_type} ${e.record_key}`, e.person_id, e.id === null ? summarizeBatchRows(e) : summarizeChange(e)]);
    if (!rows.length) ctx.err('credtrack: no audit entries match\n');
    else await writeTable(ctx, ['when', 'actor', 'command', 'action', 'record', 'person', 'change'], rows);
    return 0;
  });
}
