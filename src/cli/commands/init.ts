// credtrack init: create the database (mode 0600) and load a rule pack.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InputError, StoreError } from '../../errors.js';
import { type OutputTarget, outputTarget } from '../../io/private-file.js';
import { loadPackFile } from '../../services/rules.js';
import { recordAudit } from '../../store/audit.js';
import { type Db, openDb, refuseDirectory, reinitDb, writeTx } from '../../store/db.js';
import { savePack } from '../../store/rule-packs.js';
import type { Context } from '../context.js';
import type { Opts } from '../main.js';

export const DEFAULT_PACK = fileURLToPath(new URL('../rules/default.yaml', import.meta.url));

/**
 * The file init makes: the path given, or a symbolic link's target (the link stays, as SQLite
 * keeps its -wal and -shm beside the target). Anything but a regular file there — a device
 * such as /dev/null, a FIFO, a socket — is refused before anything is removed.
 */
function databaseFile(dbPath: string): string {
  refuseDirectory(dbPath); // before --force would try to delete it
  let target: OutputTarget;
  try {
    target = outputTarget(dbPath);
  } catch (err) {
    throw new StoreError(`cannot create ${dbPath}: ${(err as Error).message}`);
  }
  if (target.kind !== 'file') {
    throw new InputError(`${dbPath} is a ${target.type}, not a database file`, 'give the path of a file (a new one, or a credtrack database to replace with --force)');
  }
  return target.path;
}

export function run(ctx: Context, _args: unknown[], opts: Opts): number {
  const dbFile = databaseFile(ctx.dbPath);
  const file = (opts.rules as string | undefined) ?? DEFAULT_PACK;
  const pack = loadPackFile(file);
  const fill = (db: Db) => {
    db.prepare("INSERT INTO meta (key, value) VALUES ('created_at', ?), ('created_by', ?)").run(ctx.now, ctx.actor);
    const id = savePack(db, pack, opts.rules ? file : 'default', ctx.now, ctx.actor);
    recordAudit(db, { actor: ctx.actor, now: ctx.now, command: ctx.command }, {
      action: 'add', record_type: 'rule_pack', record_key: String(id), after: { name: pack.name, source: opts.rules ?? 'default' },
    });
  };
  const created = () => ctx.err(`credtrack: created ${ctx.dbPath} with rule pack ${JSON.stringify(pack.name)}\n`);
  // An empty file (made by mktemp or touch) holds nothing to lose: no --force needed.
  if (fs.existsSync(dbFile) && fs.statSync(dbFile).size > 0) {
    if (!opts.force) throw new InputError(`${ctx.dbPath} already exists`, 'use --force to replace it (its records are lost), or choose another --db');
    // Emptied in place under the write lock: another process waiting to write keeps its
    // write in this file (deleting it would let that write land in a deleted file).
    if (reinitDb(dbFile, { busyTimeoutMs: ctx.busyTimeoutMs }, fill)) {
      ownerOnly(dbFile);
      created();
      return 0;
    }
    // Not a database SQLite can read (damaged, or another kind of file): no one can be writing it.
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(dbFile + suffix, { force: true });
  } else if (fs.existsSync(dbFile)) {
    fs.rmSync(dbFile); // created afresh below, mode 0600 whatever the empty file's mode was
  }
  const db = openDb(dbFile, { create: true, busyTimeoutMs: ctx.busyTimeoutMs });
  try {
    writeTx(db, () => fill(db));
  } finally {
    db.close();
  }
  created();
  return 0;
}

/** A database replaced in place keeps its file: make it (and its -wal, -shm) readable by the owner only, as a new one is. */
function ownerOnly(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) {
    try {
      fs.chmodSync(path + suffix, 0o600);
    } catch { /* missing, or not ours to change: doctor reports the mode */ }
  }
}
