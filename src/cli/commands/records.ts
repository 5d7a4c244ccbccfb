// credtrack log | exam | position | evaluation | screening | approve: one record each.
import { InputError } from '../../errors.js';
import { recordApproval, recordOne, validateRow } from '../../services/records.js';
import { withSession } from '../../services/session.js';
import type { ImportType } from '../../schemas/rows.js';
import type { RecordTable } from '../../store/records.js';
import type { Context } from '../context.js';
import type { Opts } from '../main.js';

/** Maps a row column to the option that set it, for messages. */
function optionNamer(aliases: Record<string, string> = {}) {
  return (column: string) => (column === 'person_id' ? 'person' : `--${aliases[column] ?? column.replace(/_/g, '-')}`);
}

async function record<T extends RecordTable & ImportType>(ctx: Context, table: T, raw: Record<string, unknown>, aliases: Record<string, string> = {}): Promise<void> {
  const name = optionNamer(aliases);
  const row = validateRow(table, raw, name);
  const { message } = await withSession(ctx, (s) => recordOne(s, table, row as never, name));
  ctx.err(`credtrack: ${message}\n`);
}

export function log(ctx: Context, [person]: [string], o: Opts): Promise<void> {
  if (o.paid && o.volunteer) throw new InputError('--paid and --volunteer exclude each other');
  return record(ctx, 'hours', {
    person_id: person, entry_id: o.entryId, date: o.date, end_date: o.endDate, category: o.category, hours: o.hours,
    domain: o.domain, supervised: o.supervised ? true : undefined, paid: o.paid ? true : o.volunteer ? false : undefined,
    topic: o.topic, provider: o.provider, verified_by: o.verifiedBy, note: o.note,
  });
}

export function exam(ctx: Context, [person]: [string], o: Opts): Promise<void> {
  return record(ctx, 'exams', { person_id: person, exam: o.exam, date: o.date, result: o.result, score: o.score });
}

export function position(ctx: Context, [person]: [string], o: Opts): Promise<void> {
  return record(ctx, 'positions', {
    person_id: person, position: o.position, start_date: o.start, end_date: o.end, field: o.field, supervised: o.supervised ? true : undefined,
  }, { start_date: 'start', end_date: 'end' });
}

export function evaluation(ctx: Context, [person]: [string], o: Opts): Promise<void> {
  return record(ctx, 'evaluations', { person_id: person, date: o.date, rating: o.rating, evaluator: o.evaluator, note: o.note });
}

export function screening(ctx: Context, [person]: [string], o: Opts): Promise<void> {
  return record(ctx, 'screenings', { person_id: person, type: o.type, date: o.date, result: o.result, expires_on: o.expires }, { expires_on: 'expires' });
}

export async function approve(ctx: Context, [person]: [string], o: Opts): Promise<void> {
  const row = validateRow('evaluations', { person_id: person, date: o.date, rating: 'satisfactory' }, optionNamer());
  const message = await withSession(ctx, (s) => recordApproval(s, row.person_id, String(o.progression), row.date, (o.by as string | undefined) ?? ctx.actor));
  ctx.err(`credtrack: ${message}\n`);
}
