// The HTML report renders in a real browser: a headless Chromium screenshot, when
// /usr/bin/chromium exists (skipped otherwise; docs/reminders.md gives the manual step).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { initialised } from '../helpers/cli.js';

const CHROMIUM = '/usr/bin/chromium';

describe.skipIf(!fs.existsSync(CHROMIUM))('report --format html in Chromium', () => {
  it('renders to a non-empty screenshot', () => {
    const s = initialised('report-html');
    for (const args of [
      ['people', 'add', 'P1', '--first-name', 'Ana', '--last-name', 'Diaz'],
      ['credential', 'grant', 'P1', '--credential', 'CRSS', '--issued', '2025-01-15'],
    ]) expect(s.run(args).code).toBe(0);
    expect(s.run(['report', '--format', 'html', '--output', 'report.html', '--as-of', '2026-12-01']).code).toBe(0);
    const png = path.join(s.dir, 'report.png');
    const r = spawnSync(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', `--screenshot=${png}`, '--window-size=1200,1600',
      `file://${path.join(s.dir, 'report.html')}`], { encoding: 'utf8', timeout: 60_000 });
    expect(fs.existsSync(png), r.stderr).toBe(true);
    const bytes = fs.readFileSync(png);
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(bytes.length).toBeGreaterThan(10_000);
  });
});
