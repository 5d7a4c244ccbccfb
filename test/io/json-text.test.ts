// JSON text as rule packs are read from it (src/io/json-text.ts): the value JSON.parse gives,
// a syntax error at the place JSON.parse means, and keys given twice found with their place.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonTextError, parseJsonText, placeOf } from '../../src/io/json-text.js';

const SEED = 20261125;

/** JSON text, damaged by inserting and deleting a few characters. */
const damaged = fc.tuple(fc.jsonValue(), fc.nat(), fc.nat(), fc.constantFrom('', '"', '\\', ',', ':', '{', '}', '[', ']', 'x', '\t', '\n', '0', '-', '\\u12', 'e', '.', 'tru'))
  .map(([v, a, b, insert]) => {
    const text = JSON.stringify(v, null, a % 3);
    const at = a % (text.length + 1);
    return text.slice(0, at) + insert + text.slice(at + (b % 3));
  });

describe('parseJsonText', () => {
  it('gives what JSON.parse gives, and no repeated key, for any JSON written by JSON.stringify', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.constantFrom(0, 2, '\t'), (v, indent) => {
      const text = JSON.stringify(v, null, indent);
      const { value, repeated } = parseJsonText(text);
      expect(value).toEqual(JSON.parse(text));
      expect(repeated).toEqual([]);
    }), { seed: SEED, numRuns: 500 });
  });

  it('refuses exactly what JSON.parse refuses, at the place JSON.parse names', () => {
    let placed = 0;
    fc.assert(fc.property(fc.oneof(damaged, fc.string()), (text) => {
      let reference: Error | undefined;
      try { JSON.parse(text); } catch (err) { reference = err as Error; }
      if (!reference) { expect(parseJsonText(text).value).toEqual(JSON.parse(text)); return; }
      let err: unknown;
      try { parseJsonText(text); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(JsonTextError);
      const { at, message } = err as JsonTextError;
      expect(message).not.toMatch(/position|is not valid JSON/);
      const offset = /at position (\d+)/.exec(reference.message);
      const token = /^Unexpected token '(.)'/su.exec(reference.message);
      if (offset) { placed++; expect(at, `${JSON.stringify(text)}: ${reference.message}`).toEqual(placeOf(text, Number(offset[1]))); }
      // JSON.parse names the character, not its place: ours is one where that character is.
      else if (token) {
        placed++;
        const offset = text.split('\n').slice(0, at.line - 1).reduce((n, line) => n + line.length + 1, 0) + at.column - 1;
        expect(text[offset], JSON.stringify(text)).toBe(token[1]);
      }
      else expect(reference.message).toBe('Unexpected end of JSON input');
    }), { seed: SEED, numRuns: 3000 });
    expect(placed).toBeGreaterThan(1000);
  });

  it('places a syntax error by line and column', () => {
    expect(() => parseJsonText('{"version": 1, "name": "x",\n "credentials": [\n  {"code": "X1" "name": "y"}]}\n'))
      .toThrow(expect.objectContaining({ message: "Expected ',' or '}' after property value", at: { line: 3, column: 17 } }));
    expect(() => parseJsonText('{"a": 1,\n')).toThrow(expect.objectContaining({ at: { line: 2, column: 1 } }));
  });

  it('finds every key given twice in one object, with the path of the object and both places', () => {
    const text = '{"name": "a",\n "list": [{"k": 1}, {"k": 1, "m": 2, "\\u006b": 3}],\n "name": "b"}';
    expect(parseJsonText(text).repeated).toEqual([
      { key: 'k', path: ['list', 1], at: { line: 2, column: 38 }, first: { line: 2, column: 22 } },
      { key: 'name', path: [], at: { line: 3, column: 2 }, first: { line: 1, column: 2 } },
    ]);
    // the same key in different objects is no repetition
    expect(parseJsonText('[{"a": 1}, {"a": 2, "b": {"a": 3}}]').repeated).toEqual([]);
  });
});
