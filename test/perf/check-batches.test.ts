// The fast paths of whole-population commands give exactly what the plain ones give: hours
// summed in SQL versus every entry, batches on worker threads versus one thread, fragments
// serialised into reused buffers versus item by item. (No timings here: bench/ measures.)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../../src/cli/context.js';
import { evaluateRule, makeContext } from '../../src/engine/evaluate.js';
import { hoursSummaryKey } from '../../src/engine/hour-needs.js';
import { PackIndex } from '../../src/engine/pack-index.js';
import { FragmentBuilder, JsonFragment, writeJsonStream } from '../../src/render/json-stream.js';
import { evaluatePlan, PARALLEL_FROM, planCheck } from '../../src/services/check.js';
import { openDb } from '../../src/store/db.js';
import { gatherFacts } from '../../src/store/facts.js';
import { activePack } from '../../src/store/rule-packs.js';
import { BIN } from '../helpers/cli.js';
import { env, generate, session } from './helpers.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'credtrack-perf-'));



afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('hours summed in SQL', () => {
  let file: string;
  beforeAll(() => { file = generate(400, path.join(dir, 'small.db')); });

  // Every rule of the pack on every person: as of several dates, with a pack whose hours
  // requirements have `within` windows and excluded topics in mixed case, and with one that
  // filters and breaks down other fields of other categories (paid, supervised, CEU domains).
  const asOfs = ['2026-11-22', '2025-03-01', '2024-02-29', '2022-06-15'];
  it.each(asOfs)('evaluates as every entry does, as of %s', (asOf) => {
    const db = openDb(file);
    try {
      for (const pack of [activePack(db), windowed(activePack(db)), filtered(activePack(db))]) {
        const index = new PackIndex(pack);
        const all = gatherFacts(db, 'all');
        const summed = gatherFacts(db, 'all', { hoursSummary: hoursSummaryKey(pack, asOf) });
        const ctx = makeContext(pack, asOf);
        let rows = 0, entries = 0;
        for (const [id, f] of all) {
          const g = summed.get(id)!;
          rows += f.hours.length;
          entries += g.hours.length;
          for (const code of index.rules.keys()) {
            const rule = index.ruleOn(code, asOf);
            if (!rule) continue;
            expect(JSON.stringify(evaluateRule(rule, index.kindOf(code)!, g, ctx))).toBe(JSON.stringify(evaluateRule(rule, index.kindOf(code)!, f, ctx)));
          }
        }
        expect(entries).toBeLessThan(rows); // it did sum something
      }
    } finally {
      db.close();
    }
  });

  it('splits entries at the pace window and every `within` window (inside which dates stay apart), and knows the excluded topics', () => {
    const pack = windowed(activePack(openDb(file)));
    expect(hoursSummaryKey(pack, '2026-11-22')).toEqual({
      asOf: '2026-11-22',
      boundaries: ['2024-11-23', '2025-11-23', '2026-08-25'],
      topics: ['core training', 'direct service', 'independent study'],
      categories: [
        { category: 'supervision', domain: true, supervised: false, paid: false, topic: false, dated: null },
        { category: 'training', domain: true, supervised: false, paid: false, topic: true, dated: '2025-11-23' },
        { category: 'work', domain: false, supervised: true, paid: false, topic: true, dated: '2024-11-23' },
      ],
    });
  });

  it('reads only the categories and fields the rules checked look at', () => {
    const db = openDb(file);
    try {
      const pack = activePack(db);
      const index = new PackIndex(pack);
      const asOf = '2026-11-22';
      const crss = index.rules.get('CRSS')!.versions;
      const key = hoursSummaryKey(pack, asOf, crss);
      expect(key.categories.map((c) => c.category)).toEqual(['supervision', 'training', 'work']);
      expect(hoursSummaryKey(pack, asOf, index.rules.get('RSA-132')!.versions).categories).toEqual([]);
      const all = gatherFacts(db, 'all');
      const summed = gatherFacts(db, 'all', { hoursSummary: key });
      const ctx = makeContext(pack, asOf);
      for (const [id, f] of all) {
        const g = summed.get(id)!;
        expect(g.hours.every((h) => h.category !== 'ceu' && (h.category === 'work' || h.supervised === null))).toBe(true);
        expect(JSON.stringify(evaluateRule(crss[0]!, 'credential', g, ctx))).toBe(JSON.stringify(evaluateRule(crss[0]!, 'credential', f, ctx)));
      }
    } finally {
      db.close();
    }
  });
});

