// Eligibility checks: the people to check in person_id order, their facts gathered a batch at
// a time in a few set-based queries (hours summed in SQL), then the pure engine over each
// person. Results are produced lazily so large outputs can stream; a large population's JSON
// is computed on worker threads, a batch each, and written in order.
import { availableParallelism } from 'node:os';
import { evaluateRule, makeContext, type RuleResult } from '../engine/evaluate.js';
import type { PersonFacts } from '../engine/facts.js';
import { factTables, hoursSummaryKey } from '../engine/hour-needs.js';
import { PackIndex } from '../engine/pack-index.js';
import { InputError } from '../errors.js';
import { FragmentBuilder, JsonFragment } from '../render/json-stream.js';
import type { AnyRule, RuleKind } from '../schemas/rules.js';
import type { Db } from '../store/db.js';
import { type FactTable, gatherFacts, populationIds, rowIds } from '../store/facts.js';
import { activePack } from '../store/rule-packs.js';
import type { Session } from './session.js';
import { runOnWorkers, workerScript } from './worker-pool.js';

export interface CheckRequest {
  people: string[];
  all: boolean;
  codes?: string[];
}

export interface CheckPlan {
  /** Row ids of the people to check, in person_id order. */
  ids: number[];
  codes?: string[];
  asOf: string;
}

/** People per batch: one batch's facts are alive at a time (per worker). */
export const CHECK_BATCH = 1000;

/** Validates the request and lists the people to check. */
export function planCheck(s: Session, req: CheckRequest): CheckPlan {
  const index = s.rules();
  // The codes first: `check --credential CRSS P001` reads P001 as a code, and saying so beats "name the people".
  for (const code of req.codes ?? []) {
    if (index.rules.has(code)) continue;
    const person = rowIds(s.db, [code]).has(code);
    throw new InputError(`--credential: unknown rule ${JSON.stringify(code)}${person ? ` (${code} is a person: --credential takes every word after it)` : ''}`,
      person ? `name the people first: credtrack check ${code} --credential ${(req.codes ?? []).filter((c) => index.rules.has(c)).join(' ') || 'CODE'}`
        : `known: ${[...index.rules.keys()].join(', ')}`);
  }
  if (!req.all && req.people.length === 0) throw new InputError('name the people to check, or use --all', 'e.g. credtrack check P001 P002, or credtrack check --all --credential CRSS');
  // The people named (with --all too: included whatever their status) must exist.
  const rows = rowIds(s.db, req.people);
  const unknown = req.people.filter((p) => !rows.has(p));
  if (unknown.length) throw new InputError(`unknown person${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => JSON.stringify(u)).join(', ')}`, `check the id${unknown.length > 1 ? 's' : ''} with \`credtrack people list\``);
  const ids = req.all
    ? populationIds(s.db, 'all', { activeOnly: true, alsoNamed: req.people }) // everyone active, and anyone named
    : populationIds(s.db, [...new Set(req.people.map((p) => rows.get(p)!))]);
  return { ids, codes: req.codes && [...new Set(req.codes)], asOf: s.asOf };
}

/** The position periods a person holds on `date`. */
function currentPositions(f: PersonFacts, date: string) {
  return f.positions.filter((p) => p.start <= date && (p.end === null || p.end >= date));
}

interface RuleToCheck { code: string; kind: RuleKind; rule: AnyRule; positionStart?: string }

/**
 * The rules every person is checked against: the codes asked for, else every credential and
 * qualification, in their versions in force on `asOf` (worked out once, not per person).
 */
function packRules(index: PackIndex, asOf: string, codes?: string[]): RuleToCheck[] {
  const out: RuleToCheck[] = [];
  const add = (code: string, kind: RuleKind) => {
    const rule = index.ruleOn(code, asOf);
    if (rule) out.push({ code, kind, rule }); // no version in force on the as-of date: nothing to check
  };
  if (codes) for (const code of codes) add(code, index.kindOf(code)!);
  else {
    // A credential with no requirements (a driver's license) is tracked for its expiry only:
    // "eligible" would say nothing, so it is checked only when asked for by --credential.
    for (const code of index.codes('credential')) if (index.ruleOn(code, asOf)?.requirements.length !== 0) add(code, 'credential');
    for (const code of index.codes('qualification')) add(code, 'qualification');
  }
  return out;
}

/** Which rules to evaluate for a person: the pack's (with the start of a held position asked for), and without codes the positions they hold. */
function rulesFor(index: PackIndex, fixed: RuleToCheck[], f: PersonFacts, asOf: string, codes?: string[]): RuleToCheck[] {
  const current = currentPositions(f, asOf);
  if (current.length === 0) return fixed;
  if (codes) {
    return fixed.map((r) => {
      const start = current.find((p) => p.position === r.code)?.start;
      return start ? { ...r, positionStart: start } : r;
    });
  }
  const out = [...fixed];
  for (const p of current) {
    if (index.kindOf(p.position) !== 'position' || out.some((o) => o.code === p.position)) continue;
    const rule = index.ruleOn(p.position, asOf);
    if (rule) out.push({ code: p.position, kind: 'position', rule, positionStart: p.start });
  }
  return out;
}

/**
 * The records a check of `codes` (default: every rule) reads: credentials and positions (which
 * rules apply, what is held), and whatever their requirements look at.
 */
function checkTables(index: PackIndex, codes?: string[]): FactTable[] {
  const tables = new Set<string>(['credentials', 'positions']);
  for (const code of codes ?? [...index.rules.keys()]) for (const rule of index.rules.get(code)?.versions ?? []) factTables(rule.requirements, tables);
  return [...tables] as FactTable[];
}

