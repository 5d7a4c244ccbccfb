// Hostile import files through the import service (in-process, many runs): every file is
// either accepted whole — no rejected rows, each added row in its table, no given cell
// dropped, text stored exactly as written (trimmed) — or refused with an input error (exit 2)
// and not one byte of the database changed. Never another error. Saved as Latin-1, a file
// whose bytes are not UTF-8 is always refused.
import { isUtf8 } from 'node:buffer';
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

  it('a file saved as Latin-1 is refused with nothing written unless its bytes are UTF-8 anyway (plain ASCII); however it is cut into chunks', async () => {
    let notUtf8 = 0;
    // Characters Latin-1 cannot write become ñ; now and then an accent goes on a letter of the first row.
    const latin1File = fc.tuple(anyFile(), fc.boolean(), fc.array(fc.nat(2000), { maxLength: 4 })).map(([f, accent, cuts]) => {
      let content = f.content.replace(/[^\x00-\xff]/gu, 'ñ');
      const row = content.search(/[\r\n]/);
      if (accent && row >= 0) content = content.slice(0, row) + content.slice(row).replace(/[aeiou]/, (v) => ({ a: 'á', e: 'é', i: 'í', o: 'ö', u: 'ü' })[v]!);
      return [{ ...f, content }, cuts] as const;
    });
    await fc.assert(fc.asyncProperty(latin1File, async ([file, cuts]) => {
      const bytes = Buffer.from(file.content, 'latin1');
      const at = [0, ...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
      const chunks = at.map((c, i) => bytes.subarray(c, at[i + 1] ?? bytes.length)).filter((c) => c.length > 0);
      const before = dump(sb.db);
      let outcome: Outcome;
      try {
        const summary = await importFile(s, {
          source: { name: `f.${file.format}`, open: () => Readable.from(chunks) },
          type: file.type, format: file.format, dryRun: false, skipInvalid: false,
        });
        outcome = { ok: true, summary };
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        outcome = { ok: false, message: err.message };
      }
      expect(s.db.inTransaction).toBe(false);
      if (!isUtf8(bytes)) {
        notUtf8++;
        expect(outcome.ok, `accepted bytes that are not UTF-8: ${JSON.stringify(file.content).slice(0, 300)}`).toBe(false);
      }
      // ASCII files are the same bytes in both encodings: the usual promise holds for them.
      expectSound({ ...file, faithful: file.faithful && /^[\x00-\x7f]*$/.test(file.content) }, outcome, before, dump(sb.db), (sql, ...a) => s.db.prepare(sql).get(...a));
    }), { seed: 20261125, numRuns: 300 });
    expect(notUtf8).toBeGreaterThan(100);
  });
});
