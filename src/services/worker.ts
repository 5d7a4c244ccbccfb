// A worker thread of a whole-population command (check --all --json, reminders): answers
// batches of people — gathered, evaluated, serialised — on its own read connection
// (worker-pool.ts runs them; check.ts and reminders.ts say what a batch is).
import { workerData } from 'node:worker_threads';
import { PackIndex } from '../engine/pack-index.js';
import { openDb } from '../store/db.js';
import { activePack } from '../store/rule-packs.js';
import { type CheckWorkerData, checkWorker } from './check.js';
import { type RemindersWorkerData, remindersWorker } from './reminders.js';
import type { Session } from './session.js';
import { serveBatches } from './worker-pool.js';

const data = workerData as CheckWorkerData | RemindersWorkerData;
const db = openDb(data.dbPath);
// A whole-population pass reads a large part of the file once: mapped, its pages are not
// copied into this connection's cache through a system call each (a third less system time).
db.pragma('mmap_size = 1073741824');
if (data.task === 'check') {
  const { handle, onReply } = checkWorker(db, data);
  serveBatches(handle, onReply);
} else {
  let index: PackIndex | undefined;
  const session: Session = {
    db, who: { actor: '', now: '', command: 'reminders' }, today: data.today, asOf: data.asOf,
    rules: () => (index ??= new PackIndex(activePack(db))),
  };
  serveBatches(remindersWorker(session, data));
}
