// credtrack init: create the database (mode 0600) and load a rule pack.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../errors.js';
import { loadPackFile } from '../../services/rules.js';
import { recordAudit } from '../../store/audit.js';
import { type Db, openDb, refuseDirectory, reinitDb, writeTx } from '../../store/db.js';
import { savePack } from '../../store/rule-packs.js';
import type { Context } from '../context.js';
import type { Opts } from '../main.js';

export const DEFAULT_PACK = fileURLToPath(new URL('../rules/default.yaml', import.meta.url));

export function run(ctx: Context, _args: unknown[], opts: Opts): number {
  refuseDirectory(ctx.dbPath); // before --force would try to replace it
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
  if (fs.existsSync(ctx.dbPath) && fs.statSync(ctx.dbPath).size > 0) {
    if (!opts.force) throw new InputError(`${ctx.dbPath} already exists`, 'use --force to replace it (its records are lost), or choose another --db');
    // Emptied in place under the write lock: another process waiting to write keeps its
    // write in this file (deleting it would let that write land in a deleted file).
    if (reinitDb(ctx.dbPath, { busyTimeoutMs: ctx.busyTimeoutMs }, fill)) {
      ownerOnly(ctx.dbPath);
      created();
      return 0;
    }
    // Not a database SQLite can read (damaged, or another kind of file): no one can be writing it.
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(ctx.dbPath + suffix, { force: true });
  } else if (fs.existsSync(ctx.dbPath)) {
    fs.rmSync(ctx.dbPath); // created afresh below, mode 0600 whatever the empty file's mode was
  }
  const db = openDb(ctx.dbPath, { create: true, busyTimeoutMs: ctx.busyTimeoutMs });
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
