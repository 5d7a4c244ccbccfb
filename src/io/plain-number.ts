// Numbers as plain decimals, never in exponent notation: JavaScript writes 0.0000001 as
// "1e-7" and 1e21 as "1e+21", which `import` (a number with a decimal point) refuses, so an
// export of a value it accepted would not re-import. The digits are JavaScript's shortest
// round-trip digits, only moved around the decimal point: Number(plainNumber(n)) === n.

const EXPONENT = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/;

/** `n` as a plain decimal: 1e-7 → "0.0000001", 1e21 → "1000000000000000000000". */
export function plainNumber(n: number): string {
  const s = String(n);
  const m = EXPONENT.exec(s);
  if (!m) return s; // already plain (or NaN/Infinity, which no column holds)
  const [, sign, first, rest = '', exp] = m;
  const digits = first! + rest;
  const point = 1 + Number(exp); // where the decimal point goes in `digits`
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Numbers JSON.stringify wrote with an exponent ("1e-7", "1e+21"): only then is the slow path needed. */
const HAS_EXPONENT = /\de[-+]/;

function plain(v: unknown): string | undefined {
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON(): unknown }).toJSON();
  if (v === null) return 'null';
  switch (typeof v) {
    case 'number': return Number.isFinite(v) ? plainNumber(v) : 'null';
    case 'string': case 'boolean': return JSON.stringify(v);
    case 'object': {
      if (Array.isArray(v)) return `[${v.map((x) => plain(x) ?? 'null').join(',')}]`;
      const parts: string[] = [];
      for (const [k, x] of Object.entries(v as object)) {
        const text = plain(x);
        if (text !== undefined) parts.push(`${JSON.stringify(k)}:${text}`);
      }
      return `{${parts.join(',')}}`;
    }
    default: return undefined; // undefined, functions, symbols: left out, as JSON.stringify does
  }
}

/** JSON.stringify(v), with every number written as a plain decimal. */
export function plainJson(v: unknown): string {
  const text = JSON.stringify(v);
  // Most values hold no such number: JSON.stringify's text as it is (a string cell holding
  // "1e-7" only costs the slow path, whose output is the same but for the numbers).
  return text === undefined || !HAS_EXPONENT.test(text) ? text : plain(v)!;
}
