// Reading and validating rule-pack files: YAML or JSON, structure (zod) then meaning.
import fs from 'node:fs';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { z } from 'zod';
import { InputError, listProblems } from '../errors.js';
import { RulePack } from '../schemas/rules.js';
import { checkPackSemantics, type Problem } from '../schemas/rules-semantics.js';

function formatPath(path: PropertyKey[]): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : out ? `.${String(k)}` : String(k);
  return out || '(top level)';
}

/** Flattens zod issues (unions included) into path: message lines. */
export function zodProblems(error: z.ZodError): Problem[] {
  const out: Problem[] = [];
  const visit = (issues: z.core.$ZodIssue[], prefix: PropertyKey[]) => {
    for (const iss of issues) {
      const path = [...prefix, ...iss.path];
      if (iss.code === 'invalid_union' && iss.errors.length) {
        // Report the branch that got furthest (fewest problems).
        const best = iss.errors.reduce((a, b) => (b.length < a.length ? b : a));
        visit(best, path);
        continue;
      }
      let message = iss.message.replace(/^Invalid input: /, '');
      if (iss.code === 'too_small' && iss.origin === 'number') message = `expected a ${iss.inclusive && iss.minimum === 0 ? 'non-negative' : 'positive'} number${(iss.minimum as number) > 0 ? ` of at least ${iss.minimum}` : ''}`;
      if (iss.code === 'too_big' && iss.origin === 'number') message = `expected a number of at most ${iss.maximum}`;
      if (iss.code === 'unrecognized_keys') message = `unknown key${iss.keys.length > 1 ? 's' : ''} ${iss.keys.map((k) => JSON.stringify(k)).join(', ')}`;
      out.push({ path: formatPath(path), message });
    }
  };
  visit(error.issues, []);
  return out;
}

export interface PackCheck { pack?: RulePack; problems: Problem[] }

/** Validates a pack's text; returns the pack or every problem found. */
export function checkPackText(text: string, file: string): PackCheck {
  let doc: unknown;
  try {
    doc = /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text, { prettyErrors: true });
  } catch (err) {
    const where = err instanceof YAMLParseError && err.linePos ? `line ${err.linePos[0].line}` : '(file)';
    return { problems: [{ path: where, message: `cannot read: ${(err as Error).message.split('\n')[0]}` }] };
  }
  const parsed = RulePack.safeParse(doc);
  if (!parsed.success) return { problems: zodProblems(parsed.error) };
  const problems = checkPackSemantics(parsed.data);
  return problems.length ? { problems } : { pack: parsed.data, problems };
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
