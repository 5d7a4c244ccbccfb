// The bytes of import files as text (src/io/encoding.ts, src/io/read-rows.ts), in-process:
// UTF-8 passes through unchanged however it is cut into chunks; UTF-16 (either byte order,
// with or without a BOM) reads as the same text; bytes that are not UTF-8 (Windows-1252,
// Latin-1) are never turned into text silently: the reader names the line and the cell.
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { ImportText } from '../../src/io/encoding.js';
import { readCsv, readJsonArray, readNdjson, type RawRow, type Source } from '../../src/io/read-rows.js';

const SEED = 20261125;

/** The bytes cut at the given points, as a stream would deliver them. */
function chunked(bytes: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const c of at) {
    out.push(bytes.subarray(from, c));
    from = c;
  }
  out.push(bytes.subarray(from));
  return out.filter((b) => b.length > 0);
}

function decodeAll(chunks: Buffer[]): { text: ImportText; bytes: Buffer } {
  const text = new ImportText();
  const parts: Buffer[] = [];
  for (const c of chunks) parts.push(...text.push(c));
  parts.push(...text.end());
  return { text, bytes: Buffer.concat(parts) };
}

function utf16(s: string, order: 'le' | 'be', bom: boolean): Buffer {
  const le = Buffer.from(s, 'utf16le');
  const units = order === 'le' ? le : Buffer.from(le).swap16();
  return Buffer.concat([bom ? Buffer.from(order === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]) : Buffer.alloc(0), units]);
}

const source = (name: string): Source => ({ name, open: () => { throw new Error('not used'); } });

async function csvRows(name: string, chunks: Buffer[]): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  for await (const batch of readCsv(source(name), Readable.from(chunks), () => undefined)) rows.push(...batch);
  return rows;
}

async function refusal(run: () => Promise<unknown>): Promise<InputError> {
  try {
    await run();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

/** Text with some letters outside ASCII that Latin-1 can write (é, ñ, ü, ø ...) or not. */
const someText = fc.string({ unit: fc.constantFrom(...'abcXYZ ,."\n\r0123456789éñüøÅßçÉ'), maxLength: 60 });

describe('ImportText', () => {
  it('passes any UTF-8 through unchanged, however the chunks cut it, and never fails', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.array(fc.nat(400), { maxLength: 6 }), (s, cuts) => {
      const bytes = Buffer.from(s, 'utf8');
      // Not a UTF-16 look-alike (a NUL after each of the first two letters) or a UTF-16 BOM.
      fc.pre(!(bytes.length >= 4 && bytes[1] === 0 && bytes[3] === 0) && !(bytes[0] === 0xff && bytes[1] === 0xfe) && !(bytes[0] === 0xfe && bytes[1] === 0xff));
      const { text, bytes: out } = decodeAll(chunked(bytes, cuts));
      expect(text.failed).toBe(false);
      expect(out.equals(bytes)).toBe(true);
    }), { seed: SEED, numRuns: 2000 });
  });

  it('reads UTF-16 in either byte order, with a BOM or (for an ASCII start) without, as the same text', () => {
    const textArb = fc.tuple(fc.stringMatching(/^[a-z_]{2,10}$/), fc.string({ unit: 'grapheme', maxLength: 40 }))
      .map(([head, rest]) => head + rest)
      // A lone surrogate is not text in any encoding (checked below).
      .filter((s) => !/[\uD800-\uDFFF]/.test(s.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, '')));
    fc.assert(fc.property(textArb, fc.constantFrom('le' as const, 'be' as const), fc.boolean(), fc.array(fc.nat(400), { maxLength: 6 }), (s, order, bom, cuts) => {
      const { text, bytes } = decodeAll(chunked(utf16(s, order, bom), cuts));
      expect(text.encoding).toBe(order === 'le' ? 'UTF-16LE' : 'UTF-16BE');
      expect(text.failed).toBe(false);
      expect(bytes.toString('utf8')).toBe(s);
    }), { seed: SEED, numRuns: 1000 });
  });

  it('marks a byte that is not UTF-8 and shows it, with its Windows-1252 reading', () => {
    const { text, bytes } = decodeAll([Buffer.from('Ana D'), Buffer.from([0xed]), Buffer.from('az, Zo\xeb', 'latin1')]);
    expect(text.failed).toBe(true);
    expect(text.firstBad).toEqual({ offset: 5, bytes: '0xED' });
    const cell = bytes.toString('utf8').split(', ')[0]!;
    expect(text.isBad(cell)).toBe(true);
    expect(text.describe(cell)).toBe('"Ana D\\xEDaz" is not UTF-8 text (in Windows-1252 it would read "Ana Díaz")');
    expect(text.isBad('Ana Diaz')).toBe(false);
  });

  it('reads the bytes as Windows-1252 does (its own letters in 0x80–0x9F), and gives no reading for bytes it leaves undefined', () => {
    const show = (bytes: number[]) => {
      const { text, bytes: out } = decodeAll([Buffer.from(bytes)]);
      return text.describe(out.toString('utf8'));
    };
    // Smart quotes, the euro sign and an en dash, as Excel writes them.
    expect(show([0x93, 0x41, 0x94, 0x20, 0x80, 0x35, 0x96, 0x36])).toBe('"\\x93A\\x94 \\x805\\x966" is not UTF-8 text (in Windows-1252 it would read "“A” €5–6")');
    expect(show([0x41, 0x81])).toBe('"A\\x81" is not UTF-8 text');
  });

  it('takes a truncated sequence at the end, overlongs and surrogates in UTF-8 as bad bytes', () => {
    for (const bad of [[0xc3], [0xe2, 0x82], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xff]]) {
      const { text, bytes } = decodeAll([Buffer.concat([Buffer.from('id\nx'), Buffer.from(bad)])]);
      expect(text.failed, JSON.stringify(bad)).toBe(true);
      expect(text.isBad(bytes.toString('utf8')), JSON.stringify(bad)).toBe(true);
    }
  });

  it('takes an unpaired surrogate or a lone byte at the end of UTF-16 as not text', () => {
    const lone = Buffer.concat([utf16('id\nx', 'le', true), Buffer.from([0x00, 0xd8]), utf16('y', 'le', false)]);
    const a = decodeAll([lone]);
    expect(a.text.failed).toBe(true);
    expect(a.text.describe('x\uFFFDy')).toMatch(/is not UTF-16LE text/);
    const odd = decodeAll([Buffer.concat([utf16('id\nx', 'be', true), Buffer.from([0x00])])]);
    expect(odd.text.failed).toBe(true);
  });

  it('names the file to convert in the hint, quoted for the shell when it must be', () => {
    const text = new ImportText();
    expect(text.hint('staff list.csv', 'csv')).toContain(`iconv -f WINDOWS-1252 -t UTF-8 'staff list.csv' > 'staff list-utf8.csv'`);
    expect(text.hint('stdin', 'csv')).toContain('iconv -f WINDOWS-1252 -t UTF-8 FILE.csv > FILE-utf8.csv');
    expect(text.hint('x.csv', 'csv')).toMatch(/CSV UTF-8/);
  });
});

