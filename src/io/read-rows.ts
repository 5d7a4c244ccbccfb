// Streaming readers for import files: CSV (csv-parse), NDJSON (line by line) and JSON
// arrays. Each yields raw rows with the line (or item) they came from, and hashes the bytes
// as they pass so the batch can record the file's sha256 without reading it twice. The bytes
// go through ImportText first: UTF-8 or UTF-16 text, or a refusal that names the cell.
import { createHash, type Hash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { InputError } from '../errors.js';
import { ImportText } from './encoding.js';
import { unguardCell } from './spreadsheet-cells.js';

export type FileFormat = 'csv' | 'json' | 'ndjson';

export interface RawRow {
  /** Where the row starts: a line number (CSV, NDJSON) or an item number (JSON). */
  line: number;
  cells: Record<string, unknown>;
  /** The cells as read (CSV), for the rejects file. */
  raw?: string[];
}

export interface Source {
  /** The name used in messages: the path, or "stdin". */
  name: string;
  /** Opens the bytes (only once the import starts, so nothing is opened for a refused command). */
  open(): Readable;
  /** Total bytes when known (a file), for the progress bar. */
  size?: number;
}

/** Counts and hashes the bytes flowing through. */
export class Tap extends Transform {
  readonly hash: Hash = createHash('sha256');
  bytes = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null, data?: Buffer) => void): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    done(null, chunk);
  }
}

export function guessFormat(path: string): FileFormat | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return 'csv';
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return 'ndjson';
  if (lower.endsWith('.json')) return 'json';
  return undefined;
}

/**
 * Header names as spreadsheets write them become column names: surrounding spaces go,
 * case is ignored, and spaces or dashes become underscores ("Person ID" → person_id).
 */
export function normaliseColumn(name: string): string {
  return name.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

const NEWLINE = /\r\n|\n|\r/g;

function newlinesIn(cells: string[]): number {
  let n = 0;
  for (const c of cells) if (c.includes('\n') || c.includes('\r')) n += c.match(NEWLINE)?.length ?? 0;
  return n;
}

export interface CsvHeader {
  /**
   * The type's columns, by position in the file. '' marks a column that holds none: one
   * the header leaves unnamed (spreadsheets write a `,` per formerly used column), or a
   * rejects file's `other`.
   */
  columns: string[];
  line: number;
  /** The row's columns as a rejects file keeps them: the header without a rejects file's trailing `line` and `error`. */
  kept: string[];
}

/** Trailing columns of a rejects file (`line`, `error`): ignored, so a fixed rejects file re-imports. */
const REJECTS_TAIL = ['line', 'error'];
/** The column a rejects file of a JSON or NDJSON import has before `line`: the row's keys that are no column, as JSON. */
const REJECTS_OTHER = 'other';

/**
 * How the header's columns are read. A file is a rejects file when its last named columns
 * are `line`, `error` (unnamed columns after them, as a spreadsheet may add, do not count);
 * their cells are ignored. In a rejects file, an `other` column right before them holds
 * the unknown keys of a JSON row: ignored when empty, a row problem naming them when not.
 */
function headerLayout(names: string[]) {
  let end = names.length;
  while (end > 0 && names[end - 1] === '') end--;
  const rejectsFile = end >= REJECTS_TAIL.length && names.slice(end - REJECTS_TAIL.length, end).join() === REJECTS_TAIL.join();
  const rowWidth = rejectsFile ? end - REJECTS_TAIL.length : names.length;
  const other = rejectsFile && names[rowWidth - 1] === REJECTS_OTHER ? rowWidth - 1 : -1;
  const unnamed: number[] = [];
  names.forEach((n, i) => { if (n === '') unnamed.push(i); });
  return { kept: names.slice(0, rowWidth), other, unnamed, rejectsFile };
}

/** The cells of a record up to its last one that holds something. */
function filledLength(record: string[]): number {
  let n = record.length;
  while (n > 0 && record[n - 1]!.trim() === '') n--;
  return n;
}

/**
 * The keys in a rejects file's `other` cell, as cells named `other.KEY`: never a column,
 * so the row is refused naming each (`other.overtime: unknown column`) with its other
 * problems, and nothing it holds is dropped. A cell that is not a JSON object is a problem of its own.
 */
function otherCells(cell: string, cells: Record<string, unknown>): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(cell);
  } catch {
    value = undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return `${REJECTS_OTHER}: ${JSON.stringify(cell)} is not a JSON object of keys with no column; empty the cell to leave them out`;
  }
  for (const [k, v] of Object.entries(value)) cells[`${REJECTS_OTHER}.${k}`] = v;
  return undefined;
}