/** The facts of one batch of people: hours summed per kind of entry, only the records the rules read. */
function gatherBatch(db: Db, index: PackIndex, ids: number[], asOf: string, codes?: string[]): Iterable<PersonFacts> {
  const rules = codes?.flatMap((code) => index.rules.get(code)?.versions ?? []);
  return gatherFacts(db, ids, { hoursSummary: hoursSummaryKey(index.pack, asOf, rules), tables: checkTables(index, codes) }).values();
}

/** Every rule result of these people, in order. */
function* evaluatePeople(index: PackIndex, people: Iterable<PersonFacts>, asOf: string, codes?: string[]): Generator<RuleResult> {
  const base = makeContext(index.pack, asOf);
  const fixed = packRules(index, asOf, codes);
  for (const f of people) {
    for (const { rule, kind, positionStart } of rulesFor(index, fixed, f, asOf, codes)) {
      yield evaluateRule(rule, kind, f, positionStart ? { ...base, positionStart } : base);
    }
  }
}

/** The results of a plan, gathered and evaluated a batch at a time. */
export function* evaluatePlan(s: Session, plan: CheckPlan): Generator<RuleResult> {
  const index = s.rules();
  for (let i = 0; i < plan.ids.length; i += CHECK_BATCH) {
    yield* evaluatePeople(index, gatherBatch(s.db, index, plan.ids.slice(i, i + CHECK_BATCH), plan.asOf, plan.codes), plan.asOf, plan.codes);
  }
}

/** One batch of results as JSON array elements, and how many of them are not eligible. */
export interface CheckChunk { fragment: JsonFragment; ineligible: number }

/** What a check worker is started with. */
export interface CheckWorkerData { task: 'check'; dbPath: string; asOf: string; codes?: string[]; pretty: boolean }

/** Evaluates a batch and serialises its results into `out`; returns how many are not eligible. */
function serializeBatch(db: Db, index: PackIndex, ids: number[], asOf: string, codes: string[] | undefined, out: FragmentBuilder): number {
  let ineligible = 0;
  for (const r of evaluatePeople(index, gatherBatch(db, index, ids, asOf, codes), asOf, codes)) {
    if (!r.eligible) ineligible++;
    out.add(r);
  }
  return ineligible;
}

/** From this many people on, JSON is computed on worker threads (below, starting them costs more than it saves). */
export const PARALLEL_FROM = 4 * CHECK_BATCH;

/** Bytes of a fresh serialisation buffer (a batch of a thousand people takes about 5 MB). */
const FRAGMENT_BYTES = 8 << 20;

/**
 * The plan's results as JSON fragments, in order, serialised a batch at a time into reused
 * buffers. A large population is shared among worker threads (one per CPU, at most 4), each
 * with its own read connection: each batch reads a consistent snapshot, but a change committed
 * during the run may show in later batches only.
 */
export async function* checkJsonChunks(s: Session, plan: CheckPlan, pretty: boolean, workers = Math.min(4, availableParallelism())): AsyncGenerator<CheckChunk> {
  const batches: number[][] = [];
  for (let i = 0; i < plan.ids.length; i += CHECK_BATCH) batches.push(plan.ids.slice(i, i + CHECK_BATCH));
  const script = workers > 1 && plan.ids.length >= PARALLEL_FROM ? workerScript('worker', import.meta.url) : null;
  if (!script) {
    const index = s.rules();
    let buffer: Buffer = Buffer.allocUnsafe(Math.min(FRAGMENT_BYTES, (64 << 10) + plan.ids.length * (8 << 10)));
    for (const ids of batches) {
      // The writer is done with the buffer before it asks for the next batch.
      const out = new FragmentBuilder(buffer, pretty);
      const ineligible = serializeBatch(s.db, index, ids, plan.asOf, plan.codes, out);
      buffer = out.buffer;
      yield { fragment: new JsonFragment(out.view(), out.count), ineligible };
    }
    return;
  }
  const data: CheckWorkerData = { task: 'check', dbPath: s.db.name, asOf: plan.asOf, codes: plan.codes, pretty };
  for await (const { result: r, reply } of runOnWorkers<number[], WorkerChunk>(script, data, batches, workers)) {
    // The bytes stay in the worker's shared buffer; once written, it gets the buffer back.
    yield { fragment: new JsonFragment(new Uint8Array(r.buffer, 0, r.length), r.count, () => reply(r.buffer)), ineligible: r.ineligible };
  }
}

/** What a worker answers for a batch: its results serialised into a shared buffer. */
interface WorkerChunk { buffer: SharedArrayBuffer; length: number; count: number; ineligible: number }

/** The worker's side of checkJsonChunks: serialises each batch into a shared buffer the main thread hands back once written. */
export function checkWorker(db: Db, data: CheckWorkerData) {
  const index = new PackIndex(activePack(db));
  const free: Buffer[] = [];
  const shared = (bytes: number) => Buffer.from(new SharedArrayBuffer(bytes));
  const handle = (ids: number[]) => {
    const out = new FragmentBuilder(free.pop() ?? shared(FRAGMENT_BYTES), data.pretty, shared);
    const ineligible = serializeBatch(db, index, ids, data.asOf, data.codes, out);
    return { result: { buffer: out.buffer.buffer as SharedArrayBuffer, length: out.length, count: out.count, ineligible } satisfies WorkerChunk };
  };
  const onReply = (buffer: SharedArrayBuffer) => free.push(Buffer.from(buffer));
  return { handle, onReply };
}