describe('readCsv and the file encoding', () => {
  it('refuses a Latin-1 file at the first cell that is not UTF-8, wherever the chunks cut it: the right line and column', async () => {
    const cell = fc.tuple(someText, fc.boolean()).map(([t, quote]) => (quote || /[,"\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t));
    const file = fc.array(fc.tuple(fc.stringMatching(/^P[0-9]{1,3}$/), cell, cell), { minLength: 1, maxLength: 6 });
    await fc.assert(fc.asyncProperty(file, fc.array(fc.nat(600), { maxLength: 5 }), fc.constantFrom('\n', '\r\n'), async (rows, cuts, eol) => {
      const text = ['person_id,first_name,last_name', ...rows.map((r) => r.join(','))].join(eol) + eol;
      const latin1 = Buffer.from(text, 'latin1');
      // Where the first letter outside ASCII is: the row (its first line) and the cell.
      const utf8Rows = await csvRows('t.csv', [Buffer.from(text, 'utf8')]);
      const first = utf8Rows.find((r) => Object.values(r.cells).some((v) => /[^\x00-\x7f]/.test(String(v))));
      if (!first) {
        expect(await csvRows('t.csv', chunked(latin1, cuts))).toEqual(utf8Rows);
        return;
      }
      const column = Object.entries(first.cells).find(([, v]) => /[^\x00-\x7f]/.test(String(v)))![0];
      const err = await refusal(() => csvRows('t.csv', chunked(latin1, cuts)));
      expect(err.message).toMatch(new RegExp(`^t\\.csv:${first.line}: ${column}: ".*" is not UTF-8 text`));
      expect(err.hint).toMatch(/CSV UTF-8/);
    }), { seed: SEED, numRuns: 500 });
  });

  it('reads the same rows from UTF-8, UTF-8 with a BOM and UTF-16 (both orders, BOM or not)', async () => {
    const text = 'person_id,first_name,last_name\r\nP1,José,"Núñez, Jr"\r\nP2,Zoë,Ødegård 😀\r\n';
    const want = await csvRows('t.csv', [Buffer.from(text, 'utf8')]);
    expect(want[0]!.cells).toEqual({ person_id: 'P1', first_name: 'José', last_name: 'Núñez, Jr' });
    for (const bytes of [Buffer.from(`\uFEFF${text}`, 'utf8'), utf16(text, 'le', true), utf16(text, 'be', true), utf16(text, 'le', false), utf16(text, 'be', false)]) {
      for (const cuts of [[], [1], [3, 7, 8], [21, 22, 23, 24, 25]]) {
        expect(await csvRows('t.csv', chunked(bytes, cuts))).toEqual(want);
      }
    }
  });

  it('names the header when its names are not UTF-8', async () => {
    const err = await refusal(() => csvRows('t.csv', [Buffer.from('person_id,pr\xe9nom\nP1,x\n', 'latin1')]));
    expect(err.message).toBe('t.csv:1: the header, column 2: "pr\\xE9nom" is not UTF-8 text (in Windows-1252 it would read "prénom")');
  });
});

describe('JSON and NDJSON and the file encoding', () => {
  it('refuses a JSON file whose item holds bytes that are not UTF-8, naming the item and key', async () => {
    const bytes = Buffer.from('[{"person_id":"P1","last_name":"Diaz"},\n{"person_id":"P2","last_name":"D\xedaz"}]', 'latin1');
    const err = await refusal(async () => { for await (const _ of readJsonArray(source('p.json'), Readable.from([bytes]))) { /* read */ } });
    expect(err.message).toBe('p.json: item 2: last_name: "D\\xEDaz" is not UTF-8 text (in Windows-1252 it would read "Díaz")');
  });

  it('reads JSON in UTF-16', async () => {
    const rows: RawRow[] = [];
    for await (const b of readJsonArray(source('p.json'), Readable.from([utf16('[{"person_id":"P1","last_name":"Núñez"}]', 'le', true)]))) rows.push(...b);
    expect(rows).toEqual([{ line: 1, cells: { person_id: 'P1', last_name: 'Núñez' } }]);
  });

  it('numbers NDJSON lines as a line-by-line reader does, whatever the line endings and wherever the chunks cut', async () => {
    const line = fc.oneof(fc.constant(''), fc.constant('  '), fc.integer().map((i) => `{"person_id":"P${i}","note":"é ${i}"}`));
    await fc.assert(fc.asyncProperty(fc.array(fc.tuple(line, fc.constantFrom('\n', '\r\n', '\r')), { minLength: 1, maxLength: 8 }), fc.boolean(), fc.array(fc.nat(300), { maxLength: 6 }), async (lines, lastEol, cuts) => {
      const text = lines.map(([l, eol], i) => l + (i < lines.length - 1 || lastEol ? eol : '')).join('');
      // The reference: split the whole text at once.
      const want = text.split(/\r\n|\n|\r/).map((l, i) => [i + 1, l.trim()] as const).filter(([, l]) => l !== '').map(([n, l]) => ({ line: n, cells: JSON.parse(l) }));
      const got: RawRow[] = [];
      for await (const b of readNdjson(Readable.from(chunked(Buffer.from(text, 'utf8'), cuts)))) got.push(...b);
      expect(got).toEqual(want);
    }), { seed: SEED, numRuns: 1000 });
  });

  it('rejects an NDJSON line that is not UTF-8 (and only it), keeping line numbers across CRLF cut anywhere', async () => {
    const bytes = Buffer.from('{"person_id":"P1"}\r\n\r\n{"person_id":"P2","last_name":"D\xedaz"}\r\n{"person_id":"P3","last_name":"Zo\xc3\xab"}\r\n', 'latin1');
    for (let cut = 0; cut <= bytes.length; cut++) {
      const rows: RawRow[] = [];
      for await (const b of readNdjson(Readable.from(chunked(bytes, [cut])))) rows.push(...b);
      expect(rows.map((r) => r.line), `cut at ${cut}`).toEqual([1, 3, 4]);
      expect(rows[0]!.cells).toEqual({ person_id: 'P1' });
      expect(rows[1]!.cells.__shape).toMatch(/^last_name: "D\\xEDaz" is not UTF-8 text \(in Windows-1252 it would read "Díaz"\); save the file as UTF-8/);
      expect(rows[2]!.cells).toEqual({ person_id: 'P3', last_name: 'Zoë' });
    }
  });
});
