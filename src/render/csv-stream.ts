// Streams CSV with backpressure: rows are stringified by csv-stringify in batches, never all
// at once. Cells a spreadsheet would run as formulas are neutralised; booleans are yes/no.
import { stringify } from 'csv-stringify/sync';
import { type Cell, safeCell } from './output.js';

const BATCH = 2000;

/** A value as a CSV cell: yes/no for booleans, formula-neutralised text. */
export function csvCell(v: Cell): string {
  return typeof v === 'boolean' ? (v ? 'yes' : 'no') : safeCell(v);
}

async function write(out: NodeJS.WritableStream, text: string): Promise<void> {
  if (!text) return;
  if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
}

export async function writeCsvStream(out: NodeJS.WritableStream, header: string[], rows: Iterable<Cell[]>): Promise<number> {
  let count = 0;
  let batch: string[][] = [header];
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
