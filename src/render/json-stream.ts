// Streams one JSON document whose main array can be large, with backpressure. Items may come
// already serialised into bytes (JsonFragment: a batch of items, e.g. from a worker thread).
import type { Context } from '../cli/context.js';
import { drained, writeAndWait, writeChecked } from '../io/checked-write.js';

/** `count` items serialised as writeJsonStream writes them, comma-separated, UTF-8. */
export class JsonFragment {
  /** `release` is called once the bytes are written, so their buffer can be reused. */
  constructor(readonly bytes: Uint8Array, readonly count: number, readonly release?: () => void) {}
}

/** One item as writeJsonStream writes it: one line, or indented on a terminal. */
const itemText = (item: unknown, pretty: boolean) => (pretty ? `\n${JSON.stringify(item, null, 2)}` : JSON.stringify(item));

/**
 * Serialises items straight into a buffer that is reused from batch to batch: large fresh
 * buffers (one per batch, as Buffer.from(string) makes) cost more than the serialising itself.
 */
export class FragmentBuilder {
  length = 0;
  count = 0;
  constructor(public buffer: Buffer, private readonly pretty: boolean,
    private readonly allocate: (bytes: number) => Buffer = (n) => Buffer.allocUnsafe(n)) {}

  add(item: unknown): void {
    const text = itemText(item, this.pretty);
    const most = text.length * 3 + 1; // UTF-8 bytes of a UTF-16 code unit: at most 3
    if (this.length + most > this.buffer.length) {
      const bigger = this.allocate(Math.max(2 * this.buffer.length, this.length + most));
      this.buffer.copy(bigger, 0, 0, this.length);
      this.buffer = bigger;
    }
    if (this.count++) this.buffer[this.length++] = 0x2c; // ,
    this.length += this.buffer.write(text, this.length);
  }

  /** The bytes so far: a view, valid until the buffer is reused. */
  view(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}

export async function writeJsonStream(ctx: Context, head: Record<string, unknown>, key: string,
  items: Iterable<unknown> | AsyncIterable<unknown>, tail: Record<string, unknown> = {}): Promise<void> {
  const out = ctx.stdout;
  const pretty = ctx.stdoutIsTTY;
  let buf = `${JSON.stringify(head).slice(0, -1)}${Object.keys(head).length ? ',' : ''}${JSON.stringify(key)}:[`;
  let first = true;
  const flush = async () => {
    if (!writeChecked(out, buf)) await drained(out);
    buf = '';
  };
  /** Writes a fragment and waits until it is written: then its buffer may be reused. */
  const writeFragment = async (f: JsonFragment) => {
    buf += first ? '' : ',';
    first = false;
    await flush();
    await writeAndWait(out, f.bytes);
    f.release?.();
  };
  const add = (item: unknown) => {
    buf += (first ? '' : ',') + itemText(item, pretty);
    first = false;
  };
  const FLUSH_AT = 1 << 20;
  /** Takes one item; returns a promise only when it has to write. */
  const take = (item: unknown): Promise<void> | undefined => {
    if (item instanceof JsonFragment) {
      if (item.count) return writeFragment(item);
      item.release?.();
      return undefined;
    }
    add(item);
    return buf.length > FLUSH_AT ? flush() : undefined;
  };
  // A plain loop for plain iterables (`for await` would cost a promise per item); awaits only to write.
  if (Symbol.asyncIterator in items) for await (const item of items) await take(item);
  else for (const item of items) { const writing = take(item); if (writing) await writing; }
  const rest = JSON.stringify(tail).slice(1);
  buf += `${pretty && !first ? '\n' : ''}]${rest === '}' ? '}' : `,${rest}`}\n`;
  await flush();
}

/**
 * Writes `head`, the fragments' bytes in order (each released once written, so its buffer can
 * be reused) and `tail`, waiting whenever the output is full: CSV rows or iCalendar events
 * serialised elsewhere (worker threads).
 */
export async function writeFragments(ctx: Context, head: string, fragments: Iterable<JsonFragment>, tail: string): Promise<void> {
  const out = ctx.stdout;
  const write = (chunk: string | Uint8Array) => writeAndWait(out, chunk);
  await write(head);
  for (const f of fragments) {
    if (f.count) await write(f.bytes);
    f.release?.();
  }
  await write(tail);
}
