// Where a command may write a file the user named (backup, export and report --output,
// import's rejects file): never over the database (or its WAL files) or a file being read,
// never a directory, socket or block device, and only into a directory that exists. A
// symbolic link names its target; a character device or FIFO is written in place
// (io/private-file.ts). Problems are usage errors (exit 2), found before anything is read or
// written.
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';
import { type OutputTarget, outputTarget } from '../io/private-file.js';

/** Whether two paths name one file (same inode: hard links, symbolic links, `./a` and `a`). */
export const sameFile = (a: string, b: string) => {
  try {
    const x = fs.statSync(a), y = fs.statSync(b);
    return x.ino === y.ino && x.dev === y.dev;
  } catch {
    return false;
  }
};

const isDirectory = (p: string) => {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
};

/** Files the command reads, which it must not write over either (e.g. the file being imported). */
export interface ReadFile { path: string; what: string }

/**
 * Checks `target` (as given by the user, named `label` in messages); returns its absolute path.
 * `reads` are files the command reads: the target may not be one of them.
 */
export function checkOutputPath(dbPath: string, target: string, label: string, reads: ReadFile[] = []): string {
  const abs = path.resolve(target);
  for (const suffix of ['', '-wal', '-shm']) {
    if (path.resolve(dbPath + suffix) === abs || sameFile(dbPath + suffix, abs)) {
      throw new InputError(`${label} is the database itself${suffix ? ` (its ${suffix.slice(1)} file)` : ''}`, 'write to another file');
    }
  }
  for (const r of reads) {
    if (path.resolve(r.path) === abs || sameFile(r.path, abs)) throw new InputError(`${label} is ${r.what}`, 'write to another file');
  }
  if (isDirectory(abs)) throw new InputError(`${label} is a directory`, 'give the path of a file');
  let named: OutputTarget;
  try {
    named = outputTarget(abs);
  } catch {
    named = { kind: 'file', path: abs }; // a link that cannot be resolved: opening it says why
  }
  if (named.kind === 'other') throw new InputError(`${label} is a ${named.type}`, 'give the path of a file (or a character device or FIFO)');
  if (named.kind === 'device') return abs;
  const dir = path.dirname(named.path);
  if (!fs.existsSync(dir)) throw new InputError(`${label}: the directory ${dir} does not exist`, 'create it first, or write somewhere else');
  if (!isDirectory(dir)) throw new InputError(`${label}: ${dir} is not a directory`, 'give the path of a file in a directory');
  return abs;
}
