// One worker thread's share of a whole-population command, in a fresh process: the first
// `people` active people of `db`, a batch of 1,000 at a time, through the same functions the
// worker threads run (check: gather, evaluate, serialise; reminders: gather, compute,
// serialise; check-eval: gather and evaluate only, to bound what serialising costs). Prints the
// process's CPU time. Bundled and run by bench/thread-share.mjs.
import { createHash } from 'node:crypto';
import { PackIndex } from '../src/engine/pack-index.js';
import { checkWorker, evaluatePlan } from '../src/services/check.js';
import { remindersWorker } from '../src/services/reminders.js';
import { openDb } from '../src/store/db.js';
import { populationIds } from '../src/store/facts.js';
import { peopleIdRange } from '../src/store/reminder-facts.js';
import { activePack } from '../src/store/rule-packs.js';

const [task, dbPath, peopleArg, asOf] = process.argv.slice(2);
const people = Number(peopleArg);
const db = openDb(dbPath!);
db.pragma('mmap_size = 1073741824'); // as the worker threads do (services/worker.ts)
const hash = createHash('sha1');
const start = process.cpuUsage();
if (task === 'check') {
  const ids = populationIds(db, 'all', { activeOnly: true }).slice(0, people);
  const { handle, onReply } = checkWorker(db, { task: 'check', dbPath: dbPath!, asOf: asOf!, pretty: false });
  for (let i = 0; i < ids.length; i += 1000) {
    const { result } = handle(ids.slice(i, i + 1000));
    hash.update(new Uint8Array(result.buffer, 0, result.length));
    onReply(result.buffer);
  }
} else if (task === 'check-eval') {
  // The same batches, gathered and evaluated, nothing serialised: the hash is of the eligibility flags.
  let index: PackIndex | undefined;
  const session = { db, rules: () => (index ??= new PackIndex(activePack(db))) } as unknown as Parameters<typeof evaluatePlan>[0];
  const ids = populationIds(db, 'all', { activeOnly: true }).slice(0, people);
  const flags: number[] = [];
  for (const r of evaluatePlan(session, { ids, asOf: asOf! })) flags.push(r.eligible ? 1 : 0);
  hash.update(Uint8Array.from(flags));
} else {
  let index: PackIndex | undefined;
  const session = { db, who: { actor: '', now: '', command: 'reminders' }, today: asOf!, asOf: asOf!, rules: () => (index ??= new PackIndex(activePack(db))) };
  const handle = remindersWorker(session, { task: 'reminders', dbPath: dbPath!, asOf: asOf!, today: asOf!, req: {}, serialize: { format: 'json', pretty: false } });
  const first = peopleIdRange(db)?.first ?? 0;
  for (let from = first; from < first + people; from += 1000) {
    const { result } = handle({ from, to: from + 1000 }) as { result: { bytes: ArrayBuffer } };
    hash.update(new Uint8Array(result.bytes));
  }
}
const used = process.cpuUsage(start);
console.log(JSON.stringify({ cpu_ms: Math.round((used.user + used.system) / 1000), sha1: hash.digest('hex') }));
