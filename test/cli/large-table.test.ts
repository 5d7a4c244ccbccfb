// Large tables are laid out plainly (cli-table3 took minutes for tens of thousands of rows):
// aligned columns, a cell's lines stacked, colour codes taking no room, nothing cut.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writePlainTable } from '../../src/render/plain-table.js';
import { PLAIN_TABLE_FROM, renderTable } from '../../src/render/output.js';
import { BIN, sandbox } from '../helpers/cli.js';
import { env, generate } from '../perf/helpers.js';

const render = (header: string[], rows: string[][]) => {
  let out = '';
  writePlainTable((t) => { out += t; }, header, rows);
  return out;
};

describe('plain table', () => {
  it('pads every column to its widest line and stacks the lines of a cell', () => {
    expect(render(['person', 'missing', 'projected'], [['P1', 'exam\nwork-hours (5 h short)', '-'], ['P22', '', '2027-01-04']])).toBe([
      'person  missing                 projected',
      '------  ----------------------  ----------',
      'P1      exam                    -',
      '        work-hours (5 h short)',
      'P22                             2027-01-04',
      '',
    ].join('\n'));
  });

  it('does not count colour codes as width, and cuts nothing', () => {
    const long = 'x'.repeat(500);
    const out = render(['a', 'b'], [['\u001b[31mno\u001b[39m', long], ['yes', 'y']]);
    const lines = out.split('\n');
    expect(lines[2]).toBe(`\u001b[31mno\u001b[39m   ${long}`);
    expect(lines[3]).toBe('yes  y');
  });
});

describe('a table rendered into a string (report sections)', () => {
  const ctx = { color: false } as Parameters<typeof renderTable>[0];
  it(`is laid out plainly from ${PLAIN_TABLE_FROM} rows, every row kept, no trailing newline`, async () => {
    const rows = Array.from({ length: PLAIN_TABLE_FROM }, (_, i) => [`P${i}`, i % 2 ? null : 'note']);
    const out = await renderTable(ctx, ['person', 'what'], rows);
    const lines = out.split('\n');
    expect(lines.slice(0, 3)).toEqual(['person  what', '------  ----', 'P0      note']);
    expect(lines).toHaveLength(PLAIN_TABLE_FROM + 2);
    expect(lines.at(-1)).toBe(`P${PLAIN_TABLE_FROM - 1}`);
  });

  it('keeps boxes below that', async () => {
    expect(await renderTable(ctx, ['person'], [['P1']])).toContain('┌');
  });
});

describe('check --all as a table', () => {
  it(`lists every result of a large population (${PLAIN_TABLE_FROM} rows or more), aligned`, () => {
    const s = sandbox('large-table');
    const file = generate(200, path.join(s.dir, 'people.db'));
    const r = spawnSync(BIN, ['check', '--all', '--as-of', '2026-11-22', '--db', file], { env, encoding: 'utf8', maxBuffer: 1 << 28, timeout: 120_000 });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const json = JSON.parse(spawnSync(BIN, ['check', '--all', '--json', '--as-of', '2026-11-22', '--db', file], { env, encoding: 'utf8', maxBuffer: 1 << 28 }).stdout);
    expect(json.results.length).toBeGreaterThanOrEqual(PLAIN_TABLE_FROM);
    const lines = r.stdout.split('\n');
    expect(lines[1]).toMatch(/^person +name +rule +eligible +missing +projected$/);
    const ruleAt = lines[1]!.indexOf('rule');
    // One line per result starts with its person, its rule in the rule column.
    const firsts = lines.slice(3).filter((l) => /^P\d/.test(l));
    expect(firsts.length).toBe(json.results.length);
    firsts.forEach((l, i) => expect(l.slice(ruleAt).startsWith(`${json.results[i].rule} `)).toBe(true));
  }, 180_000);
});
