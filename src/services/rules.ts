// Reading and validating rule-pack files: YAML or JSON, structure (zod) and meaning, every
// problem with its path in the file, in the words of the pack format rather than zod's.
import fs from 'node:fs';
import { type Document, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type YAMLError } from 'yaml';
import { z } from 'zod';
import { InputError, listProblems } from '../errors.js';
import { JsonTextError, parseJsonText, type RepeatedKey, type TextPlace } from '../io/json-text.js';
import { RulePack, YAML_YES_NO } from '../schemas/rules.js';
import { checkPackParts, checkPackSemantics, packParts, type Problem } from '../schemas/rules-semantics.js';

function formatPath(path: PropertyKey[]): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : out ? `.${String(k)}` : String(k);
  return out || '(top level)';
}

/** What the document holds at `path`, and whether anything is there at all. */
function valueAt(doc: unknown, path: PropertyKey[]): { found: boolean; value: unknown } {
  let value = doc;
  for (const k of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, k)) return { found: false, value: undefined };
    value = (value as Record<PropertyKey, unknown>)[k];
  }
  return { found: true, value };
}

/** A value from the file as a message shows it: text quoted (and cut short), lists and mappings by kind. */
function shown(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  if (v === null) return 'an empty value';
  if (Array.isArray(v)) return v.length ? 'a list' : 'an empty list';
  if (typeof v === 'object') return 'a mapping';
  return String(v);
}

const EXPECTED: Record<string, string> = {
  string: 'text', number: 'a number', int: 'a whole number', boolean: 'true or false',
  array: 'a list', object: 'a mapping (key: value)', record: 'a mapping (key: value)',
};

/** One zod issue in the pack's words: what was expected, the value given, what is allowed. */
function issueMessage(iss: z.core.$ZodIssue, doc: unknown): string {
  const { found, value } = valueAt(doc, iss.path);
  const got = found ? `, got ${shown(value)}` : '';
  switch (iss.code) {
    case 'invalid_union': {
      // Only requirements are a discriminated union (on `type`); other unions are reported
      // through their closest branch (zodProblems).
      const types = ('options' in iss ? iss.options ?? [] : []).join(', ');
      if (iss.discriminator === 'type') return found ? `${shown(value)} is not a requirement type (one of: ${types})` : `is missing (a requirement type, one of: ${types})`;
      break;
    }
    case 'invalid_value': {
      const allowed = iss.values.map(String).join(', ');
      if (iss.values.length === 1) return found ? `expected ${allowed}${got}` : `is missing (expected ${allowed})`;
      return found ? `${shown(value)} is not one of ${allowed}` : `is missing (one of ${allowed})`;
    }
    case 'invalid_type': {
      const expected = EXPECTED[iss.expected] ?? `a ${iss.expected}`;
      if (!found) return `is missing (expected ${expected})`;
      // YAML reads 2026, true or 1.5 as numbers and booleans; a code or name of that shape needs quotes.
      if (iss.expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) return `expected text${got} (write it in quotes: "${String(value)}")`;
      return `expected ${expected}${got}`;
    }
    case 'too_small':
      if (iss.origin === 'number') return `expected a ${iss.inclusive && iss.minimum === 0 ? 'non-negative' : 'positive'} number${(iss.minimum as number) > 0 ? ` of at least ${iss.minimum}` : ''}${got}`;
      if (iss.origin === 'array') return `expected at least ${iss.minimum} item${iss.minimum === 1 ? '' : 's'}${got}`;
      if (iss.origin === 'string') return iss.minimum === 1 ? `expected non-empty text${got}` : `expected at least ${iss.minimum} characters${got}`;
      break;
    case 'too_big':
      if (iss.origin === 'number') return `expected a number of at most ${iss.maximum}${got}`;
      break;
    case 'unrecognized_keys':
      return `unknown key${iss.keys.length > 1 ? 's' : ''} ${iss.keys.map((k) => JSON.stringify(k)).join(', ')}`;
  }
  const message = iss.message.replace(/^Invalid input: /, '');
  // Our own messages ("expected a calendar date YYYY-MM-DD", "expected a lower-case id such as
  // work-hours") name the rule: add the value given, when it is a single value.
  return /^expected /.test(message) && found && (value === null || typeof value !== 'object') ? `${message}${got}` : message;
}

