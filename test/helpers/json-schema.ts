// A JSON Schema (2020-12) validator for the keywords our generated schemas use, so tests can
// check a pack as an editor would. zod's own importer (z.fromJSONSchema) is no judge here: it
// drops an `anyOf` of `required`, the very constraints the rule-pack schema states for zod's
// refinements. A keyword it does not know throws, so a schema that starts using one cannot
// pass unchecked.

type Schema = Record<string, unknown> | boolean;

const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', 'default', 'examples', '$comment']);
const KEYWORDS = new Set([
  '$defs', '$ref', 'type', 'enum', 'const', 'properties', 'required', 'additionalProperties', 'propertyNames',
  'items', 'minItems', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'pattern', 'format',
  'anyOf', 'oneOf', 'allOf',
]);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function typeOk(type: string, v: unknown): boolean {
  switch (type) {
    case 'object': return isObject(v);
    case 'array': return Array.isArray(v);
    case 'string': return typeof v === 'string';
    case 'number': return typeof v === 'number' && Number.isFinite(v);
    case 'integer': return Number.isInteger(v);
    case 'boolean': return typeof v === 'boolean';
    case 'null': return v === null;
    default: throw new Error(`unknown type ${type}`);
  }
}

/** RFC 3339 full-date: the `date` format, asserted (a calendar day). */
function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= days[mo - 1]!;
}

const equal = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The places (JSON pointers) where `value` breaks `root`; empty when it is valid. */
export function jsonSchemaErrors(root: Schema, value: unknown): string[] {
  const errors: string[] = [];
  const resolve = (ref: string): Schema => {
    if (ref === '#') return root;
    const m = /^#\/\$defs\/([^/]+)$/.exec(ref);
    const target = m && isObject(root) && isObject(root.$defs) ? root.$defs[m[1]!] : undefined;
    if (target === undefined) throw new Error(`cannot resolve ${ref}`);
    return target as Schema;
  };
  const check = (schema: Schema, v: unknown, at: string): boolean => {
    const before = errors.length;
    const fail = (why: string) => errors.push(`${at || '/'}: ${why}`);
    if (schema === true) return true;
    if (schema === false) { fail('false schema'); return false; }
    for (const k of Object.keys(schema)) if (!KEYWORDS.has(k) && !ANNOTATIONS.has(k)) throw new Error(`keyword ${k} not supported`);
    const s = schema as Record<string, any>;
    if (s.$ref !== undefined) check(resolve(s.$ref), v, at);
    if (s.type !== undefined && !(Array.isArray(s.type) ? s.type : [s.type]).some((t: string) => typeOk(t, v))) fail(`not ${s.type}`);
    if (s.enum !== undefined && !s.enum.some((e: unknown) => equal(e, v))) fail('not in enum');
    if (s.const !== undefined && !equal(s.const, v)) fail('not const');
    if (typeof v === 'number') {
      if (s.minimum !== undefined && v < s.minimum) fail('below minimum');
      if (s.maximum !== undefined && v > s.maximum) fail('above maximum');
      if (s.exclusiveMinimum !== undefined && v <= s.exclusiveMinimum) fail('not above exclusiveMinimum');
      if (s.exclusiveMaximum !== undefined && v >= s.exclusiveMaximum) fail('not below exclusiveMaximum');
    }
    if (typeof v === 'string') {
      if (s.minLength !== undefined && [...v].length < s.minLength) fail('too short');
      if (s.pattern !== undefined && !new RegExp(s.pattern, 'u').test(v)) fail('does not match pattern');
      if (s.format !== undefined) {
        if (s.format !== 'date') throw new Error(`format ${s.format} not supported`);
        if (!isDate(v)) fail('not a date');
      }
    }
    if (Array.isArray(v)) {
      if (s.minItems !== undefined && v.length < s.minItems) fail('too few items');
      if (s.items !== undefined) v.forEach((item, i) => check(s.items, item, `${at}/${i}`));
    }
    if (isObject(v)) {
      for (const k of s.required ?? []) if (!Object.hasOwn(v, k)) fail(`missing ${k}`);
      for (const [k, item] of Object.entries(v)) {
        const path = `${at}/${k}`;
        if (s.propertyNames !== undefined) check(s.propertyNames, k, path);
        if (s.properties && Object.hasOwn(s.properties, k)) check(s.properties[k], item, path);
        else if (s.additionalProperties !== undefined) check(s.additionalProperties, item, path);
      }
    }
    // Branches are tried on their own: their errors count only when the keyword fails.
    const passes = (branch: Schema) => { const mark = errors.length; const ok = check(branch, v, at); errors.length = mark; return ok; };
    if (s.allOf !== undefined) for (const b of s.allOf) check(b, v, at);
    if (s.anyOf !== undefined && !s.anyOf.some(passes)) fail('matches no anyOf branch');
    if (s.oneOf !== undefined && s.oneOf.filter(passes).length !== 1) fail('does not match exactly one oneOf branch');
    return errors.length === before;
  };
  check(root, value, '');
  return errors;
}
