// Whole-population passes on worker threads: the batches of people go out to a few workers
// (each with its own read connection), results come back in batch order. Both sides live
// here: runOnWorkers (the caller) and serveBatches (the worker script).
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parentPort, Worker } from 'node:worker_threads';

/** The worker script exists only in the build (dist/); from sources, callers work in-process. */
export function workerScript(name: string, base: string): URL | null {
  const url = new URL(`./${name}.js`, base);
  return url.protocol === 'file:' && fs.existsSync(fileURLToPath(url)) ? url : null;
}

interface Reply<R> { seq: number; result?: R; error?: { message: string; code?: string; stack?: string } }

/** A batch's result, and a way to send a message back to the worker that made it. */
export interface Done<R> { result: R; reply(message: unknown): void }

/**
 * Runs `batches` on `workers` threads of `script` (started with `workerData`) and yields each
 * batch's result in batch order. At most two batches per worker are out at once, and no more
 * than that are held for the consumer, so memory stays bounded however many batches there are.
 */
export async function* runOnWorkers<B, R>(script: URL, workerData: unknown, batches: readonly B[], workers: number): AsyncGenerator<Done<R>> {
  const n = Math.max(1, Math.min(workers, batches.length));
  const window = 2 * n;
  const pool: Worker[] = [];
  const done = new Map<number, Done<R>>();
  let sent = 0;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const signal = () => { wake?.(); wake = null; };
  let yielded = 0;
  const busy = new Map<Worker, number>();
  const dispatch = () => {
    for (const w of pool) {
      while ((busy.get(w) ?? 0) < 2 && sent < batches.length && sent - yielded < window) {
        w.postMessage({ seq: sent, batch: batches[sent] });
        busy.set(w, (busy.get(w) ?? 0) + 1);
        sent++;
      }
    }
  };
  const fail = (err: Error) => { failure ??= err; signal(); };
  try {
    for (let i = 0; i < n; i++) {
      const w = new Worker(script, { workerData });
      w.on('message', (m: Reply<R>) => {
        busy.set(w, (busy.get(w) ?? 1) - 1);
        if (m.error) {
          const err = new Error(m.error.message) as Error & { code?: string };
          if (m.error.code) err.code = m.error.code;
          if (m.error.stack) err.stack = m.error.stack;
          fail(err);
          return;
        }
        done.set(m.seq, { result: m.result as R, reply: (message) => w.postMessage({ reply: message }) });
        signal();
      });
      w.on('error', fail);
      w.on('exit', (code) => { if (code !== 0) fail(new Error(`a worker thread stopped (exit code ${code})`)); });
      pool.push(w);
    }
    dispatch();
    while (yielded < batches.length) {
      if (failure) throw failure;
      if (!done.has(yielded)) {
        await new Promise<void>((resolve) => { wake = resolve; });
        continue;
      }
      const r = done.get(yielded)!;
      done.delete(yielded);
      yielded++;
      dispatch();
      yield r;
    }
  } finally {
    await Promise.all(pool.map((w) => { w.removeAllListeners('exit'); return w.terminate(); }));
  }
}

/**
 * The worker side: answers each batch with `handle(batch)` (`transfer` lists buffers to move,
 * not copy); messages the caller sends back with Done.reply go to `onReply`.
 */
export function serveBatches<B, R>(handle: (batch: B) => { result: R; transfer?: ArrayBuffer[] }, onReply?: (message: any) => void): void {
  const port = parentPort;
  if (!port) throw new Error('serveBatches runs in a worker thread');
  port.on('message', ({ seq, batch, reply }: { seq: number; batch: B; reply?: unknown }) => {
    if (reply !== undefined) {
      onReply?.(reply);
      return;
    }
    try {
      const { result, transfer } = handle(batch);
      port.postMessage({ seq, result } satisfies Reply<R>, transfer ?? []);
    } catch (err) {
      const e = err as Error & { code?: string };
      port.postMessage({ seq, error: { message: e?.message ?? String(err), code: typeof e?.code === 'string' ? e.code : undefined, stack: e?.stack } } satisfies Reply<R>);
    }
  });
}
