// Hostile import files through the import service (in-process, many runs): every file is
// either accepted whole — no rejected rows, each added row in its table, no given cell
// dropped, text stored exactly as written (trimmed) — or refused with an input error (exit 2)
// and not one byte of the database changed. Never another error.
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeContext } from '../../src/cli/context.js';
import { InputError } from '../../src/errors.js';
import { COLUMNS } from '../../src/schemas/rows.js';
import { importFile, type ImportSummary } from '../../src/services/import.js';
import { openSession, type Session } from '../../src/services/session.js';
import { initialised, type Sandbox } from '../helpers/cli.js';
import { dump } from './helpers.js';
import { anyFile, type HostileFile, importedText, KNOWN_PEOPLE } from './hostile.js';

export type Outcome = { ok: true; summary: ImportSummary } | { ok: false; message: string };

/** The import's promise: what any file must lead to. */
export function expectSound(file: HostileFile, outcome: Outcome, before: Record<string, unknown[]>, after: Record<string, unknown[]>, db: (sql: string, ...a: unknown[]) => any): void {
  const context = `${file.format} ${file.type}: ${JSON.stringify(file.content).slice(0, 600)}`;
  if (!outcome.ok) {
    expect(outcome.message, context).not.toBe('');
    expect(after, `${context}\nrefused, but the database changed`).toEqual(before);
    return;
  }
  const s = outcome.summary;
  expect(s.rejected, context).toBe(0);
  expect(s.added + s.updated + s.unchanged, context).toBe(s.read);
  expect(after[file.type]!.length - before[file.type]!.length, context).toBe(s.added);
  if (!file.faithful) return;
  const known = new Set(COLUMNS[file.type]);
  for (const row of file.rows) {
    for (const [k, v] of Object.entries(row)) {
      if (v !== null && v !== undefined && (typeof v !== 'string' || v.trim() !== '')) expect(known.has(k), `${context}\naccepted, but the given column ${JSON.stringify(k)} is unknown`).toBe(true);
    }
    if (file.type === 'people') {
      const stored = db('SELECT first_name, last_name, site, email FROM people WHERE person_id = ?', importedText(row.person_id));
      expect(stored, context).toBeDefined();
      for (const col of ['first_name', 'last_name', 'site', 'email'] as const) {
        const given = importedText(row[col]);
        if (given !== undefined) expect(stored[col], `${context}\n${col}`).toBe(given);
      }
    }
  }
}

describe('hostile import files, in-process', () => {
  let sb: Sandbox;
  let s: Session;
  beforeAll(() => {
    sb = initialised('hostile-inproc');
    const r = sb.run(['import', sb.csv('known.csv', ['person_id', 'first_name'], KNOWN_PEOPLE.map((p) => ({ person_id: p, first_name: p }))), '--type', 'people']);
    expect(r.code, r.stderr).toBe(0);
    s = openSession(makeContext({ db: sb.db, actor: 'tester' }, 'import', {}, new Date()));
  });
  afterAll(() => s?.db.close());

  it('every file is accepted whole or refused with nothing written (CSV, NDJSON, JSON; 400 files)', async () => {
    let accepted = 0;
    let refused = 0;
    await fc.assert(fc.asyncProperty(anyFile(), async (file) => {
      const before = dump(sb.db);
      let outcome: Outcome;
      try {
        const summary = await importFile(s, {
          source: { name: `f.${file.format}`, stream: Readable.from([Buffer.from(file.content, 'utf8')]) },
          type: file.type, format: file.format, dryRun: false, skipInvalid: false,
        });
        outcome = { ok: true, summary };
        accepted++;
      } catch (err) {
        // Anything but an input error (exit 2) fails the property.
        if (!(err instanceof InputError)) throw err;
        outcome = { ok: false, message: err.message };
        refused++;
      }
      expect(s.db.inTransaction).toBe(false);
      expectSound(file, outcome, before, dump(sb.db), (sql, ...a) => s.db.prepare(sql).get(...a));
    }), { seed: 20261125, numRuns: 400 });
    // Both outcomes were exercised, or the property proved little.
    expect(accepted).toBeGreaterThan(40);
    expect(refused).toBeGreaterThan(40);
  });
});
