// How wide text is on a terminal, and text wrapped to a width: accents (NFD too) take no
// column, CJK and emoji take two, colour codes none. The same measure as cli-table3's
// (string-width), so a wrapped cell fills its box exactly.
import stringWidth from 'string-width';

const ANSI = /\u001b\[[0-9;]*m/g;
const PLAIN_ASCII = /^[\x20-\x7e]*$/;

/** Columns `s` takes on a terminal (one line). */
export function displayWidth(s: string): number {
  return PLAIN_ASCII.test(s) ? s.length : stringWidth(s);
}

/** Columns of the widest line of `s`. */
export function widestLine(s: string): number {
  if (!s.includes('\n')) return displayWidth(s);
  let w = 0;
  for (const line of s.split('\n')) w = Math.max(w, displayWidth(line));
  return w;
}

/** Columns of the longest word of `s` (what word wrapping cannot make narrower). */
export function longestWord(s: string): number {
  let w = 0;
  for (const word of s.split(/\s+/)) w = Math.max(w, displayWidth(word));
  return w;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Characters after which a long word breaks best (training-hours, credential_expiring, a/path, an@address). */
const BREAK_AFTER = /[-_/.@,;:]/;

/**
 * A word cut into pieces at most `width` columns wide, after a hyphen or the like when
 * one is in the second half of the piece, and never inside a character (a letter keeps
 * its accents) or a colour code.
 */
function breakWord(word: string, width: number): string[] {
  type Unit = { text: string; width: number };
  const units: Unit[] = [];
  // Colour codes are kept whole and take no room.
  for (const part of word.split(/(\u001b\[[0-9;]*m)/)) {
    if (part.startsWith('\u001b[')) units.push({ text: part, width: 0 });
    else for (const { segment } of graphemes.segment(part)) units.push({ text: segment, width: displayWidth(segment) });
  }
  const pieces: string[] = [];
  let piece: Unit[] = [], used = 0;
  for (const u of units) {
    if (used > 0 && used + u.width > width) {
      let cut = piece.length;
      for (let k = piece.length - 1, before = used - piece[k]!.width; k > 0 && before > width / 2; before -= piece[--k]!.width) {
        if (BREAK_AFTER.test(piece[k - 1]!.text)) { cut = k; break; }
      }
      pieces.push(piece.slice(0, cut).map((x) => x.text).join(''));
      piece = piece.slice(cut);
      used = piece.reduce((n, x) => n + x.width, 0);
    }
    piece.push(u);
    used += u.width;
  }
  if (piece.length) pieces.push(piece.map((x) => x.text).join(''));
  return pieces;
}

/** One line of text wrapped at spaces to `width` columns; a word wider than that is broken across lines. */
function wrapLine(line: string, width: number): string[] {
  if (displayWidth(line) <= width) return [line];
  const lines: string[] = [];
  let current = '', used = 0;
  for (const word of line.split(/\s+/).filter((w) => w !== '')) {
    const w = displayWidth(word);
    if (used > 0 && used + 1 + w <= width) { current += ` ${word}`; used += 1 + w; continue; }
    if (used > 0) lines.push(current);
    if (w <= width) { current = word; used = w; continue; }
    const pieces = breakWord(word, width);
    lines.push(...pieces.slice(0, -1));
    current = pieces.at(-1) ?? '';
    used = displayWidth(current);
  }
  if (used > 0 || lines.length === 0) lines.push(current);
  return lines;
}

/** SGR codes that end a colour or style (chalk's closing codes, and reset). */
const CLOSES = new Set(['0', '22', '23', '24', '27', '28', '29', '39', '49']);

/**
 * Each line carries its own colour: a colour still open at a line's end is reset there and
 * opened again on the next line, so padding and the next column stay uncoloured.
 */
function recolour(lines: string[]): string[] {
  let open: string[] = [];
  return lines.map((line) => {
    const start = open.join('');
    for (const m of line.matchAll(ANSI)) {
      const code = m[0].slice(2, -1);
      if (CLOSES.has(code) || code === '') open = [];
      else open.push(m[0]);
    }
    return `${start}${line}${open.length ? '\u001b[0m' : ''}`;
  });
}

/** `text` wrapped to `width` columns, its own line breaks kept; nothing is cut. */
export function wrapText(text: string, width: number): string {
  if (widestLine(text) <= width) return text;
  const lines = text.split('\n').flatMap((l) => wrapLine(l, Math.max(1, width)));
  return (text.includes('\u001b') ? recolour(lines) : lines).join('\n');
}
