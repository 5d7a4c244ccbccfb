// Tables fitted to the terminal's width: the widest columns (messages, names, details) are
// narrowed and their text wrapped within the cell; when that leaves a column too narrow
// for a date, or stacked records would take fewer lines, each row is printed as a record
// (one `label  value` line per field). Nothing is cut: long words are broken, not dropped.
import { displayWidth, longestWord, widestLine, wrapText } from './text-width.js';

/** A column is not narrowed below this (a date, YYYY-MM-DD), unless its text is narrower anyway. */
export const NARROWEST_COLUMN = 10;

/** A word up to this wide (an e-mail address, a kind) keeps its column wide enough if it can; a longer one (a path, a checksum) is broken. */
export const LONGEST_KEPT_WORD = 24;

export type TableStyle = 'boxed' | 'plain';

/** Columns a column costs beyond its text, and the table beyond its columns. Boxed: padding each side and a border; plain: two spaces between columns. */
const COST: Record<TableStyle, { perColumn: number; extra: number }> = { boxed: { perColumn: 3, extra: 1 }, plain: { perColumn: 2, extra: -2 } };

export type Fitted =
  /** The table fits as it is. */
  | { kind: 'natural' }
  /** Cells (and headings) wrapped to `widths`, each column's text width. */
  | { kind: 'columns'; widths: number[]; header: string[]; rows: string[][] }
  | { kind: 'stacked' };

const sum = (ws: number[]) => ws.reduce((a, b) => a + b, 0);
const capped = (widths: number[], floor: number[], cap: number) => widths.map((n, i) => Math.max(floor[i]!, Math.min(n, cap)));

/** The largest cap on `widths` (each kept at or above its floor) that fits them in `room`. */
function largestCap(widths: number[], floor: number[], room: number): number {
  let lo = 0, hi = Math.max(...widths);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (sum(capped(widths, floor, mid)) <= room) lo = mid; else hi = mid - 1;
  }
  return lo;
}

/**
 * Column widths within `room`, from the floors up: the columns that can be given all
 * their text with the least extra room first, then what is left in proportion to what
 * each column still lacks (so a long message gets most of it).
 */
function share(natural: number[], floor: number[], room: number): number[] {
  const widths = [...floor];
  let spare = room - sum(widths);
  const order = natural.map((_, i) => i).sort((a, b) => natural[a]! - widths[a]! - (natural[b]! - widths[b]!));
  for (const i of order) {
    const lack = natural[i]! - widths[i]!;
    if (lack > 0 && lack <= spare) { widths[i] = natural[i]!; spare -= lack; }
  }
  const lacking = natural.map((n, i) => n - widths[i]!);
  const total = sum(lacking);
  if (total > 0 && spare > 0) {
    const given = lacking.map((l) => Math.floor((spare * l) / total));
    given.forEach((g, i) => { widths[i]! += g; });
    spare -= sum(given);
    for (let i = 0; i < widths.length && spare > 0; i++) if (widths[i]! < natural[i]!) { widths[i]!++; spare--; }
  }
  return widths;
}

/** Lines a row takes in the stacked layout (its rule, then each field's wrapped lines). */
function stackedHeight(row: string[], valueWidth: number): number {
  let n = 1;
  for (const cell of row) n += wrapText(cell, valueWidth).split('\n').length;
  return n;
}

const labelWidth = (header: string[]) => Math.max(...header.map(displayWidth));
const valueWidthFor = (header: string[], width: number) => Math.max(NARROWEST_COLUMN, width - labelWidth(header) - 2);

/**
 * How to show `rows` under `header` in `width` columns (undefined: as they are). Columns
 * keep at least a date's width and, if they can, their longest word; the longest words
 * are broken first when they cannot. Of the fitted table and the stacked records, the one
 * taking fewer lines is chosen.
 */
export function fitTable(header: string[], rows: string[][], width: number | undefined, style: TableStyle): Fitted {
  if (width === undefined) return { kind: 'natural' };
  const natural = header.map(widestLine);
  const words = header.map(longestWord);
  for (const r of rows) {
    r.forEach((cell, i) => {
      natural[i] = Math.max(natural[i] ?? 0, widestLine(cell));
      words[i] = Math.max(words[i] ?? 0, longestWord(cell));
    });
  }
  const room = width - COST[style].perColumn * natural.length - COST[style].extra;
  if (sum(natural) <= room) return { kind: 'natural' };
  const least = natural.map((n, i) => Math.min(n, Math.max(NARROWEST_COLUMN, longestWord(header[i]!))));
  if (sum(least) > room) return { kind: 'stacked' };
  const wordsKept = least.map((l, i) => Math.max(l, Math.min(natural[i]!, words[i]!, LONGEST_KEPT_WORD)));
  const floor = capped(wordsKept, least, largestCap(wordsKept, least, room));
  const widths = share(natural, floor, room);
  const wrapped = rows.map((r) => wrapRow(r, widths));
  const separators = style === 'boxed' ? 1 : 0;
  let tableHeight = 0, stacked = 0;
  const valueWidth = valueWidthFor(header, width);
  for (let k = 0; k < rows.length; k++) {
    tableHeight += separators + Math.max(1, ...wrapped[k]!.map((c) => c.split('\n').length));
    stacked += stackedHeight(rows[k]!, valueWidth);
  }
  if (stacked < tableHeight) return { kind: 'stacked' };
  return { kind: 'columns', widths, header: wrapRow(header, widths), rows: wrapped };
}

/** The cells of a row wrapped to the column widths. */
export function wrapRow(row: string[], widths: number[]): string[] {
  return row.map((cell, i) => wrapText(cell, widths[i]!));
}

/**
 * Rows as records, one field a line (`label  value`), the value wrapped to what the
 * label leaves of `width`; a rule with the row's number comes before each record.
 */
export function* stackedLines(header: string[], rows: Iterable<string[]>, width: number, rule: (s: string) => string = (s) => s): Generator<string> {
  const labels = labelWidth(header);
  const valueWidth = valueWidthFor(header, width);
  const ruleWidth = Math.min(width, labels + 2 + valueWidth);
  let n = 0;
  for (const row of rows) {
    const title = `── ${++n} `;
    yield rule(title + '─'.repeat(Math.max(0, ruleWidth - displayWidth(title))));
    for (let i = 0; i < header.length; i++) {
      const lines = wrapText(row[i] ?? '', valueWidth).split('\n');
      for (let k = 0; k < lines.length; k++) {
        const label = k === 0 ? header[i]! : '';
        yield `${label}${' '.repeat(labels - displayWidth(label) + 2)}${lines[k]}`.trimEnd();
      }
    }
  }
}
