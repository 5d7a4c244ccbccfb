// JSON text as a rule pack is read from it: JSON.parse makes the values, and a scan of the text
// (RFC 8259) gives what JSON.parse does not: the line and column of a syntax error (its message
// has a byte offset at best) and every key given twice in one object (which it drops silently,
// keeping the last).

/** A place in the text: 1-based line and column (in UTF-16 units, as editors count them). */
export interface TextPlace { line: number; column: number }

export interface RepeatedKey {
  key: string;
  /** The keys and indices of the object holding it, from the top. */
  path: (string | number)[];
  at: TextPlace;
  first: TextPlace;
}

export class JsonTextError extends Error {
  constructor(message: string, readonly at: TextPlace) { super(message); }
}

/** Offsets into `text` as lines and columns. */
export function placeOf(text: string, offset: number): TextPlace {
  let line = 1, start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) { line++; start = i + 1; }
  return { line, column: offset - start + 1 };
}

/** JSON.parse's message without the offset and the quoted text it appends. */
function cleanMessage(message: string): string {
  return message.replace(/ at position \d+.*$/s, '').replace(/ in JSON$/, '').replace(/, (?:\.\.\.)?".*is not valid JSON$/s, '');
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/**
 * Walks the text without building values. Returns the offset of the first syntax error (or
 * undefined) and the keys given twice. A string's escapes are decoded to compare keys, so
 * "a" and "\u0061" are the same key, as they are to JSON.parse.
 */
function scan(text: string): { error?: number; repeated: RepeatedKey[] } {
  const repeated: RepeatedKey[] = [];
  const path: (string | number)[] = [];
  let i = 0;
  class Stop { constructor(readonly at: number) {} }
  const fail = (at = i): never => { throw new Stop(at); };
  const ws = () => { while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++; };
  const expect = (c: string) => { if (text[i] !== c) fail(); i++; };
  const string = (): string => {
    const start = i;
    expect('"');
    for (;;) {
      if (i >= text.length) fail();
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c < 0x20) fail();
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          for (let k = i + 2; k < i + 6; k++) if (!/[0-9a-fA-F]/.test(text[k] ?? '')) fail(k);
          i += 6;
        }
        else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else fail(i + 1);
      } else i++;
    }
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const seen = new Map<string, number>();
      ws();
      if (text[i] === '}') { i++; return; }
      for (;;) {
        ws();
        const at = i;
        const key = string();
        const first = seen.get(key);
        if (first !== undefined) repeated.push({ key, path: [...path], at: placeOf(text, at), first: placeOf(text, first) });
        else seen.set(key, at);
        ws();
        expect(':');
        path.push(key);
        value();
        path.pop();
        ws();
        if (text[i] === ',') { i++; continue; }
        expect('}');
        return;
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') { i++; return; }
      for (let n = 0; ; n++) {
        path.push(n);
        value();
        path.pop();
        ws();
        if (text[i] === ',') { i++; continue; }
        expect(']');
        return;
      }
    }
    if (c === '"') { string(); return; }
    const word = c === 't' ? 'true' : c === 'f' ? 'false' : c === 'n' ? 'null' : undefined;
    if (word) {
      for (const w of word) { if (text[i] !== w) fail(); i++; }
      return;
    }
    // A number, failing where JSON.parse does: at the first character that cannot continue it.
    const digits = () => { if (!isDigit(text[i])) fail(); while (isDigit(text[i])) i++; };
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else digits();
    if (text[i] === '.') { i++; digits(); }
    if (text[i] === 'e' || text[i] === 'E') { i++; if (text[i] === '+' || text[i] === '-') i++; digits(); }
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
  } catch (err) {
    if (err instanceof Stop) return { error: err.at, repeated };
    throw err;
  }
  return { repeated };
}

/**
 * The value of JSON text, exactly as JSON.parse gives it, and the keys given twice in one object
 * (none for JSON.parse to drop when the list is empty). Throws JsonTextError, with the place,
 * on a syntax error.
 */
export function parseJsonText(text: string): { value: unknown; repeated: RepeatedKey[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const message = cleanMessage((err as Error).message);
    let at: number | undefined;
    try { at = scan(text).error; } catch (deep) { if (!(deep instanceof RangeError)) throw deep; /* nested too deep to scan: JSON.parse's offset */ }
    at ??= Number(/at position (\d+)/.exec((err as Error).message)?.[1] ?? text.length);
    throw new JsonTextError(message, placeOf(text, at));
  }
  let repeated: RepeatedKey[] = [];
  try { repeated = scan(text).repeated; } catch (deep) { if (!(deep instanceof RangeError)) throw deep; /* nested too deep to scan */ }
  return { value, repeated };
}
