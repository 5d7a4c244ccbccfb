// A file that holds people's data: created 0600 from its first byte and moved into place only
// when complete. `export`/`report --output` and import's rejects file all write through it.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';

export interface PrivateFile {
  stream: fs.WriteStream;
  /** Flushes the file and moves it into place. */
  commit(): Promise<void>;
  /** Removes the unfinished file; the destination is left as it was. */
  discard(): Promise<void>;
}

/**
 * A file that only its owner can read from the first byte (created 0600 with O_EXCL beside
 * `dest`, whatever the umask), moved over `dest` only when complete, so a failed run never
 * leaves half a file. `tmp` names the temporary file (default `.NAME.PID.RANDOM.tmp`).
 * Throws the system error when the file cannot be created.
 */
export function openPrivateFile(dest: string, opts: { tmp?: string } = {}): PrivateFile {
  const tmp = opts.tmp ?? path.join(path.dirname(dest), `.${path.basename(dest)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = fs.openSync(tmp, 'wx', 0o600);
  const stream = fs.createWriteStream('', { fd, flush: true });
  const finish = async () => {
    if (!stream.closed) {
      stream.end();
      await once(stream, 'close');
    }
  };
  return {
    stream,
    async commit() {
      await finish();
      fs.renameSync(tmp, dest);
    },
    async discard() {
      await finish().catch(() => undefined);
      fs.rmSync(tmp, { force: true });
    },
  };
}
