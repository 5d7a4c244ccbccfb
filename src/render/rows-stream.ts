// Streams many rows with backpressure: CSV (csv-stringify, in batches, never all at once;
// booleans yes/no; cells a spreadsheet would run as formulas neutralised) or a JSON array
// with one object per line. Numbers are plain decimals in both (0.0000001, not 1e-7), so an
// export re-imports.
import { stringify } from 'csv-stringify/sync';
import { drained, writeChecked } from '../io/checked-write.js';
import { plainJson } from '../io/plain-number.js';
import { type Cell, safeCell } from './output.js';

const BATCH = 2000;

/** A value as a CSV cell: yes/no for booleans, JSON for objects, plain decimals, formula-neutralised text. */
export function csvCell(v: unknown): string {
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (v !== null && typeof v === 'object') return safeCell(plainJson(v));
  return safeCell(v as Cell);
}

/** Writes `text`, waiting when the output is full; a failed write throws (never goes unnoticed). */
async function write(out: NodeJS.WritableStream, text: string): Promise<void> {
  if (text && !writeChecked(out, text)) await drained(out);
}

/** Writes a header and the rows; returns the number of rows. */
export async function writeCsvStream(out: NodeJS.WritableStream, header: readonly string[], rows: Iterable<readonly unknown[]>): Promise<number> {
  let count = 0;
  let batch: string[][] = [[...header]];
  for (const row of rows) {
    batch.push(row.map(csvCell));
    count++;
    if (batch.length >= BATCH) {
      await write(out, stringify(batch));
      batch = [];
    }
  }
  await write(out, stringify(batch));
  return count;
}

/** Writes `[`, one JSON object per line, `]`; returns the number of items. */
export async function writeJsonArrayStream(out: NodeJS.WritableStream, items: Iterable<unknown>): Promise<number> {
  let count = 0;
  let buf = '[';
  for (const item of items) {
    buf += `${count ? ',' : ''}\n${plainJson(item)}`;
    count++;
    if (buf.length >= 1 << 20) {
      await write(out, buf);
      buf = '';
    }
  }
  await write(out, `${buf}${count ? '\n' : ''}]\n`);
  return count;
}
