// Streams one JSON document whose main array can be large, with backpressure.
import type { Context } from '../cli/context.js';

export async function writeJsonStream(ctx: Context, head: Record<string, unknown>, key: string, items: Iterable<unknown>, tail: Record<string, unknown> = {}): Promise<void> {
  const out = ctx.stdout;
  const pretty = ctx.stdoutIsTTY;
  let buf = `${JSON.stringify(head).slice(0, -1)}${Object.keys(head).length ? ',' : ''}${JSON.stringify(key)}:[`;
  let first = true;
  const flush = async () => {
    if (!out.write(buf)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    buf = '';
  };
  for (const item of items) {
    buf += (first ? '' : ',') + (pretty ? `\n${JSON.stringify(item, null, 2)}` : JSON.stringify(item));
    first = false;
    if (buf.length > 1 << 20) await flush();
  }
  const rest = JSON.stringify(tail).slice(1);
  buf += `${pretty && !first ? '\n' : ''}]${rest === '}' ? '}' : `,${rest}`}\n`;
  await flush();
}
