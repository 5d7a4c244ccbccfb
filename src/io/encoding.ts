// The bytes of an import file as UTF-8 text, refusing what is not text. UTF-8 (with or
// without a BOM) passes through after a native validity check per chunk; UTF-16 (a BOM, or
// an ASCII header written with NUL bytes between its letters) is transcoded to UTF-8.
import { isUtf8 } from 'node:buffer';

export type TextEncoding = 'UTF-8' | 'UTF-16LE' | 'UTF-16BE';

const EMPTY = Buffer.alloc(0);

/**
 * A byte that is not UTF-8 becomes one private-use character, U+F700 + the byte
 * (U+F780–U+F7FF), so that the reader finds the row and cell that hold it and can show
 * the byte itself (`"D\xEDaz"`); U+FFFD would lose which byte it was. Only input after
 * the first bad byte is rewritten this way.
 */
const ESCAPE_BASE = 0xf700;
const ESCAPED_BYTE = /[\uF780-\uF7FF]/;
const ESCAPED_BYTES = /[\uF780-\uF7FF]/g;
/** After bad UTF-16 (an unpaired surrogate), the rest is decoded with U+FFFD for the bad units. */
const REPLACED = /\uFFFD/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Length of the well-formed UTF-8 sequence at `i` (WHATWG: no overlongs, surrogates or
 * values past U+10FFFF); 0 when the bytes there are not one, or it runs past the end.
 */
function sequenceAt(b: Buffer, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  let need: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) need = 1;
  else if (c >= 0xe0 && c <= 0xef) {
    need = 2;
    if (c === 0xe0) lo = 0xa0;
    else if (c === 0xed) hi = 0x9f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    need = 3;
    if (c === 0xf0) lo = 0x90;
    else if (c === 0xf4) hi = 0x8f;
  } else return 0;
  if (i + need >= b.length) return 0;
  const c1 = b[i + 1]!;
  if (c1 < lo || c1 > hi) return 0;
  for (let k = 2; k <= need; k++) if ((b[i + k]! & 0xc0) !== 0x80) return 0;
  return need + 1;
}

/** How many bytes at the end begin a multi-byte sequence that the next chunk may complete. */
function unfinishedTail(b: Buffer): number {
  for (let i = 1; i <= 3 && i <= b.length; i++) {
    const c = b[b.length - i]!;
    if (c < 0x80) return 0;
    if (c >= 0xc0) return (c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2) > i ? i : 0;
  }
  return 0;
}

function firstInvalid(b: Buffer): number {
  for (let i = 0; i < b.length;) {
    if (b[i]! < 0x80) { i++; continue; }
    const n = sequenceAt(b, i);
    if (!n) return i;
    i += n;
  }
  return b.length;
}

/** The bytes as UTF-8 with every byte that is not part of a well-formed sequence escaped. */
function escapeInvalid(b: Buffer): Buffer {
  let out = '';
  let from = 0;
  for (let i = 0; i < b.length;) {
    if (b[i]! < 0x80) { i++; continue; }
    const n = sequenceAt(b, i);
    if (n) { i += n; continue; }
    out += b.toString('utf8', from, i) + String.fromCharCode(ESCAPE_BASE + b[i]!);
    from = ++i;
  }
  return Buffer.from(out + b.toString('utf8', from), 'utf8');
}

/**
 * Windows-1252 bytes 0x80–0x9F (0xA0–0xFF are U+00A0–U+00FF, as in Latin-1); a space marks
 * the five it leaves undefined. A table rather than TextDecoder('windows-1252'), which
 * Node builds without ICU lack.
 */
const CP1252_80_9F = '€ ‚ƒ„…†‡ˆ‰Š‹Œ Ž  ‘’“”•–—˜™š›œ žŸ';

/** How Windows-1252 reads the byte, or undefined for the five bytes it leaves undefined. */
function cp1252(byte: number): string | undefined {
  if (byte >= 0xa0) return String.fromCharCode(byte);
  const ch = CP1252_80_9F[byte - 0x80]!;
  return ch === ' ' ? undefined : ch;
}

