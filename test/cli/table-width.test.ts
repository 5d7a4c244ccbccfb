// Text tables fit the terminal's width ($COLUMNS, else a terminal's own): long columns are
// narrowed and their text wrapped within the cell, or each row becomes a stacked record.
// Every line fits, every cell's text is still there, accented and wide characters line up;
// in a pipe without $COLUMNS the tables are as wide as their text, as before.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import stringWidth from 'string-width';
import { beforeAll, describe, expect, it } from 'vitest';
import { wrapText } from '../../src/render/text-width.js';
import { fitTable } from '../../src/render/fit-table.js';
import { BIN, ROOT, initialised, sandbox, type Sandbox } from '../helpers/cli.js';
import { ok } from './assert.js';

const AS_OF = '2026-11-22';
/** util-linux `script`, to run a command on a terminal. */
const SCRIPT = ['/usr/bin/script', '/bin/script'].find((p) => fs.existsSync(p));
const squash = (s: string) => s.replace(/\s+/g, '');
const widest = (out: string) => Math.max(...out.split('\n').map((l) => stringWidth(l)));

/**
 * The rows of a table as printed, each cell's lines joined and its spaces removed (a word
 * broken across lines joins up again): boxed (│ … │), or stacked records (── n ──, then
 * `label  value` lines) with the given labels. The heading row is left out.
 */
function printedRows(out: string, labels: string[]): string[][] {
  const lines = out.split('\n');
  const rows: string[][] = [];
  if (lines.some((l) => l.startsWith('┌'))) {
    let row: string[] | null = null;
    for (const line of lines) {
      if (line.startsWith('│')) {
        const cells = line.split('│').slice(1, -1);
        row ??= cells.map(() => '');
        cells.forEach((c, i) => { row![i] += squash(c); });
      } else if (row && (line.startsWith('├') || line.startsWith('└'))) { rows.push(row); row = null; }
    }
    return rows.slice(1);
  }
  const label = new RegExp(`^(${labels.join('|')})( {2,}|$)`);
  let field = -1;
  for (const line of lines) {
    if (line.startsWith('── ')) { rows.push(labels.map(() => '')); field = -1; continue; }
    if (!rows.length) continue;
    const m = label.exec(line);
    if (m) field = labels.indexOf(m[1]!);
    if (field >= 0) rows.at(-1)![field] += squash(m ? line.slice(m[0].length) : line);
  }
  return rows;
}

describe('wrapping a cell', () => {
  it('wraps at spaces, breaks a word longer than the width after a hyphen where it can, and cuts nothing', () => {
    expect(wrapText('RSS-TRAINEE → RSS: eligible on 2026-11-22', 20)).toBe('RSS-TRAINEE → RSS:\neligible on\n2026-11-22');
    expect(wrapText('training-hours (6 h short)', 10)).toBe('training-\nhours (6 h\nshort)');
    expect(wrapText('x'.repeat(25), 10)).toBe(`${'x'.repeat(10)}\n${'x'.repeat(10)}\n${'x'.repeat(5)}`);
  });

  it('measures accents (composed or not) as one column and CJK as two, and never splits a letter from its accent', () => {
    const nfd = 'Zoe\u0308 Nun\u0303ez'; // "Zoë Nuñez", decomposed
    expect(wrapText(nfd, 9)).toBe(nfd);
    expect(wrapText('e\u0301'.repeat(6), 4)).toBe(`${'e\u0301'.repeat(4)}\n${'e\u0301'.repeat(2)}`);
    expect(wrapText('中文中文', 5)).toBe('中文\n中文');
  });

  it('keeps each wrapped line\'s colour to itself', () => {
    const red = (s: string) => `\u001b[31m${s}\u001b[39m`;
    expect(wrapText(red('no (holds, active)'), 10)).toBe(`\u001b[31mno (holds,\u001b[0m\n\u001b[31mactive)\u001b[39m`);
  });

  it('leaves a table alone when it fits, or when there is no width to fit', () => {
    expect(fitTable(['a', 'b'], [['1', 'x'.repeat(100)]], undefined, 'boxed')).toEqual({ kind: 'natural' });
    expect(fitTable(['a', 'b'], [['1', 'two words']], 80, 'boxed')).toEqual({ kind: 'natural' });
  });
});

