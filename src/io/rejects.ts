// The rejects file of `import --skip-invalid`: every rejected row as the user gave it, plus
// the line it came from and what was wrong. A private file (0600) written to a temporary file
// and moved into place only when the import commits, so a failed import leaves no
// half-written rejects file.
import fs from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { CredtrackError, StoreError } from '../errors.js';
import { drained, writeChecked } from './checked-write.js';
import { openPrivateFile, outputTarget, type PrivateFile } from './private-file.js';

/** Columns added after the row's own; `import` ignores them, so a fixed rejects file re-imports as is. */
export const REJECT_COLUMNS = ['line', 'error'] as const;

/** Whether a process is running (signal 0 checks without sending anything). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary rejects files of imports that were killed before they could clean
 * up (`FILE.rejects.csv.PID.tmp` of a process no longer running): they hold nothing committed.
 */
function removeOrphans(target: string): void {
  const dir = dirname(target);
  const prefix = `${basename(target)}.`;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return; // the writer's own open reports an unusable directory
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(name.slice(prefix.length, -'.tmp'.length));
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !alive(pid)) fs.rmSync(join(dir, name), { force: true });
  }
}

export class RejectsWriter {
  private readonly file: PrivateFile;
  private readonly out: fs.WriteStream;
  private columns: string[] | undefined;
  private extras = false;
  rows = 0;

  /** Creates the temporary file at once, so an unwritable place fails before the import starts. */
  constructor(readonly path: string) {
    try {
      const target = outputTarget(path);
      if (target.kind === 'file') {
        // Beside the file the path names (a symbolic link's target). `FILE.PID.tmp`:
        // removeOrphans finds it by that name if this process is killed. One named for this
        // process already can only be a dead process's that had the same id.
        removeOrphans(target.path);
        const tmp = `${target.path}.${process.pid}.tmp`;
        fs.rmSync(tmp, { force: true });
        this.file = openPrivateFile(target.path, { tmp });
      } else {
        this.file = openPrivateFile(path); // a device or FIFO, written in place (or refused)
      }
    } catch (err) {
      if (err instanceof CredtrackError) throw err;
      throw new StoreError(`cannot write the rejects file ${path}: ${(err as Error).message}`);
    }
    this.out = this.file.stream;
  }

  /**
   * Sets the row columns (the file's header for CSV, the type's columns otherwise). With
   * `extras`, keys outside them are kept as JSON in an `other` column.
   */
  start(columns: string[], extras: boolean): void {
    if (this.columns) return;
    this.columns = columns;
    this.extras = extras;
    this.put(stringify([[...columns, ...(extras ? ['other'] : []), ...REJECT_COLUMNS]]));
  }

  /** Writes one rejected row; resolves when the stream can take more. */
  async write(cells: Record<string, unknown>, raw: unknown[] | undefined, line: number, error: string): Promise<void> {
    const cols = this.columns!;
    const text = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
    let values: string[];
    // The row as given: every cell, those past the header too (`7,5` for 7.5 made one more),
    // so that once fixed it is the row that was meant; a short row is padded to the header.
    if (raw) values = [...raw.map(text), ...Array<string>(Math.max(0, cols.length - raw.length)).fill('')];
    else values = cols.map((c) => text(cells[c]));
    if (this.extras) {
      const other = Object.fromEntries(Object.entries(cells).filter(([k]) => !cols.includes(k) && k !== '__shape'));
      values.push(Object.keys(other).length ? JSON.stringify(other) : '');
    }
    this.rows++;
    if (!this.put(stringify([[...values, String(line), error]]))) await drained(this.out).catch((err) => { throw this.failed(err); });
  }

  /** Writes; a write that failed (a full disk, a device's error) says which file. */
  private put(text: string): boolean {
    try {
      return writeChecked(this.out, text);
    } catch (err) {
      throw this.failed(err);
    }
  }

  private failed(err: unknown): StoreError {
    return new StoreError(`cannot write the rejects file ${this.path}: ${(err as Error).message}`);
  }

  /** Finishes the file and moves it into place. */
  async close(): Promise<void> {
    try {
      await this.file.commit();
    } catch (err) {
      throw this.failed(err);
    }
  }

  /** Drops the temporary file (the import did not commit). */
  async discard(): Promise<void> {
    await this.file.discard();
  }
}
