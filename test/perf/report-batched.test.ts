// The compliance report read a batch at a time (reminders on worker threads for a large
// population, progressions of holders of from-positions only, credentials only for the counts)
// is exactly the report of one gather of the whole active workforce, the way it used to be
// computed (kept here as the reference). (No timings: bench/ measures.)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countCredentials } from '../../src/engine/compliance.js';
import { renderHtmlReport } from '../../src/render/html-report.js';
import { gatherPopulation, listProgressions } from '../../src/services/progressions.js';
import { listReminders, REMINDERS_PARALLEL_FROM, reminderHours, reminderRecords } from '../../src/services/reminders.js';
import { assembleReport, buildReport, type ComplianceReport, REPORT_WINDOW_DAYS } from '../../src/services/report.js';
import type { Session } from '../../src/services/session.js';
import { BIN } from '../helpers/cli.js';
import { env, generate, session } from './helpers.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'credtrack-perf-report-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The report as buildReport computed it before: everyone active gathered at once, then the engine over that array. */
function oneGather(s: Session): ComplianceReport {
  const people = gatherPopulation(s, {}, reminderHours(s), reminderRecords(s));
  const reminders = listReminders(s, { within: REPORT_WINDOW_DAYS }, people).reminders;
  const progressions = listProgressions(s, { within: REPORT_WINDOW_DAYS }, people).progressions;
  return assembleReport(s, people.length, countCredentials(s.rules(), people, s.asOf), reminders, progressions);
}

/** The parts of a report a mistake would most likely show in, so that a difference is legible before the whole comparison. */
function outline(r: ComplianceReport) {
  return { people: r.people, credentials: r.credentials, ceu_short: r.ceu_short.length, deadlines: { ...r.deadlines, items: r.deadlines.items.length },
    progressions: { ...r.progressions, items: r.progressions.items.length } };
}

// Large enough for reminders on worker threads (from the build) and for several batches of
// credentials; generated once for both tests.
const PEOPLE = REMINDERS_PARALLEL_FROM;
let file = '';
beforeAll(() => { file = generate(PEOPLE, path.join(dir, 'large.db')); }, 240_000);

describe('report', () => {
  it.each(['2026-11-22', '2025-06-30'])(`read in batches is the report of one gather of everyone (${PEOPLE} people, in-process, as of %s)`, async (asOf) => {
    const s = session(file, asOf, 'report');
    try {
      const expected = oneGather(s);
      // Something in every section, and people of other statuses left out.
      expect(expected.people.with_items).toBeGreaterThan(100);
      expect(expected.people.active).toBeLessThan(PEOPLE);
      expect(expected.people.active).toBeGreaterThan(PEOPLE / 2);
      expect(expected.ceu_short.length).toBeGreaterThan(0);
      expect(expected.progressions.items.length).toBeGreaterThan(0);
      const actual = await buildReport(s);
      expect(outline(actual)).toEqual(outline(expected));
      expect(actual).toEqual(expected);
      // Same keys in the same order, as the JSON output writes them.
      expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
    } finally {
      s.db.close();
    }
  }, 300_000);

  it(`from the CLI (reminders on worker threads) writes the JSON and HTML of one gather of everyone (${PEOPLE} people)`, () => {
    const asOf = '2026-11-22';
    const run = (format: string) => spawnSync(BIN, ['report', '--format', format, '--as-of', asOf, '--db', file], { env, encoding: 'utf8', maxBuffer: 1 << 30, timeout: 180_000 });
    const json = run('json');
    expect(json.stderr).toBe('');
    expect(json.status).toBe(0);
    const html = run('html');
    expect(html.status).toBe(0);
    const s = session(file, asOf, 'report');
    try {
      const expected = oneGather(s);
      expect(outline(JSON.parse(json.stdout) as ComplianceReport)).toEqual(outline(expected));
      expect(json.stdout).toBe(`${JSON.stringify(expected)}\n`);
      expect(html.stdout).toBe(renderHtmlReport(expected));
    } finally {
      s.db.close();
    }
  }, 300_000);
});