/**
 * A file that is not text in its encoding (Windows-1252 from Excel's "CSV (Comma
 * delimited)", read as UTF-8) is refused whole, even with --skip-invalid: its other rows
 * are only right by luck (plain ASCII), skipping the bad ones would leave out exactly the
 * people with accented names, and a rejects file (UTF-8) could not hold their bytes as
 * given. Saving the file as UTF-8 fixes every row at once. The refusal names the first
 * cell that holds such bytes. (NDJSON, whose reader is not told the file name, rejects the
 * line instead: see readNdjson.)
 */
function notText(where: string, column: string | undefined, cell: string, text: ImportText, src: Source, format: 'csv' | 'json'): InputError {
  return new InputError(`${where}: ${column === undefined ? '' : `${column}: `}${text.describe(cell)}`, text.hint(src.name, format));
}

/** When bad bytes were met but no cell holding them was found (they broke the CSV or JSON syntax). */
function notTextAt(src: Source, text: ImportText, format: 'csv' | 'json'): InputError {
  const bad = text.firstBad!;
  return new InputError(`${src.name}: the file is not ${text.encoding} text (${bad.bytes} at byte ${bad.offset + 1})`, text.hint(src.name, format));
}

/**
 * Rows of a CSV file, in batches (one per chunk of input: far fewer promises than one per
 * row). The first record is the header; `checkHeader` may refuse it (unknown or missing
 * columns). A record with values beyond the header is a row problem, reported in
 * `cells.__shape`, not a reason to stop reading.
 */
