// The rejects file of `import --skip-invalid`: every rejected row as the user gave it, plus
// the line it came from and what was wrong. Written to a temporary file and moved into place
// only when the import commits, so a failed import leaves no half-written rejects file.
import { once } from 'node:events';
import fs from 'node:fs';
import { stringify } from 'csv-stringify/sync';

/** Columns added after the row's own; `import` ignores them, so a fixed rejects file re-imports as is. */
export const REJECT_COLUMNS = ['line', 'error'] as const;

export class RejectsWriter {
  private readonly tmp: string;
  private readonly out: fs.WriteStream;
  private columns: string[] | undefined;
  private extras = false;
  rows = 0;

  constructor(readonly path: string) {
    this.tmp = `${path}.${process.pid}.tmp`;
    this.out = fs.createWriteStream(this.tmp, { mode: 0o600 });
  }

  /**
   * Sets the row columns (the file's header for CSV, the type's columns otherwise). With
   * `extras`, keys outside them are kept as JSON in an `other` column.
   */
  start(columns: string[], extras: boolean): void {
    if (this.columns) return;
    this.columns = columns;
    this.extras = extras;
    this.out.write(stringify([[...columns, ...(extras ? ['other'] : []), ...REJECT_COLUMNS]]));
  }

  /** Writes one rejected row; resolves when the stream can take more. */
  async write(cells: Record<string, unknown>, raw: unknown[] | undefined, line: number, error: string): Promise<void> {
    const cols = this.columns!;
    const text = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
    let values: string[];
    if (raw) values = [...raw.map(text), ...Array<string>(Math.max(0, cols.length - raw.length)).fill('')];
    else values = cols.map((c) => text(cells[c]));
    if (this.extras) {
      const other = Object.fromEntries(Object.entries(cells).filter(([k]) => !cols.includes(k) && !k.startsWith('__')));
      values.push(Object.keys(other).length ? JSON.stringify(other) : '');
    }
    this.rows++;
    if (!this.out.write(stringify([[...values, String(line), error]]))) await once(this.out, 'drain');
  }

  /** Finishes the file and moves it into place. */
  async close(): Promise<void> {
    this.out.end();
    await once(this.out, 'close');
    fs.renameSync(this.tmp, this.path);
  }

  /** Drops the temporary file (the import did not commit). */
  async discard(): Promise<void> {
    if (!this.out.closed) {
      this.out.end();
      await once(this.out, 'close').catch(() => undefined);
    }
    fs.rmSync(this.tmp, { force: true });
  }
}
