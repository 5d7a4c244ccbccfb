// A worker thread of `check --all --json`: gathers, evaluates and serialises batches of people
// on its own read connection (services/check.ts, checkJsonChunks).
import { workerData } from 'node:worker_threads';
import { openDb } from '../store/db.js';
import { type CheckWorkerData, checkWorker } from './check.js';
import { serveBatches } from './worker-pool.js';

const data = workerData as CheckWorkerData;
const { handle, onReply } = checkWorker(openDb(data.dbPath), data);
serveBatches(handle, onReply);