/**
 * Import input as UTF-8 text, chunk by chunk: `push` each chunk read and `end` at the end;
 * both return UTF-8 bytes cut at character boundaries. The common case costs one
 * `buffer.isUtf8` call per chunk: no string is made and no JavaScript loop runs over the
 * bytes. From the first bytes that are not text on (`failed`), the reader checks each row
 * with `isBad` and refuses the file at the first cell that holds them (`describe`, `hint`).
 */
export class ImportText {
  encoding: TextEncoding = 'UTF-8';
  /** True from the first bytes that are not text in `encoding` on. */
  failed = false;
  /** Where the first bad bytes were (an offset in the file) and which they were, for messages without a cell. */
  firstBad: { offset: number; bytes: string } | undefined;
  private started = false;
  private head: Buffer = EMPTY;
  private carry: Buffer = EMPTY;
  /** Bytes of the file before the current chunk (after a BOM that was taken off). */
  private offset = 0;

  push(chunk: Buffer): Buffer[] {
    if (!this.started) {
      // Four bytes tell UTF-16 without a BOM; a first chunk is almost always longer.
      this.head = this.head.length ? Buffer.concat([this.head, chunk]) : chunk;
      if (this.head.length < 4) return [];
      chunk = this.begin();
    }
    return this.decode(chunk, false);
  }

  end(): Buffer[] {
    if (!this.started) {
      if (!this.head.length) return [];
      return this.decode(this.begin(), true);
    }
    return this.decode(EMPTY, true);
  }

  /** True when `text` (a cell, a line) holds bytes that were not text. */
  isBad(text: string): boolean {
    return this.failed && (this.encoding === 'UTF-8' ? ESCAPED_BYTE : REPLACED).test(text);
  }

  /** Where the first bytes that were not text are in `text` (-1: nowhere). */
  badIndex(text: string): number {
    return this.failed ? text.search(this.encoding === 'UTF-8' ? ESCAPED_BYTE : REPLACED) : -1;
  }

  /** `"D\xEDaz" is not UTF-8 text (in Windows-1252 it would read "Díaz")`, for a cell that `isBad`. */
  describe(cell: string): string {
    const shown = excerpt(cell, this.encoding === 'UTF-8' ? ESCAPED_BYTE : REPLACED);
    const quoted = JSON.stringify(shown).replace(ESCAPED_BYTES, (ch) => `\\x${(ch.charCodeAt(0) - ESCAPE_BASE).toString(16).toUpperCase()}`);
    if (this.encoding !== 'UTF-8') return `${quoted} is not ${this.encoding} text (it has an unpaired surrogate)`;
    const letters = [...shown.matchAll(ESCAPED_BYTES)].map((m) => cp1252(m[0].charCodeAt(0) - ESCAPE_BASE));
    if (letters.includes(undefined)) return `${quoted} is not UTF-8 text`;
    let k = 0;
    const read = shown.replace(ESCAPED_BYTES, () => letters[k++]!);
    return `${quoted} is not UTF-8 text (in Windows-1252 it would read ${JSON.stringify(read)})`;
  }

  /** What to do about it, for `name` (a path, or "stdin"). */
  hint(name: string, format: 'csv' | 'json' | 'ndjson'): string {
    if (this.encoding !== 'UTF-8') {
      return 'export the file again, or save it as UTF-8 text (in Excel: "CSV UTF-8 (Comma delimited)"); nothing was imported';
    }
    const file = name === 'stdin' ? `FILE.${format}` : name;
    const dot = file.lastIndexOf('.');
    const converted = dot > 0 && !file.slice(dot).includes('/') ? `${file.slice(0, dot)}-utf8${file.slice(dot)}` : `${file}-utf8`;
    const excel = format === 'csv' ? 'In Excel, use Save As "CSV UTF-8 (Comma delimited) (*.csv)" rather than "CSV (Comma delimited)"; or convert' : 'Convert';
    return `credtrack reads UTF-8 (with or without a BOM) and UTF-16 text. ${excel} the file, e.g. ` +
      `iconv -f WINDOWS-1252 -t UTF-8 ${shellWord(file)} > ${shellWord(converted)} (if it came from Windows); nothing was imported`;
  }

