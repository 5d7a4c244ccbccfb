// One output bundle for every read command: table (TTY-aware colours), JSON, CSV.
import type { Context } from '../cli/context.js';
import type { Opts } from '../cli/main.js';
import { InputError } from '../errors.js';
import { type Cell, safeCell } from '../io/spreadsheet-cells.js';

export { type Cell, safeCell };

export type Format = 'table' | 'json' | 'csv' | 'text' | 'ics' | 'html' | 'yaml';

/** The format asked for: --json, or --format, else the default; --json with another --format is refused. */
export function chosenFormat(opts: Opts, fallback: Format = 'table'): Format {
  const format = opts.format as Format | undefined;
  if (opts.json && format !== undefined && format !== 'json') throw new InputError(`--json and --format ${format} ask for two formats`, 'give one of them');
  if (opts.json) return 'json';
  return format ?? fallback;
}

/** One JSON document: indented on a terminal, one line for scripts. */
export function writeJson(ctx: Context, doc: unknown): void {
  ctx.out(`${ctx.stdoutIsTTY ? JSON.stringify(doc, null, 2) : JSON.stringify(doc)}\n`);
}

export async function writeCsv(ctx: Context, header: string[], rows: Cell[][]): Promise<void> {
  const { stringify } = await import('csv-stringify/sync');
  ctx.out(stringify([header]));
  // A chunk at a time: a whole population's rows as one string would double their memory.
  for (let i = 0; i < rows.length; i += 10_000) ctx.out(stringify(rows.slice(i, i + 10_000).map((r) => r.map(safeCell))));
}

/** A table as text, without the last newline (report sections). */
export async function renderTable(ctx: Context, header: string[], rows: Cell[][]): Promise<string> {
  const parts: string[] = [];
  await drawTable(ctx, (text) => parts.push(text), header, rows);
  return parts.join('').replace(/\n$/, '');
}

/** From this many rows a table is laid out plainly (render/plain-table.ts): boxes and wrapping cost minutes. */
export const PLAIN_TABLE_FROM = 1000;

export async function writeTable(ctx: Context, header: string[], rows: Cell[][]): Promise<void> {
  await drawTable(ctx, (text) => ctx.out(text), header, rows);
}

/**
 * Draws a table: boxed (cli-table3), or plain from PLAIN_TABLE_FROM rows. With a width to
 * fit (ctx.width: $COLUMNS, or a terminal's), long columns are narrowed and wrapped, or
 * each row is a stacked record (render/fit-table.ts).
 */
async function drawTable(ctx: Context, write: (text: string) => void, header: string[], cells: Cell[][]): Promise<void> {
  let rows = cells.map((r) => r.map((c) => (c === null || c === undefined ? '' : String(c))));
  const plain = rows.length >= PLAIN_TABLE_FROM;
  const { fitTable, stackedLines } = await import('./fit-table.js');
  const fitted = fitTable(header, rows, ctx.width, plain ? 'plain' : 'boxed');
  if (fitted.kind === 'stacked') {
    const c = await colors(ctx);
    let buf = '';
    for (const line of stackedLines(header, rows, ctx.width!, (rule) => c.grey(rule))) {
      buf += `${line}\n`;
      if (buf.length > 1 << 20) { write(buf); buf = ''; }
    }
    write(buf);
    return;
  }
  const widths = fitted.kind === 'columns' ? fitted.widths : undefined;
  if (fitted.kind === 'columns') { header = fitted.header; rows = fitted.rows; }
  if (plain) {
    const { writePlainTable } = await import('./plain-table.js');
    return writePlainTable(write, header, rows);
  }
  const { default: Table } = await import('cli-table3');
  const table = new Table({
    head: header,
    style: { head: ctx.color ? ['cyan'] : [], border: ctx.color ? ['grey'] : [] },
    // Fitted cells are wrapped already (render/text-width.ts measures accents and wide
    // characters, and breaks a long word rather than cutting it); the boxes are drawn to size.
    ...(widths ? { colWidths: widths.map((w) => w + 2), wordWrap: false } : { wordWrap: true }),
  });
  for (const r of rows) table.push(r);
  write(`${table.toString()}\n`);
}

export async function colors(ctx: Context) {
  const { Chalk } = await import('chalk');
  return new Chalk({ level: ctx.color ? 1 : 0 });
}

/** A stored timestamp (ISO, UTC) in local time, to the second, for text tables; JSON and CSV keep the stored value. */
export function localTime(at: string): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return at;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