describe('people list', () => {
  let s: Sandbox;
  const people = [
    ['P1', 'María José', "Núñez-O'Brien", 'Springfield North Campus'],
    ['P2', 'Zoe\u0308', 'Nun\u0303ez', '中文中文'], // decomposed accents, wide characters
    ['P3', 'Long', `Name${'e'.repeat(40)}`, 'Shelbyville'],
  ];
  beforeAll(() => {
    s = initialised('table-width');
    for (const [id, first, last, site] of people) ok(s.run(['people', 'add', id!, '--first-name', first!, '--last-name', last!, '--site', site!, '--hire-date', '2026-01-05', '--supervisor', 'S001']));
  });
  const expected = people.map(([id, first, last, site]) => [id!, squash(`${first} ${last}`), squash(site!), 'S001', '2026-01-05', 'active']);

  for (const columns of [40, 50, 60, 70, 80]) {
    it(`fits ${columns} columns with every cell's text kept, lines aligned`, () => {
      const out = ok(s.run(['people', 'list'], { env: { COLUMNS: String(columns) } })).stdout;
      expect(widest(out)).toBeLessThanOrEqual(columns);
      expect(printedRows(out, ['person', 'name', 'site', 'supervisor', 'hire date', 'status'])).toEqual(expected);
      // A boxed table's lines are all as wide as its border: accents and wide characters line up.
      const boxed = out.split('\n').filter((l) => /^[┌│├└]/.test(l));
      for (const l of boxed) expect(stringWidth(l)).toBe(stringWidth(boxed[0]!));
    });
  }

  it('in a pipe without $COLUMNS (or with one that is not a number) is as wide as its text, as before', () => {
    const natural = ok(s.run(['people', 'list'])).stdout;
    expect(natural).toContain(`│ Long Name${'e'.repeat(40)} │`);
    expect(widest(natural)).toBeGreaterThan(80);
    expect(ok(s.run(['people', 'list'], { env: { COLUMNS: '' } })).stdout).toBe(natural);
    expect(ok(s.run(['people', 'list'], { env: { COLUMNS: 'wide' } })).stdout).toBe(natural);
    // JSON and CSV are never wrapped.
    expect(ok(s.run(['people', 'list', '--format', 'csv'], { env: { COLUMNS: '40' } })).stdout).toBe(ok(s.run(['people', 'list', '--format', 'csv'])).stdout);
  });

  it.skipIf(!SCRIPT)('fits a terminal\'s width when stdout is one (util-linux script(1) gives it a terminal)', () => {
    const typescript = path.join(s.dir, 'typescript');
    const quote = (a: string) => `'${a.replace(/'/g, "'\\''")}'`;
    const r = spawnSync(SCRIPT!, ['-qec', `stty cols 50; ${quote(BIN)} people list`, typescript], {
      env: { ...process.env, COLUMNS: undefined, CREDTRACK_DB: s.db, NO_COLOR: '1', TZ: 'UTC' }, encoding: 'utf8', timeout: 60_000,
    });
    expect(r.status).toBe(0);
    const out = r.stdout.replace(/\r/g, '');
    expect(out).toContain('P3');
    expect(widest(out)).toBeLessThanOrEqual(50);
    expect(printedRows(out, ['person', 'name', 'site', 'supervisor', 'hire date', 'status'])).toEqual(expected);
  });
});

describe('the demo database', () => {
  let s: Sandbox;
  beforeAll(() => {
    s = sandbox('table-width-demo');
    ok(s.run(['init']));
    for (const type of ['people', 'positions', 'hours', 'exams', 'credentials', 'evaluations', 'screenings']) {
      ok(s.run(['import', path.join(ROOT, 'fixtures/demo', `${type}.csv`), '--type', type]));
    }
  }, 120_000);

  for (const columns of [50, 80, 120]) {
    it(`reminders fit ${columns} columns, every reminder's text kept`, () => {
      const natural = ok(s.run(['reminders', '--as-of', AS_OF])).stdout;
      expect(widest(natural)).toBeGreaterThan(120);
      const out = ok(s.run(['reminders', '--as-of', AS_OF], { env: { COLUMNS: String(columns) } })).stdout;
      expect(widest(out)).toBeLessThanOrEqual(columns);
      const items = ok(s.run(['reminders', '--as-of', AS_OF, '--json'])).json.reminders;
      const printed = printedRows(out.split('\n').slice(1).join('\n'), ['person', 'contact', 'due', 'days', 'severity', 'kind', 'what']);
      expect(printed).toHaveLength(items.length);
      items.forEach((r: { due: string; kind: string; message: string }, i: number) => {
        expect(printed[i]!.slice(2)).toEqual([r.due, expect.any(String), expect.any(String), r.kind, expect.stringContaining(squash(r.message))]);
      });
    });

    it(`check --all fits ${columns} columns, every result kept`, () => {
      const out = ok(s.run(['check', '--all', '--as-of', AS_OF], { env: { COLUMNS: String(columns) } })).stdout;
      expect(widest(out)).toBeLessThanOrEqual(columns);
      const results = ok(s.run(['check', '--all', '--as-of', AS_OF, '--json'])).json.results;
      const printed = printedRows(out.split('\n').slice(1).join('\n'), ['person', 'name', 'rule', 'eligible', 'missing', 'projected']);
      expect(printed.map((r) => [r[0], r[1], r[2]])).toEqual(results.map((r: { person: string; name: string; rule: string }) => [r.person, squash(r.name), r.rule]));
    });
  }

  it('audit and report fit 80 columns', () => {
    for (const args of [['audit'], ['imports', 'list'], ['rules', 'list'], ['progressions', '--as-of', AS_OF], ['report', '--as-of', AS_OF]]) {
      expect(widest(ok(s.run(args, { env: { COLUMNS: '80' } })).stdout)).toBeLessThanOrEqual(80);
    }
  });
});

describe('a large table (plain, from 1,000 rows)', () => {
  it('fits the width too, every cell kept', async () => {
    const { PLAIN_TABLE_FROM, renderTable } = await import('../../src/render/output.js');
    const rows = Array.from({ length: PLAIN_TABLE_FROM }, (_, i) => [`P${i}`, `Zoe\u0308 ${i}`, `work-hours (${i} h short) and a long message about it`]);
    const out = await renderTable({ color: false, width: 40 } as Parameters<typeof renderTable>[0], ['person', 'name', 'missing'], rows);
    expect(out).not.toContain('┌');
    expect(widest(out)).toBeLessThanOrEqual(40);
    expect(squash(out)).toContain(squash(`P999 Zoe\u0308 999`));
    expect(out.split('\n').filter((l) => /^P\d+ /.test(l))).toHaveLength(PLAIN_TABLE_FROM);
  });
});