/** Flattens zod issues (unions included) into path: message lines; `doc` is what was parsed, for the values given. */
export function zodProblems(error: z.ZodError, doc?: unknown): Problem[] {
  const out: Problem[] = [];
  const visitIssues = (issues: z.core.$ZodIssue[], prefix: PropertyKey[]) => {
    for (const iss of issues) {
      const path = [...prefix, ...iss.path];
      if (iss.code === 'invalid_union' && iss.errors.length) {
        // Report the branch that got furthest (fewest problems).
        const best = iss.errors.reduce((a, b) => (b.length < a.length ? b : a));
        visitIssues(best, path);
        continue;
      }
      out.push({ path: formatPath(path), message: issueMessage({ ...iss, path } as z.core.$ZodIssue, doc) });
    }
  };
  visitIssues(error.issues, []);
  return out;
}

/** `a.b[2].c` back into its keys and indices (for ordering; a key holding a dot only sorts less well). */
function pathKeys(path: string): PropertyKey[] {
  return [...path.matchAll(/\[(\d+)\]|([^.[\]]+)/g)].map((m) => (m[1] !== undefined ? Number(m[1]) : m[2]!));
}

/** Problems in the order of the places they name in the file, so a rule's problems of
 * structure and of meaning read together. Stable: problems at one place keep their order. */
function inFileOrder(problems: Problem[], doc: unknown): Problem[] {
  const rank = (path: string): number[] => {
    if (path.startsWith('(') || path.startsWith('line ')) return [];
    const out: number[] = [];
    let node = doc;
    for (const k of pathKeys(path)) {
      if (typeof node !== 'object' || node === null) break;
      const keys = Object.keys(node);
      const i = Array.isArray(node) ? (typeof k === 'number' ? k : -1) : keys.indexOf(String(k));
      out.push(i); // a missing key (-1): first, next to what is said of its object
      node = (node as Record<PropertyKey, unknown>)[k];
    }
    return out;
  };
  const compare = (a: number[], b: number[]) => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return a.length - b.length;
  };
  return problems.map((p) => ({ p, r: rank(p.path) })).sort((a, b) => compare(a.r, b.r)).map(({ p }) => p);
}

/**
 * The pack format's boolean fields (a test checks the list against schemas/rules.schema.json).
 * Under them an unquoted yes/no/on/off is true/false, as YAML 1.1 reads it. Only there: the
 * YAML 1.1 schema as a whole would also turn an id `no` or a code `ON` into booleans, unquoted
 * dates into timestamps and 0755 or 1:30 into other numbers.
 */
export const BOOLEAN_KEYS: ReadonlySet<string> = new Set(['supervised', 'paid', 'verify_locally']);

/** What a pack file's text holds, or why it cannot be read (problems at `line L, column C`). */
type Read = { doc: unknown } | { problems: Problem[] };

const placed = (p: TextPlace) => `line ${p.line}, column ${p.column}`;
const unreadable = (where: string, message: string): Read =>
  ({ problems: [{ path: where, message: `cannot read: ${message.charAt(0).toLowerCase()}${message.slice(1)}` }] });

/** A key given twice in one mapping: JSON.parse (and YAML's reader) would keep the last silently. */
function repeatedKeyProblem(r: RepeatedKey): Problem {
  const where = r.path.length ? `in ${formatPath(r.path)}` : 'at the top level';
  const first = r.first.line === r.at.line ? `column ${r.first.column}` : placed(r.first);
  return { path: placed(r.at), message: `cannot read: key ${JSON.stringify(r.key)} given twice ${where} (first at ${first}): keep one` };
}

