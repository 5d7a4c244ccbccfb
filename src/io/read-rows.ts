// Streaming readers for import files: CSV (csv-parse), NDJSON (line by line) and JSON
// arrays. Each yields raw rows with the line (or item) they came from, and hashes the bytes
// as they pass so the batch can record the file's sha256 without reading it twice.
import { createHash, type Hash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { InputError } from '../errors.js';

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

export interface CsvHeader { columns: string[]; line: number }

/** Trailing columns of a rejects file (`line`, `error`): ignored, so a fixed rejects file re-imports. */
const REJECTS_TAIL = ['line', 'error'];

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
  let columns: string[] | undefined;
  let width = 0;
  let line = 1;

  const take = (record: string[], out: RawRow[]) => {
    const at = line;
    line += 1 + newlinesIn(record);
    if (record.length === 1 && record[0] === '') return; // an empty line
    if (!columns) {
      columns = record.map(normaliseColumn);
      width = columns.length;
      if (columns.slice(-2).join() === REJECTS_TAIL.join()) columns = columns.slice(0, -2);
      checkHeader({ columns, line: at });
      return;
    }
    if (record.every((c) => c.trim() === '')) return; // a row of empty cells, as spreadsheets leave at the end
    const cells: Record<string, unknown> = {};
    const n = Math.min(record.length, columns.length);
    for (let i = 0; i < n; i++) cells[columns[i]!] = record[i];
    // Fewer cells than the header: the missing ones are empty (some exports drop trailing
    // empty cells). More cells: values with no column would be lost, so the row is refused.
    if (record.length > width && record.slice(width).some((c) => c.trim() !== '')) {
      cells.__shape = `has ${record.length} cells, the header has ${width}`;
    }
    out.push({ line: at, cells, raw: record.length === width && width > columns.length ? record.slice(0, columns.length) : record });
  };
  const drain = (): RawRow[] => {
    const failed = parser.errored;
    if (failed) throw failed;
    const out: RawRow[] = [];
    for (let record = parser.read() as string[] | null; record !== null; record = parser.read() as string[] | null) take(record, out);
    return out;
  };

  try {
    for await (const chunk of input) {
      parser.write(chunk as Buffer);
      const rows = drain();
      if (rows.length) yield rows;
    }
    parser.end();
    const rows = drain();
    if (rows.length) yield rows;
  } catch (err) {
    if (err instanceof InputError) throw err;
    const e = err as { code?: string; message?: string; lines?: number };
    // By class, not by code prefix: csv-parse 7 throws INVALID_OPENING_QUOTE without the CSV_ of its other codes.
    if (err instanceof CsvError || (typeof e.code === 'string' && e.code.startsWith('CSV_'))) {
      throw new InputError(`${src.name}:${e.lines ?? line}: the CSV cannot be read: ${e.message}`, 'check the quotes on that line; nothing was imported');
    }
    throw err;
  } finally {
    parser.destroy();
  }
  if (!columns) throw new InputError(`${src.name}: the file is empty (no header line)`, 'the first line must name the columns, e.g. person_id,date,category,hours');
}

function asObject(v: unknown): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    return { __shape: `is ${Array.isArray(v) ? 'an array' : JSON.stringify(v)}, not an object ({"person_id": ...})` };
  }
  return v as Record<string, unknown>;
}

/** Rows of an NDJSON file: one JSON object per line; blank lines are skipped. */
export async function* readNdjson(input: Readable): AsyncGenerator<RawRow[]> {
  const { createInterface } = await import('node:readline');
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  for await (const text of lines) {
    n++;
    const t = n === 1 ? text.replace(/^\uFEFF/, '').trim() : text.trim();
    if (!t) continue;
    let value: unknown;
    try {
      value = JSON.parse(t);
    } catch (err) {
      yield [{ line: n, cells: { __shape: `is not JSON (${(err as Error).message})` } }];
      continue;
    }
    yield [{ line: n, cells: asObject(value) }];
  }
}

/**
 * Rows of a JSON file holding one array of objects. The array is parsed whole: use NDJSON
 * for files too large for memory (documented in docs/import.md).
 */
export async function* readJsonArray(src: Source, input: Readable): AsyncGenerator<RawRow[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8').replace(/^\uFEFF/, '');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${src.name}: not a JSON document (${(err as Error).message})`, 'a JSON import is one array of objects; for one object per line use --format ndjson');
  }
  if (!Array.isArray(doc)) {
    throw new InputError(`${src.name}: expected a JSON array of objects, got ${doc === null ? 'null' : typeof doc}`, 'e.g. [{"person_id": "P1", ...}, ...]');
  }
  const BATCH = 1000;
  for (let i = 0; i < doc.length; i += BATCH) {
    yield doc.slice(i, i + BATCH).map((item, j) => ({ line: i + j + 1, cells: asObject(item) }));
  }
}
