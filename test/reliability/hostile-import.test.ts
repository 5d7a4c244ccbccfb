// Hostile import files through the import service (in-process, many runs): every file is
// either accepted whole — no rejected rows, each added row in its table, no given cell
// dropped, text stored exactly as written (trimmed) — or refused with an input error (exit 2)
// and not one byte of the database changed. Never another error.
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeContext } from '../../src/cli/context.js';
import { InputError } from '../../src/errors.js';
import { importFile } from '../../src/services/import.js';
import { openSession, type Session } from '../../src/services/session.js';
import { initialised, type Sandbox } from '../helpers/cli.js';
import { dump } from './helpers.js';
import { anyFile, expectSound, KNOWN_PEOPLE, type Outcome } from './hostile.js';

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
          source: { name: `f.${file.format}`, open: () => Readable.from([Buffer.from(file.content, 'utf8')]) },
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
