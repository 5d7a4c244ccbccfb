// Reminders of a large population on worker threads give exactly what one thread gives, and
// reading only the records each person needs changes nothing; JSON serialised batch by batch
// is what writeJsonStream writes of the items. (No timings: bench/ measures.)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import YAML from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import type { Context } from '../../src/cli/context.js';
import { collectReminders, DEFAULT_THRESHOLDS, REMINDER_KINDS } from '../../src/engine/reminders.js';
import { ICS_HEAD, ICS_TAIL, renderIcs } from '../../src/render/ics.js';
import { type JsonFragment, writeFragments, writeJsonStream } from '../../src/render/json-stream.js';
import { writeCsv } from '../../src/render/output.js';
import { emailLookup, gatherPopulation } from '../../src/services/progressions.js';
import {
  listReminders, markRemindersSent, recordSentMarks, REMINDER_CSV_COLUMNS, REMINDERS_PARALLEL_FROM, type RemindersRequest, remindersSerialized,
} from '../../src/services/reminders.js';
import type { Reminder } from '../../src/engine/reminders.js';
import type { Session } from '../../src/services/session.js';
import { openDb } from '../../src/store/db.js';
import { gatherFacts } from '../../src/store/facts.js';
import { BIN, ROOT } from '../helpers/cli.js';
import { env, generate, session } from './helpers.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'credtrack-perf-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));



/** The items of reading every record of every active person. */
function readingEverything(s: Session, within: number) {
  const everything = [...gatherFacts(s.db, 'all').values()].filter((f) => f.person.status === 'active');
  const options = { asOf: s.asOf, within, thresholds: DEFAULT_THRESHOLDS, payroll: s.rules().pack.payroll ?? null, kinds: new Set(REMINDER_KINDS), supervisorEmail: emailLookup(s, everything) };
  return collectReminders(s.rules(), everything, options);
}

/** What writeJsonStream writes: of items, or of fragments. */
async function written(items: Iterable<unknown>, pretty: boolean): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  // Copied as a file descriptor would: a fragment's buffer is reused once written.
  out.on('data', (c: Buffer) => chunks.push(Buffer.from(c)));
  await writeJsonStream({ stdout: out, stdoutIsTTY: pretty } as unknown as Context, { as_of: 'x' }, 'reminders', items);
  return Buffer.concat(chunks).toString('utf8');
}

/** What a command writes to standard output through `write(ctx)`. */
async function captured(write: (ctx: Context) => Promise<void>): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(Buffer.from(c)));
  await write({ stdout: out, stdoutIsTTY: false, out: (t: string) => out.write(t) } as unknown as Context);
  return Buffer.concat(chunks).toString('utf8');
}

/** The CSV of items as writeCsv writes it (what `reminders --format csv --mark-sent` prints). */
const csvOf = (items: Reminder[]) => captured((ctx) => writeCsv(ctx, [...REMINDER_CSV_COLUMNS], items.map((r) => REMINDER_CSV_COLUMNS.map((k) => r[k] as string))));

/** Serialised fragments between a head and a tail, as the command writes them. */
const fragmentsOf = (head: string, fragments: Iterable<JsonFragment>, tail: string) => captured((ctx) => writeFragments(ctx, head, fragments, tail));

/** What marking reminders sent recorded: the marks in the order written, and the audit entries' contents. */
function recordedMarks(file: string) {
  const db = openDb(file);
  try {
    return {
      sent: db.prepare('SELECT key, threshold FROM reminders_sent ORDER BY rowid').raw().all(),
      audit: db.prepare(`SELECT action, record_type, after FROM audit WHERE record_type = 'reminders_sent' ORDER BY id`).raw().all(),
    };
  } finally {
    db.close();
  }
}