export async function* readCsv(src: Source, input: Readable, checkHeader: (h: CsvHeader) => void): AsyncGenerator<RawRow[]> {
  const { parse, CsvError } = await import('csv-parse');
  // Empty lines come through as [''] so that line numbers can be counted here, without the
  // cost of csv-parse's per-record info objects.
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: false, record_delimiter: ['\r\n', '\n', '\r'] });
  parser.on('error', () => undefined); // read back synchronously from parser.errored in drain()
  const text = new ImportText();
  let columns: string[] | undefined;
  let width = 0;
  let other = -1;
  let unnamed: number[] = [];
  let rejectsFile = false;
  let line = 1;

  /** Once bad bytes were met (only then): refuses the file at the first cell holding them. */
  const checkText = (record: string[]) => {
    const i = record.findIndex((c) => text.isBad(c));
    if (i < 0) return;
    const column = columns ? columns[i] ?? `column ${i + 1}` : `the header, column ${i + 1}`;
    throw notText(`${src.name}:${line}`, column, record[i]!, text, src, 'csv');
  };

  const take = (record: string[], out: RawRow[]) => {
    const at = line;
    line += 1 + newlinesIn(record);
    if (record.length === 1 && record[0] === '') return; // an empty line
    if (!columns) {
      const names = record.map(normaliseColumn);
      const layout = headerLayout(names);
      columns = layout.kept;
      width = names.length;
      other = layout.other;
      unnamed = layout.unnamed;
      rejectsFile = layout.rejectsFile;
      checkHeader({ columns: columns.map((c, i) => (i === other ? '' : c)), line: at, kept: columns });
      return;
    }
    if (record.every((c) => c.trim() === '')) return; // a row of empty cells, as spreadsheets leave at the end
    // The row's own cells. A rejects file holds each row as it was given, then its line and
    // error: a row that had more cells than its header (`7,5` for 7.5) has as many more.
    const own = rejectsFile ? record.slice(0, Math.max(columns.length, filledLength(record) - REJECTS_TAIL.length)) : record;
    const headerWidth = rejectsFile ? columns.length : width;
    const cells: Record<string, unknown> = {};
    const shape: string[] = [];
    const n = Math.min(own.length, columns.length);
    // An export's spreadsheet guard (a ' before =, +, -, @) comes off: it re-imports as the values it was made from.
    for (let i = 0; i < n; i++) if (columns[i] !== '' && i !== other) cells[columns[i]!] = unguardCell(own[i]!);
    // Unnamed columns (and a rejects file's `other`) are checked row by row, as the file
    // streams: empty they are nothing; a value in one is a row problem, never dropped.
    for (const i of unnamed) {
      const cell = own[i];
      if (i < headerWidth && cell !== undefined && cell.trim() !== '') shape.push(`column ${i + 1} has no name in the header but holds ${JSON.stringify(cell)}; name the column or move the value`);
    }
    if (other >= 0 && (own[other] ?? '').trim() !== '') {
      const problem = otherCells(own[other]!.trim(), cells);
      if (problem) shape.push(problem);
    }
    // Fewer cells than the header: the missing ones are empty (some exports drop trailing
    // empty cells). More cells: values with no column would be lost, so the row is refused.
    if (own.length > headerWidth && own.slice(headerWidth).some((c) => c.trim() !== '')) {
      shape.push(`has ${own.length} cells, the header has ${headerWidth}${rejectsFile ? ' (before line and error)' : ''}`);
    }
    if (shape.length) cells.__shape = shape.join('; ');
    out.push({ line: at, cells, raw: own });
  };
  const drain = (): RawRow[] => {
    const failed = parser.errored;
    if (failed) throw failed;
    const out: RawRow[] = [];
    for (let record = parser.read() as string[] | null; record !== null; record = parser.read() as string[] | null) {
      if (text.failed) checkText(record);
      take(record, out);
    }
    return out;
  };

  try {
    for await (const chunk of input) {
      for (const part of text.push(chunk as Buffer)) {
        parser.write(part);
        const rows = drain();
        if (rows.length) yield rows;
      }
    }
    for (const part of text.end()) parser.write(part);
    parser.end();
    const rows = drain();
    if (rows.length) yield rows;
  } catch (err) {
    if (err instanceof InputError) throw err;
    const e = err as { code?: string; message?: string; lines?: number };
    // By class, not by code prefix: csv-parse 7 throws INVALID_OPENING_QUOTE without the CSV_ of its other codes.
    if (err instanceof CsvError || (typeof e.code === 'string' && e.code.startsWith('CSV_'))) {
      if (text.failed) throw notTextAt(src, text, 'csv');
      throw new InputError(`${src.name}:${e.lines ?? line}: the CSV cannot be read: ${e.message}`, 'check the quotes on that line; nothing was imported');
    }
    throw err;
  } finally {
    parser.destroy();
  }
  if (text.failed) throw notTextAt(src, text, 'csv'); // a safety net: each record after the bad bytes was checked
  if (!columns) throw new InputError(`${src.name}: the file is empty (no header line)`, 'the first line must name the columns, e.g. person_id,date,category,hours');
}

function asObject(v: unknown): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    return { __shape: `is ${Array.isArray(v) ? 'an array' : JSON.stringify(v)}, not an object ({"person_id": ...})` };
  }
  return v as Record<string, unknown>;
}

/** The first key or value of `item` that holds bytes that were not text, with its text. */
function badCell(item: unknown, text: ImportText): { column?: string; cell: string } | undefined {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    const cell = JSON.stringify(item) ?? '';
    return text.isBad(cell) ? { cell } : undefined;
  }
  for (const [key, value] of Object.entries(item)) {
    if (text.isBad(key)) return { cell: key };
    const cell = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
    if (text.isBad(cell)) return { column: key, cell };
  }
  return undefined;
}

/** The input's text, cut into lines at CRLF, LF or CR. */
async function* linesOf(input: Readable, text: ImportText): AsyncGenerator<string[]> {
  let rest = ''; // the start of a line that the next chunk continues
  let afterCr = false; // the last chunk ended with a CR: a LF first in the next one completes its CRLF
  const cut = (chunk: string, last: boolean): string[] => {
    if (afterCr && chunk.startsWith('\n')) {
      chunk = chunk.slice(1);
      afterCr = false;
    }
    if (chunk !== '') afterCr = chunk.endsWith('\r');
    // Only the new text is searched for line ends, so a long line costs no more than a short one.
    const lines = chunk.split(/\r\n|\n|\r/);
    lines[0] = rest + lines[0]!;
    rest = lines.pop()!;
    if (last && rest !== '') lines.push(rest);
    return lines;
  };
  for await (const chunk of input) {
    for (const part of text.push(chunk as Buffer)) {
      const lines = cut(part.toString('utf8'), false);
      if (lines.length) yield lines;
    }
  }
  const tail = text.end().map((b) => b.toString('utf8')).join('');
  const lines = cut(tail, true);
  if (lines.length) yield lines;
}

