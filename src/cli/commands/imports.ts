// credtrack imports list | show | undo.
import { chosenFormat, localTime, writeCsv, writeJson, writeTable } from '../../render/output.js';
import { type BatchView, listImportBatches, showBatch, undoBatch } from '../../services/batches.js';
import { withSession } from '../../services/session.js';
import type { Context } from '../context.js';
import type { Opts } from '../main.js';

const COLUMNS = ['id', 'at', 'actor', 'type', 'file', 'read', 'added', 'updated', 'unchanged', 'rejected', 'undone_at'] as const;

export async function list(ctx: Context, _args: unknown[], o: Opts): Promise<void> {
  const batches = await withSession(ctx, (s) => listImportBatches(s));
  const format = chosenFormat(o);
  if (format === 'json') return writeJson(ctx, { batches });
  if (format === 'csv') return writeCsv(ctx, [...COLUMNS], batches.map((b: BatchView) => COLUMNS.map((c) => b[c])));
  if (!batches.length) {
    if (ctx.stdoutIsTTY) ctx.out('No imports yet.\n');
    return;
  }
  // Times in local time, as `audit` shows them.
  const shown = (b: BatchView, c: (typeof COLUMNS)[number]) => ((c === 'at' || c === 'undone_at') && b[c] ? localTime(b[c]) : b[c]);
  await writeTable(ctx, ['batch', 'when', 'actor', 'type', 'file', 'read', 'added', 'updated', 'unchanged', 'rejected', 'undone'],
    batches.map((b) => COLUMNS.map((c) => shown(b, c))));
}

export async function show(ctx: Context, [name]: [string], o: Opts): Promise<void> {
  const b = await withSession(ctx, (s) => showBatch(s, name));
  if (o.json) return writeJson(ctx, b);
  const lines: [string, unknown][] = [
    ['batch', b.id], ['file', b.file], ['type', b.type], ['format', b.format], ['sha256', b.sha256], ['when', localTime(b.at)], ['actor', b.actor],
    ['rows read', b.read], ['added', b.added], ['updated', b.updated], ['unchanged', b.unchanged], ['rejected', b.rejected],
    ['still in the database', `${b.present} added row${b.present === 1 ? '' : 's'}, ${b.changed} changed row${b.changed === 1 ? '' : 's'}`],
    ['undone', b.undone_at ? `${localTime(b.undone_at)} by ${b.undone_by}` : 'no'],
  ];
  ctx.out(lines.map(([k, v]) => `${k.padEnd(22)} ${v}\n`).join(''));
}

export async function undo(ctx: Context, [name]: [string], o: Opts): Promise<void> {
  const r = await withSession(ctx, (s) => undoBatch(s, name));
  if (o.json) return writeJson(ctx, r);
  const kept = r.already_removed ? `; ${r.already_removed} row${r.already_removed === 1 ? '' : 's'} it wrote had been taken out with \`credtrack remove\` and stay${r.already_removed === 1 ? 's' : ''} removed` : '';
  ctx.out(`${r.batch} undone: ${r.removed} ${r.type} row${r.removed === 1 ? '' : 's'} removed, ${r.restored} restored${kept}\n`);
}
