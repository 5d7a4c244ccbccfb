// credtrack reminders: what is due, as a table grouped by person, JSON, CSV or iCalendar;
// --unsent/--mark-sent so a daily cron run tells each thing once per threshold.
import { type Reminder, REMINDER_KINDS, type ReminderKind } from '../../engine/reminders.js';
import { InputError } from '../../errors.js';
import { ICS_HEAD, ICS_TAIL } from '../../render/ics.js';
import { writeFragments, writeJsonStream } from '../../render/json-stream.js';
import { chosenFormat, colors, writeTable } from '../../render/output.js';
import {
  listRemindersParallel, markingSent, markRemindersSent, recordSentMarks, REMINDER_CSV_COLUMNS, remindersSerialized, type RemindersResult,
} from '../../services/reminders.js';
import { withSession } from '../../services/session.js';
import type { Context } from '../context.js';
import type { Opts } from '../main.js';
import { parseDays, parsePayroll } from '../options.js';

function parseThresholds(value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(',').map((p) => p.trim()).filter(Boolean);
  if (!parts.length) throw new InputError('--thresholds: give days separated by commas', 'e.g. --thresholds 90,60,30,7,0');
  return parts.map((p) => parseDays(p, '--thresholds')!);
}

function parseKinds(values: string[] | undefined): ReminderKind[] | undefined {
  if (!values) return undefined;
  const kinds = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  const bad = kinds.filter((k) => !(REMINDER_KINDS as readonly string[]).includes(k));
  if (bad.length) throw new InputError(`--kind: unknown kind ${bad.map((b) => JSON.stringify(b)).join(', ')}`, `kinds: ${REMINDER_KINDS.join(', ')} (people are named with --person ID)`);
  return kinds as ReminderKind[];
}

async function writeText(ctx: Context, res: RemindersResult, unsent: boolean): Promise<void> {
  const c = await colors(ctx);
  const items = res.reminders;
  if (!items.length) {
    ctx.out(`Nothing ${unsent ? 'new ' : ''}due within ${res.within_days} days as of ${res.as_of}.\n`);
    return;
  }
  const overdue = items.filter((r) => r.severity === 'overdue').length;
  ctx.out(`Reminders as of ${res.as_of} (next ${res.within_days} days): ${items.length} item${items.length > 1 ? 's' : ''}${overdue ? `, ${overdue} overdue` : ''}\n`);
  const paint = (r: Reminder, s: string) => (r.severity === 'overdue' ? c.red(s) : r.severity === 'warning' ? c.yellow(s) : s);
  const rows = items.map((r, i) => {
    const first = i === 0 || items[i - 1]!.person !== r.person;
    const contact = [r.email, r.supervisor && `supervisor ${r.supervisor}`].filter(Boolean).join('\n');
    return [
      first ? `${r.person}\n${r.name}` : '', first ? contact : '',
      r.due, paint(r, r.days_left < 0 ? `${-r.days_left} overdue` : String(r.days_left)), paint(r, r.severity), r.kind,
      r.message + (r.at_risk ? c.red(' [at risk]') : ''),
    ];
  });
  await writeTable(ctx, ['person', 'contact', 'due', 'days', 'severity', 'kind', 'what'], rows);
}

/** Resolves when stdout has taken everything written before; rejects when it cannot (the reader went away). */
function flushed(ctx: Context): Promise<void> {
  return new Promise((resolve, reject) => ctx.stdout.write('', (err) => (err ? reject(err) : resolve())));
}

/** Says on a terminal how many items --mark-sent recorded (a pipe stays quiet for cron). */
function reportMarked(ctx: Context, n: number): void {
  if (ctx.stderrIsTTY) ctx.err(`credtrack: marked ${n} reminder${n === 1 ? '' : 's'} as sent\n`);
}

export async function run(ctx: Context, _args: unknown[], o: Opts): Promise<number> {
  const format = chosenFormat(o, 'text');
  const request = {
    within: parseDays(o.within, '--within'), thresholds: parseThresholds(o.thresholds), kinds: parseKinds(o.kind),
    site: o.site, supervisor: o.supervisor, people: o.person, unsent: !!o.unsent, ...parsePayroll(o),
  };
  return withSession(ctx, async (s) => {
    const run = async (): Promise<number> => {
      if (format === 'json' || format === 'csv' || format === 'ics') {
        // Serialised where computed (on worker threads for a large workforce): this thread only orders and writes the bytes.
        const res = await remindersSerialized(s, request, format === 'json' ? { format, pretty: ctx.stdoutIsTTY } : { format }, { marks: !!o.markSent });
        if (res.count || ctx.stdoutIsTTY) {
          if (format === 'json') await writeJsonStream(ctx, { as_of: res.as_of, within_days: res.within_days }, 'reminders', res.fragments);
          else if (format === 'csv') await writeFragments(ctx, (await import('csv-stringify/sync')).stringify([[...REMINDER_CSV_COLUMNS]]), res.fragments, '');
          else await writeFragments(ctx, ICS_HEAD, res.fragments, ICS_TAIL);
        }
        if (res.marked) {
          await flushed(ctx); // all of it out before anything is marked: told at least once
          reportMarked(ctx, recordSentMarks(s, res.marked));
        }
        return o.exitCode && res.overdue > 0 ? 1 : 0;
      }
      const res = await listRemindersParallel(s, request);
      const items = res.reminders;
      // Cron mails only when there is news: nothing at all on a pipe when nothing is due.
      if (items.length || ctx.stdoutIsTTY) await writeText(ctx, res, !!o.unsent);
      if (o.markSent) {
        await flushed(ctx);
        reportMarked(ctx, markRemindersSent(s, items));
      }
      return o.exitCode && res.overdue > 0 ? 1 : 0;
    };
    // --mark-sent reads the unsent items, prints them and marks them under one write lock: an
    // overlapping run waits for it, then finds them marked. Each item is told once per threshold.
    return o.markSent ? markingSent(s, run) : run();
  });
}