describe('reminders', () => {
  it.each(['2026-11-22', '2025-06-30'])('read only the records and hours each person needs, with the same items as reading everything (as of %s)', (asOf) => {
    const s = session(generate(600, path.join(dir, `small-${asOf}.db`)), asOf);
    try {
      const expected = readingEverything(s, 120);
      expect(expected.length).toBeGreaterThan(50);
      expect(listReminders(s, { within: 120 }).reminders).toEqual(expected);
      expect(listReminders(s, { within: 120 }, gatherPopulation(s)).reminders).toEqual(expected);
    } finally {
      s.db.close();
    }
  }, 240_000);

  it('read all the screenings of people whose rules read them, with the same items as reading everything', () => {
    const file = generate(600, path.join(dir, 'screening-deadline.db'));
    // PSS holders must pass a tb screening within a year of hire: a deadline that reads screenings.
    const pack = YAML.parse(fs.readFileSync(path.join(ROOT, 'rules', 'default.yaml'), 'utf8'));
    const tb = pack.positions.find((p: { code: string }) => p.code === 'PSS').requirements.find((r: { id: string }) => r.id === 'tb');
    tb.deadline = { after_hire: { years: 1 } };
    const packFile = path.join(dir, 'screening-deadline.yaml');
    fs.writeFileSync(packFile, YAML.stringify(pack));
    expect(spawnSync(BIN, ['rules', 'load', packFile, '--db', file], { env, encoding: 'utf8' }).status).toBe(0);
    const s = session(file, '2026-11-22', 'reminders');
    try {
      const expected = readingEverything(s, 120);
      expect(expected.filter((r) => r.kind === 'certification_deadline' && r.subject === 'tb').length).toBeGreaterThan(0);
      expect(listReminders(s, { within: 120 }).reminders).toEqual(expected);
    } finally {
      s.db.close();
    }
  }, 240_000);

  it('as JSON, CSV and iCalendar serialised batch by batch, are the bytes writeJsonStream, writeCsv and renderIcs write of the items, for every option', async () => {
    const s = session(generate(2_500, path.join(dir, 'json.db')), '2026-11-22', 'reminders');
    try {
      const all = listReminders(s, {}).reminders;
      markRemindersSent(s, all.filter((_, i) => i % 3 === 0));
      const site = all[0]!.site!;
      const inactive = (s.db.prepare(`SELECT person_id FROM people WHERE status = 'inactive' LIMIT 3`).pluck().all() as string[]);
      const requests: RemindersRequest[] = [
        {}, { within: 30 }, { unsent: true }, { kinds: ['ceu_deficit', 'progression_due'] }, { thresholds: [45, 10] }, { site },
        { people: [...inactive, all[0]!.person, all.at(-1)!.person] },
      ];
      for (const req of requests) {
        const expected = listReminders(s, req);
        for (const pretty of [false, true]) {
          const json = await remindersSerialized(s, req, { format: 'json', pretty });
          expect(json.count).toBe(expected.reminders.length);
          expect(json.overdue).toBe(expected.overdue);
          expect(await written(json.fragments, pretty)).toBe(await written(expected.reminders, pretty));
        }
        const csv = await remindersSerialized(s, req, { format: 'csv' });
        expect([csv.count, csv.overdue]).toEqual([expected.reminders.length, expected.overdue]);
        const header = (await csvOf([])).trimEnd();
        expect(await fragmentsOf(`${header}\n`, csv.fragments, '')).toBe(await csvOf(expected.reminders));
        const ics = await remindersSerialized(s, req, { format: 'ics' });
        expect(await fragmentsOf(ICS_HEAD, ics.fragments, ICS_TAIL)).toBe(renderIcs(expected.reminders, s.asOf));
      }
    } finally {
      s.db.close();
    }
  }, 240_000);

  it('serialised with their sent-marks, record what marking the items records (--mark-sent), twice over', async () => {
    const base = generate(1_500, path.join(dir, 'marks.db'));
    const copies = ['objects', 'serialised'].map((name) => {
      const file = path.join(dir, `marks-${name}.db`);
      fs.copyFileSync(base, file);
      return file;
    });
    const requests: RemindersRequest[] = [{ unsent: true }, { unsent: true, within: 365, thresholds: [120, 30] }, { unsent: true }, { kinds: ['ceu_deficit'] }];
    for (const [i, asOf] of ['2026-11-22', '2026-12-20'].entries()) {
      for (const req of requests) {
        const a = session(copies[0]!, asOf, 'reminders');
        const b = session(copies[1]!, asOf, 'reminders');
        try {
          const items = listReminders(a, req).reminders;
          const n = markRemindersSent(a, items);
          const res = await remindersSerialized(b, req, { format: i ? 'csv' : 'json', pretty: false }, { marks: true });
          expect(res.count).toBe(items.length);
          expect(recordSentMarks(b, res.marked!)).toBe(n);
        } finally {
          a.db.close();
          b.db.close();
        }
      }
    }
    const [objects, serialised] = copies.map(recordedMarks);
    expect(objects!.sent.length).toBeGreaterThan(100);
    expect(objects!.audit.length).toBeGreaterThan(2);
    expect(serialised).toEqual(objects);
  }, 240_000);

  it(`on worker threads write exactly what one thread writes (${REMINDERS_PARALLEL_FROM} people)`, async () => {
    const file = generate(REMINDERS_PARALLEL_FROM, path.join(dir, 'large.db'));
    const asOf = '2026-11-22';
    const run = (args: string[]) => spawnSync(BIN, [...args, '--as-of', asOf, '--db', file], { env, encoding: 'utf8', maxBuffer: 1 << 30, timeout: 180_000 });
    const json = run(['reminders', '--json', '--exit-code']);
    expect(json.stderr).toBe('');
    const csv = run(['reminders', '--format', 'csv', '--unsent', '--kind', 'ceu_deficit', 'credential_expiring']);
    expect(csv.status).toBe(0);
    const ics = run(['reminders', '--format', 'ics', '--within', '30']);
    expect(ics.status).toBe(0);
    const s = session(file, asOf, 'reminders');
    try {
      const res = listReminders(s, {});
      expect(json.stdout).toBe(`{"as_of":"${asOf}","within_days":90,"reminders":[${res.reminders.map((r) => JSON.stringify(r)).join(',')}]}\n`);
      expect(json.status).toBe(res.overdue > 0 ? 1 : 0);
      const some = listReminders(s, { unsent: true, kinds: ['ceu_deficit', 'credential_expiring'] }).reminders;
      expect(csv.stdout.trim().split('\n').length).toBe(some.length + 1);
      expect(csv.stdout).toBe(await csvOf(some));
      expect(ics.stdout).toBe(renderIcs(listReminders(s, { within: 30 }).reminders, asOf));
    } finally {
      s.db.close();
    }
    // --mark-sent on the threads records what marking the items in one thread records.
    const marked = path.join(dir, 'large-marked.db');
    fs.copyFileSync(file, marked);
    const cron = spawnSync(BIN, ['reminders', '--unsent', '--mark-sent', '--format', 'csv', '--as-of', asOf, '--db', marked], { env, encoding: 'utf8', maxBuffer: 1 << 30, timeout: 180_000 });
    expect(cron.stderr).toBe('');
    const t = session(file, asOf, 'reminders');
    try {
      const items = listReminders(t, { unsent: true }).reminders;
      expect(cron.stdout).toBe(await csvOf(items));
      markRemindersSent(t, items);
    } finally {
      t.db.close();
    }
    const [threads, one] = [marked, file].map(recordedMarks);
    expect(one!.sent.length).toBeGreaterThan(1000);
    expect(threads).toEqual(one);
    const again = spawnSync(BIN, ['reminders', '--unsent', '--mark-sent', '--format', 'csv', '--as-of', asOf, '--db', marked], { env, encoding: 'utf8', timeout: 180_000 });
    expect([again.status, again.stdout]).toEqual([0, '']);
  }, 300_000);
});