  /** Decides the encoding from the first bytes; returns them without a UTF-16 BOM. */
  private begin(): Buffer {
    const h = this.head;
    this.head = EMPTY;
    this.started = true;
    let skip = 0;
    if (h[0] === 0xff && h[1] === 0xfe) { this.encoding = 'UTF-16LE'; skip = 2; }
    else if (h[0] === 0xfe && h[1] === 0xff) { this.encoding = 'UTF-16BE'; skip = 2; }
    // No BOM: an ASCII header in UTF-16 has a NUL byte beside each letter (never in UTF-8 text's first letters).
    else if (h.length >= 4 && h[0] !== 0 && h[1] === 0 && h[2] !== 0 && h[3] === 0) this.encoding = 'UTF-16LE';
    else if (h.length >= 4 && h[0] === 0 && h[1] !== 0 && h[2] === 0 && h[3] !== 0) this.encoding = 'UTF-16BE';
    this.offset = skip;
    return h.subarray(skip);
  }

  private decode(chunk: Buffer, last: boolean): Buffer[] {
    let buf = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    const cut = last ? buf.length : this.cutAt(buf);
    this.carry = cut < buf.length ? Buffer.from(buf.subarray(cut)) : EMPTY;
    buf = buf.subarray(0, cut);
    const at = this.offset;
    this.offset += buf.length;
    return this.encoding === 'UTF-8' ? this.utf8(buf, at) : this.utf16(buf, at, last);
  }

  /** Where to cut a chunk so that no character is split (the rest waits for the next chunk). */
  private cutAt(b: Buffer): number {
    if (this.encoding === 'UTF-8') return b.length - unfinishedTail(b);
    let cut = b.length & ~1;
    if (cut >= 2) {
      const unit = this.encoding === 'UTF-16LE' ? b.readUInt16LE(cut - 2) : b.readUInt16BE(cut - 2);
      if (unit >= 0xd800 && unit <= 0xdbff) cut -= 2; // a high surrogate: its pair may follow
    }
    return cut;
  }

  private utf8(b: Buffer, at: number): Buffer[] {
    if (this.failed) return [isUtf8(b) ? b : escapeInvalid(b)];
    if (isUtf8(b)) return b.length ? [b] : [];
    const bad = firstInvalid(b);
    this.failed = true;
    this.firstBad = { offset: at + bad, bytes: `0x${b[bad]!.toString(16).toUpperCase()}` };
    return bad ? [b.subarray(0, bad), escapeInvalid(b.subarray(bad))] : [escapeInvalid(b)];
  }

  private utf16(b: Buffer, at: number, last: boolean): Buffer[] {
    const even = b.subarray(0, b.length & ~1);
    let units = even;
    if (this.encoding === 'UTF-16BE') {
      units = Buffer.from(even); // a copy: the chunk is not ours to change
      units.swap16();
    }
    let text = units.toString('utf16le');
    // An odd byte at the very end is half a character.
    if (last && b.length & 1) text += '\uD800';
    if (!this.failed) {
      const bad = text.search(LONE_SURROGATE);
      if (bad < 0) return text ? [Buffer.from(text, 'utf8')] : [];
      this.failed = true;
      this.firstBad = { offset: at + bad * 2, bytes: 'an unpaired surrogate' };
      return [Buffer.from(text.slice(0, bad), 'utf8'), Buffer.from(text.slice(bad).replace(new RegExp(LONE_SURROGATE, 'g'), '\uFFFD'), 'utf8')];
    }
    return [Buffer.from(text.replace(new RegExp(LONE_SURROGATE, 'g'), '\uFFFD'), 'utf8')];
  }
}

/** A long cell cut to the part around its first bad character. */
function excerpt(cell: string, bad: RegExp): string {
  if (cell.length <= 80) return cell;
  const i = Math.max(0, cell.search(bad));
  const from = Math.max(0, i - 30);
  const to = Math.min(cell.length, i + 30);
  return `${from > 0 ? '…' : ''}${cell.slice(from, to)}${to < cell.length ? '…' : ''}`;
}

/** A path as one shell word (quoted when it has anything but letters, digits and ./_-). */
function shellWord(s: string): string {
  return /^[\w./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