/** The default pack with windows and more excluded topics on its hours requirements. */
function windowed(pack: ReturnType<typeof activePack>): ReturnType<typeof activePack> {
  const copy = structuredClone(pack);
  for (const c of copy.credentials) {
    for (const r of c.requirements) {
      if (r.type !== 'hours') continue;
      if (r.category === 'work') Object.assign(r, { within: { years: 2 }, exclude_topics: [...(r.exclude_topics ?? []), 'Direct Service'] });
      if (r.category === 'training') Object.assign(r, { within: { years: 1 }, span: { months: 6 } });
    }
  }
  return copy;
}

/** The default pack with requirements on other fields: paid training, unsupervised supervision hours, CEU hours by domain, work by domain. */
function filtered(pack: ReturnType<typeof activePack>): ReturnType<typeof activePack> {
  const copy = structuredClone(pack);
  for (const c of copy.credentials) {
    for (const r of c.requirements) {
      if (r.type !== 'hours') continue;
      if (r.category === 'training') Object.assign(r, { paid: true });
      if (r.category === 'supervision') Object.assign(r, { supervised: false });
    }
  }
  copy.qualifications.push(
    { code: 'CEU-Q', name: 'CEU check', requirements: [{ id: 'ceu', type: 'hours', category: 'ceu', minimum: 5, domains: ['ethics', 'advocacy'] }] },
    { code: 'WORK-Q', name: 'Work by domain', requirements: [{ id: 'work', type: 'hours', category: 'work', minimum: 50, paid: false,
      parts: [{ id: 'mentoring', domains: ['mentoring'], minimum: 5 }] }] },
  );
  return copy;
}

describe('check --all --json on worker threads', () => {
  it(`writes exactly what one thread writes (${PARALLEL_FROM} people)`, () => {
    const file = generate(PARALLEL_FROM, path.join(dir, 'large.db'));
    const asOf = '2026-11-22';
    const r = spawnSync(BIN, ['check', '--all', '--json', '--exit-code', '--as-of', asOf, '--db', file], { env, encoding: 'utf8', maxBuffer: 1 << 30, timeout: 120_000 });
    expect(r.stderr).toBe('');
    const s = session(file, asOf);
    try {
      const plan = planCheck(s, { people: [], all: true });
      let ineligible = 0;
      const items: string[] = [];
      for (const x of evaluatePlan(s, plan)) {
        if (!x.eligible) ineligible++;
        items.push(JSON.stringify(x));
      }
      expect(r.stdout).toBe(`{"as_of":"${asOf}","results":[${items.join(',')}]}\n`);
      expect(r.status).toBe(ineligible > 0 ? 1 : 0);
    } finally {
      s.db.close();
    }
  }, 240_000);
});

describe('JSON fragments', () => {
  const items = Array.from({ length: 50 }, (_, i) => ({ i, name: `Zoë ${'é'.repeat(i)}`, nested: { a: [i, null, true] } }));

  function context(pretty: boolean): { ctx: Context; text: () => string } {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(Buffer.from(c))); // a copy, as a file or pipe keeps
    return { ctx: { stdout: out, stdoutIsTTY: pretty } as unknown as Context, text: () => Buffer.concat(chunks).toString('utf8') };
  }

  it.each([false, true])('write what items one by one write (pretty: %s), through buffers that grow and are reused', async (pretty) => {
    const plain = context(pretty);
    await writeJsonStream(plain.ctx, { as_of: '2026-11-22' }, 'results', items, { total: 50 });
    const fragments = context(pretty);
    let buffer: Buffer = Buffer.allocUnsafe(16); // far too small: grows
    const released: number[] = [];
    const batches = async function* () {
      yield new JsonFragment(new Uint8Array(0), 0, () => released.push(-1));
      for (let i = 0; i < items.length; i += 7) {
        const b = new FragmentBuilder(buffer, pretty);
        for (const item of items.slice(i, i + 7)) b.add(item);
        buffer = b.buffer;
        yield new JsonFragment(b.view(), b.count, () => released.push(i));
      }
    };
    await writeJsonStream(fragments.ctx, { as_of: '2026-11-22' }, 'results', batches(), { total: 50 });
    expect(fragments.text()).toBe(plain.text());
    expect(released).toEqual([-1, 0, 7, 14, 21, 28, 35, 42, 49]);
  });

  it('writes an empty list the same way', async () => {
    const plain = context(false);
    await writeJsonStream(plain.ctx, {}, 'results', []);
    const fragments = context(false);
    await writeJsonStream(fragments.ctx, {}, 'results', (async function* () { yield new JsonFragment(new Uint8Array(0), 0); })());
    expect(fragments.text()).toBe(plain.text());
    expect(plain.text()).toBe('{"results":[]}\n');
  });
});

