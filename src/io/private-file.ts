// A file that holds people's data: created 0600 from its first byte and moved into place only
// when complete. `export`/`report --output` and import's rejects file all write through it.
// A symbolic link is followed (the link stays; its target gets the content); a character
// device or FIFO (/dev/null, /dev/stdout, a named pipe) is written in place, never replaced.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';
import { streamError } from './checked-write.js';

export interface PrivateFile {
  stream: fs.WriteStream;
  /** Flushes the file and moves it into place; throws if a write failed. */
  commit(): Promise<void>;
  /** Removes the unfinished file; the destination is left as it was. */
  discard(): Promise<void>;
}

/**
 * What an output path names, links followed:
 * - `file`: a regular file, or nothing yet; `path` is where the file is (a link's target),
 *   written beside it and moved there;
 * - `device`: a character device or FIFO, written in place (`path` as given);
 * - `other`: a directory, socket or block device, which no output may replace.
 */
export type OutputTarget =
  | { kind: 'file'; path: string }
  | { kind: 'device'; path: string; type: 'character device' | 'FIFO' }
  | { kind: 'other'; path: string; type: string };

function typeOf(st: fs.Stats): string {
  if (st.isDirectory()) return 'directory';
  if (st.isSocket()) return 'socket';
  if (st.isBlockDevice()) return 'block device';
  if (st.isCharacterDevice()) return 'character device';
  if (st.isFIFO()) return 'FIFO';
  return 'special file';
}

/** Where a symbolic link that points at nothing (yet) leads: the path a new file would have. */
function danglingTarget(p: string): string {
  for (let hops = 0; hops < 40; hops++) {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch {
      return p;
    }
    if (!st.isSymbolicLink()) return p;
    p = path.resolve(path.dirname(p), fs.readlinkSync(p));
  }
  return p; // a loop: opening it reports ELOOP
}

/** Resolves `dest` (see OutputTarget). Throws the system error when a link cannot be resolved. */
export function outputTarget(dest: string): OutputTarget {
  const abs = path.resolve(dest);
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(abs);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (!st) return { kind: 'file', path: danglingTarget(abs) };
  if (st.isFile()) return { kind: 'file', path: fs.realpathSync(abs) };
  if (st.isCharacterDevice()) return { kind: 'device', path: abs, type: 'character device' };
  if (st.isFIFO()) return { kind: 'device', path: abs, type: 'FIFO' };
  return { kind: 'other', path: abs, type: typeOf(st) };
}

/** A stream whose failure is kept for commit() (a write error must not go unnoticed, nor crash). */
function privateStream(fd: number, flush: boolean) {
  const stream = fs.createWriteStream('', { fd, flush });
  stream.on('error', () => { /* kept in stream.errored; commit() throws it */ });
  const finish = async () => {
    if (!stream.closed) {
      stream.end();
      await once(stream, 'close').catch(() => undefined);
    }
    const err = streamError(stream);
    if (err) throw err;
  };
  return { stream, finish };
}

/** A character device or FIFO: opened for writing as it is (no temporary file, no rename, no chmod). */
function openInPlace(dest: string): PrivateFile {
  // No O_CREAT: if the device went away meanwhile, nothing is created in its place.
  const fd = fs.openSync(dest, fs.constants.O_WRONLY | (fs.constants.O_NOCTTY ?? 0));
  const st = fs.fstatSync(fd);
  if (!st.isCharacterDevice() && !st.isFIFO()) {
    fs.closeSync(fd);
    throw new InputError(`${dest} changed while it was being opened`, 'run the command again');
  }
  // fsync is refused by pipes and most devices: nothing to flush to disk.
  const { stream, finish } = privateStream(fd, false);
  return {
    stream,
    commit: finish,
    async discard() {
      await finish().catch(() => undefined);
    },
  };
}

/**
 * A file that only its owner can read from the first byte (created 0600 with O_EXCL beside
 * the file `dest` names, whatever the umask), moved over it only when complete, so a failed
 * run never leaves half a file. A symbolic link is followed: the temporary file goes beside
 * its target, which gets the content, and the link stays. A character device or FIFO is
 * written in place. `tmp` names the temporary file (default `.NAME.PID.RANDOM.tmp`).
 * Throws the system error when the file cannot be created, an InputError (exit 2) for a
 * directory, socket or block device.
 */
export function openPrivateFile(dest: string, opts: { tmp?: string } = {}): PrivateFile {
  const target = outputTarget(dest);
  if (target.kind === 'device') return openInPlace(target.path);
  if (target.kind === 'other') throw new InputError(`${dest} is a ${target.type}`, 'give the path of a file');
  const file = target.path;
  const tmp = opts.tmp ?? path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = fs.openSync(tmp, 'wx', 0o600);
  const { stream, finish } = privateStream(fd, true);
  return {
    stream,
    async commit() {
      try {
        await finish();
      } catch (err) {
        fs.rmSync(tmp, { force: true });
        throw err;
      }
      fs.renameSync(tmp, file);
    },
    async discard() {
      await finish().catch(() => undefined);
      fs.rmSync(tmp, { force: true });
    },
  };
}