/**
 * Rows of an NDJSON file: one JSON object per line; blank lines are skipped. A line that is
 * not text in the file's encoding (Windows-1252 bytes in a UTF-8 file) is a rejected row,
 * as a line that is not JSON is: each line of NDJSON stands alone, and this reader is not
 * told the file's name to refuse the file with. Its cells are not kept, so a rejects file
 * holds only its line number and the error, never the bytes read wrong.
 */
export async function* readNdjson(input: Readable): AsyncGenerator<RawRow[]> {
  const text = new ImportText();
  let n = 0;
  for await (const lines of linesOf(input, text)) {
    const rows: RawRow[] = [];
    for (const line of lines) {
      n++;
      const t = n === 1 ? line.replace(/^\uFEFF/, '').trim() : line.trim();
      if (!t) continue;
      let value: unknown;
      try {
        value = JSON.parse(t);
      } catch (err) {
        rows.push({ line: n, cells: { __shape: text.isBad(t) ? notTextLine(t, undefined, text) : `is not JSON (${(err as Error).message})` } });
        continue;
      }
      const bad = text.failed ? badCell(value, text) : undefined;
      rows.push(bad ? { line: n, cells: { __shape: notTextLine(t, bad, text) } } : { line: n, cells: asObject(value) });
    }
    if (rows.length) yield rows;
  }
}

/** The problem of an NDJSON line that is not text: `last_name: "D\xEDaz" is not UTF-8 text (...); ...`. */
function notTextLine(line: string, bad: { column?: string; cell: string } | undefined, text: ImportText): string {
  const what = bad?.column !== undefined ? `${bad.column}: ${text.describe(bad.cell)}` : text.describe(bad?.cell ?? line);
  return `${what}; save the file as UTF-8 text${text.encoding === 'UTF-8' ? ' (e.g. iconv -f WINDOWS-1252 -t UTF-8)' : ''}`;
}

/**
 * Rows of a JSON file holding one array of objects. The array is parsed whole: use NDJSON
 * for files too large for memory (documented in docs/import.md).
 */
export async function* readJsonArray(src: Source, input: Readable): AsyncGenerator<RawRow[]> {
  const text = new ImportText();
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(...text.push(chunk as Buffer));
  chunks.push(...text.end());
  const json = Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '');
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch (err) {
    if (text.failed) {
      // The bad bytes broke the JSON: name the line that holds the first of them.
      const at = text.badIndex(json);
      if (at < 0) throw notTextAt(src, text, 'json');
      const line = json.slice(0, at).split('\n').length;
      const start = json.lastIndexOf('\n', at) + 1;
      const end = json.indexOf('\n', at);
      throw notText(`${src.name}:${line}`, undefined, json.slice(start, end < 0 ? undefined : end).trim(), text, src, 'json');
    }
    throw new InputError(`${src.name}: not a JSON document (${(err as Error).message})`, 'a JSON import is one array of objects; for one object per line use --format ndjson');
  }
  if (text.failed) {
    // A file that is not text is refused whole, as a CSV is (see notText).
    const items = Array.isArray(doc) ? doc : [doc];
    for (let i = 0; i < items.length; i++) {
      const bad = badCell(items[i], text);
      if (bad) throw notText(Array.isArray(doc) ? `${src.name}: item ${i + 1}` : src.name, bad.column, bad.cell, text, src, 'json');
    }
    throw notTextAt(src, text, 'json');
  }
  if (!Array.isArray(doc)) {
    throw new InputError(`${src.name}: expected a JSON array of objects, got ${doc === null ? 'null' : typeof doc}`, 'e.g. [{"person_id": "P1", ...}, ...]');
  }
  const BATCH = 1000;
  for (let i = 0; i < doc.length; i += BATCH) {
    yield doc.slice(i, i + BATCH).map((item, j) => ({ line: i + j + 1, cells: asObject(item) }));
  }
}
