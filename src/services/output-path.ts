// Where backup and export may write: never over the database (or its WAL files), never a
// directory, and only into a directory that exists. Problems are usage errors (exit 2).
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';

const sameFile = (a: string, b: string) => {
  try {
    const x = fs.statSync(a), y = fs.statSync(b);
    return x.ino === y.ino && x.dev === y.dev;
  } catch {
    return false;
  }
};

/** Checks `target` (as given by the user, named `label` in messages); returns its absolute path. */
export function checkOutputPath(dbPath: string, target: string, label: string): string {
  const abs = path.resolve(target);
  for (const suffix of ['', '-wal', '-shm']) {
    if (path.resolve(dbPath + suffix) === abs || sameFile(dbPath + suffix, abs)) {
      throw new InputError(`${label} is the database itself${suffix ? ` (its ${suffix.slice(1)} file)` : ''}`, 'write to another file');
    }
  }
  if (fs.existsSync(abs) && fs.statSync(abs).isDirectory()) throw new InputError(`${label} is a directory`, 'give the path of a file');
  if (!fs.existsSync(path.dirname(abs))) throw new InputError(`${label}: the directory ${path.dirname(abs)} does not exist`);
  return abs;
}
