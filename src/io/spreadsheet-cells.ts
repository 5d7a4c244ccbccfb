// The spreadsheet guard on CSV cells, both ways: what credtrack writes, and what it reads back.
// A cell starting with =, +, -, @, tab or carriage return is one a spreadsheet would run as a
// formula; written out it gets a leading ' (OWASP), and read back that ' is taken off again,
// so an export re-imports as the same values (an entry_id "-e1" stays "-e1", not a new entry).
// Numbers are written as plain decimals (0.0000001, never 1e-7), the only form import reads.
import { plainNumber } from './plain-number.js';

export type Cell = string | number | boolean | null | undefined;

/**
 * Cells that get the guard: those a spreadsheet would evaluate as a formula (=, +, -, @, tab,
 * carriage return first), and those that already start with quotes before such a character,
 * so that reading back takes off exactly the one quote added.
 */
const GUARDED = /^'*[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** Neutralises a cell a spreadsheet would run as a formula (leading ', per OWASP); numbers as plain decimals. */
export function safeCell(v: Cell): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? plainNumber(v) : String(v);
  return GUARDED.test(s) && !PLAIN_NUMBER.test(s) ? `'${s}` : s;
}

/** A cell as it was before safeCell: the guard's ' taken off (only where safeCell would have put it). */
export function unguardCell(s: string): string {
  if (s.charCodeAt(0) !== 39 /* ' */) return s;
  const inner = s.slice(1);
  return GUARDED.test(inner) && !PLAIN_NUMBER.test(inner) ? inner : s;
}