/** Every key given twice in one mapping of a YAML document, with the path of the mapping. */
function repeatedYamlKeys(doc: Document, lines: LineCounter): RepeatedKey[] {
  const out: RepeatedKey[] = [];
  const place = (offset: number): TextPlace => { const p = lines.linePos(offset); return { line: p.line, column: p.col }; };
  visit(doc, {
    Map(_, map, ancestors) {
      const chain = [...ancestors, map];
      const path: (string | number)[] = [];
      chain.forEach((node, i) => {
        if (isSeq(node)) path.push(node.items.indexOf(chain[i + 1] as never));
        else if (isPair(node) && isScalar(node.key)) path.push(String(node.key.value));
      });
      const seen = new Map<string, number>();
      for (const pair of map.items) {
        if (!isScalar(pair.key) || !pair.key.range) continue;
        // Keys as the pack's objects will have them: 1 and "1" are one key there.
        const key = String(pair.key.value);
        const first = seen.get(key);
        if (first === undefined) seen.set(key, pair.key.range[0]);
        else out.push({ key, path, at: place(pair.key.range[0]), first: place(first) });
      }
    },
  });
  // In file order (the visit sees a mapping before the mappings inside it).
  return out.sort((a, b) => a.at.line - b.at.line || a.at.column - b.at.column);
}

/** A YAML parse error's first line without the place it ends with (given apart) or the code excerpt after it. */
function yamlMessage(err: YAMLError): string {
  return err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').replace(/:$/, '');
}

/** YAML 1.2 (the `yaml` default), but with yes/no/on/off as booleans under BOOLEAN_KEYS; the
 * first syntax error, or every key given twice. */
function readYaml(text: string): Read {
  const lines = new LineCounter();
  // Repeated keys are looked for below: all of them, with the mapping they are in.
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: false, lineCounter: lines });
  const err = doc.errors[0];
  if (err) return unreadable(err.linePos ? placed({ line: err.linePos[0].line, column: err.linePos[0].col }) : '(file)', yamlMessage(err));
  const repeated = repeatedYamlKeys(doc, lines);
  if (repeated.length) return { problems: repeated.map(repeatedKeyProblem) };
  visit(doc, {
    Pair(_, pair) {
      if (!isScalar(pair.key) || !BOOLEAN_KEYS.has(String(pair.key.value))) return;
      // Only plain scalars: a quoted "yes" was written as text on purpose and is reported as such.
      if (isScalar(pair.value) && pair.value.type === 'PLAIN' && typeof pair.value.value === 'string' && YAML_YES_NO.has(pair.value.value)) {
        pair.value.value = YAML_YES_NO.get(pair.value.value);
      }
    },
  });
  return { doc: doc.toJS() };
}

/** JSON as JSON.parse reads it, but a syntax error at its line and column, and a key given twice refused. */
function readJson(text: string): Read {
  try {
    const { value, repeated } = parseJsonText(text);
    return repeated.length ? { problems: repeated.map(repeatedKeyProblem) } : { doc: value };
  } catch (err) {
    if (err instanceof JsonTextError) return unreadable(placed(err.at), err.message);
    throw err;
  }
}

export interface PackCheck { pack?: RulePack; problems: Problem[] }

/** Validates a pack's text; returns the pack or every problem found. */
export function checkPackText(text: string, file: string): PackCheck {
  let read: Read;
  try {
    read = /\.json$/i.test(file) ? readJson(text) : readYaml(text);
  } catch (err) {
    read = unreadable('(file)', (err as Error).message.split('\n')[0]!);
  }
  if ('problems' in read) return { problems: read.problems };
  const doc = read.doc;
  const parsed = RulePack.safeParse(doc);
  if (parsed.success) {
    const problems = checkPackSemantics(parsed.data);
    return problems.length ? { problems: inFileOrder(problems, doc) } : { pack: parsed.data, problems };
  }
  // Structure problems, and the meaning problems of the parts that are well-formed, in one run.
  const problems = [...zodProblems(parsed.error, doc), ...checkPackParts(packParts(doc))];
  return { problems: inFileOrder(problems, doc) };
}

export function readPackFile(file: string): PackCheck {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  return checkPackText(text, file);
}

/** The pack in `file`, or an input error listing every problem as `file: path: message`. */
export function loadPackFile(file: string): RulePack {
  const { pack, problems } = readPackFile(file);
  if (pack) return pack;
  throw new InputError(`${file}: ${problems.length} problem${problems.length > 1 ? 's' : ''} in the rule pack`,
    'fix them and run `credtrack rules validate FILE`', listProblems(problems.map((p) => `${file}: ${p.path}: ${p.message}`)));
}
