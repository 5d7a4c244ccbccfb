// parseRow / coerceRow (src/schemas/rows.ts) on anything at all: they never throw; they
// return a valid row or problems that name a column; a cell that was given is never dropped
// without a problem; and a right row written as text (as a CSV holds it) reads back equal.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coerceRow, COLUMNS, type ImportType, parseRow, ROW_SCHEMAS } from '../../src/schemas/rows.js';
import { goodCell, hostileText, NASTY, REQUIRED, TYPES } from './hostile.js';

const SEED = 20261125;
const DANGEROUS_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__shape', ''];
const key = fc.oneof(fc.constantFrom(...DANGEROUS_KEYS), fc.string({ maxLength: 12 }), fc.constantFrom(...new Set(Object.values(COLUMNS).flat())));
const anyValue = fc.oneof(fc.anything(), hostileText, fc.double(), fc.constantFrom(...NASTY));

/** An object with these own keys, "__proto__" included (as JSON.parse makes it). */
function own(entries: [string, unknown][]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}
const anyRow = fc.array(fc.tuple(key, anyValue), { maxLength: 10 }).map(own);
const given = (v: unknown) => v !== null && v !== undefined && !(typeof v === 'string' && v.trim() === '');

describe('parseRow and coerceRow on any input', () => {
  it('never throw; give a valid row of the schema or problems that each name a column', () => {
    fc.assert(fc.property(fc.constantFrom(...TYPES), anyRow, (type, raw) => {
      const parsed = parseRow(type, raw);
      if (parsed.ok) {
        expect(ROW_SCHEMAS[type].safeParse(parsed.value).success).toBe(true);
      } else {
        expect(parsed.problems.length).toBeGreaterThan(0);
        for (const p of parsed.problems) {
          expect(typeof p.column).toBe('string');
          expect(p.message).toMatch(/\S/);
        }
      }
    }), { seed: SEED, numRuns: 3000 });
  });

  it('never drop a given cell: a row is accepted only when every given key is a column, and each is kept', () => {
    // A right row of the type plus a few cells of any name and value, so that many are accepted.
    const nearRow = fc.constantFrom<ImportType>(...TYPES).chain((type) => fc.tuple(
      fc.constant(type),
      fc.tuple(...REQUIRED[type].map((c) => goodCell(type, c))),
      fc.array(fc.tuple(key, fc.oneof(anyValue, fc.constantFrom(null, '', ' '))), { maxLength: 2 }),
    ).map(([t, values, extra]) => [t, own([...REQUIRED[t].map((c, i) => [c, values[i]] as [string, unknown]), ...extra])] as const));
    let accepted = 0;
    fc.assert(fc.property(nearRow, ([type, raw]) => {
      const parsed = parseRow(type, raw);
      if (!parsed.ok) return;
      accepted++;
      for (const [k, v] of Object.entries(raw)) {
        if (!given(v)) continue;
        expect(COLUMNS[type], `accepted with the unknown column ${JSON.stringify(k)}`).toContain(k);
        expect(Object.prototype.hasOwnProperty.call(parsed.value, k), `${k} was dropped`).toBe(true);
      }
    }), { seed: SEED, numRuns: 3000 });
    expect(accepted).toBeGreaterThan(300);
  });

  it('refuse a right row with one more key, whatever its name', () => {
    const rowWithExtra = fc.constantFrom<ImportType>(...TYPES).chain((type) => fc.tuple(
      fc.constant(type),
      fc.tuple(...REQUIRED[type].map((c) => goodCell(type, c))),
      fc.oneof(fc.constantFrom(...DANGEROUS_KEYS.filter(Boolean)), fc.string({ minLength: 1, maxLength: 12 })).filter((k) => !COLUMNS[type].includes(k)),
      fc.oneof(hostileText, fc.constant('x')).filter((v) => v.trim() !== ''),
    ));
    fc.assert(fc.property(rowWithExtra, ([type, values, extra, value]) => {
      const raw = own([...REQUIRED[type].map((c, i) => [c, values[i]] as [string, unknown]), [extra, value]]);
      const parsed = parseRow(type, raw);
      expect(parsed.ok, `${type} with ${JSON.stringify(extra)}: ${JSON.stringify(value)}`).toBe(false);
    }), { seed: SEED, numRuns: 1000 });
  });

  it('coerceRow never throws and only complains about number and yes/no cells', () => {
    fc.assert(fc.property(anyRow, (raw) => {
      const { row, problems } = coerceRow(raw);
      for (const p of problems) expect(['hours', 'score', 'supervised', 'paid', 'lived_experience']).toContain(p.column);
      // What is kept is a value: blanks and nulls mean "not given".
      for (const v of Object.values(row)) expect(v === undefined || v === null || v === '').toBe(false);
    }), { seed: SEED, numRuns: 3000 });
  });

  it('read back what was meant: a right row written as CSV text parses to the same values', () => {
    const TRUE = new Set(['yes', 'y', 'true', '1']);
    const typed = fc.constantFrom<ImportType>(...TYPES).chain((type) => {
      const optional = COLUMNS[type].filter((c) => !REQUIRED[type].includes(c) && !['end_date', 'expires_on', 'domain'].includes(c));
      return fc.tuple(fc.constant(type), fc.subarray(optional)).chain(([t, opt]) => {
        const cols = [...REQUIRED[t], ...opt];
        return fc.tuple(fc.constant(t), fc.constant(cols), fc.tuple(...cols.map((c) => goodCell(t, c))), fc.constantFrom('', ' ', '\t'));
      });
    });
    fc.assert(fc.property(typed, ([type, cols, values, pad]) => {
      const raw = Object.fromEntries(cols.map((c, i) => [c, `${pad}${values[i]}${pad}`]));
      const parsed = parseRow(type, raw);
      // Cells that only disagree with each other (end before start, a domain on work hours) are left out above.
      if (!parsed.ok) expect.fail(`${type} ${JSON.stringify(raw)}: ${JSON.stringify(parsed.problems)}`);
      const v = parsed.value as Record<string, unknown>;
      cols.forEach((c, i) => {
        const cell = (values[i] as string).trim();
        const expected = ['hours', 'score'].includes(c) ? Number(cell)
          : ['supervised', 'paid', 'lived_experience'].includes(c) ? TRUE.has(cell.toLowerCase())
            : cell;
        expect(v[c], `${type}.${c} from ${JSON.stringify(raw[c])}`).toEqual(expected);
      });
    }), { seed: SEED, numRuns: 2000 });
  });
});

describe('the spreadsheet guard both ways', () => {
  it('a cell read back is the value written, whatever it was (safeCell then unguardCell)', async () => {
    const { safeCell, unguardCell } = await import('../../src/io/spreadsheet-cells.js');
    const fc = (await import('fast-check')).default;
    const text = fc.oneof(fc.string(), fc.string().map((x) => `'${x}`), fc.constantFrom('=1+1', '-e1', "'-e1", "''=x", '+', '-5', '-5.5', "'-5", '@a', '\tx'));
    fc.assert(fc.property(text, (v) => unguardCell(safeCell(v)) === v));
    expect(unguardCell("'plain")).toBe("'plain"); // a quote before anything else is the user's
  });
});
