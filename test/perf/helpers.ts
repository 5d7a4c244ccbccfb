// Generated workforce databases (bench/generate.mjs, seeded) and sessions on them, for the
// tests of the whole-population fast paths.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { PackIndex } from '../../src/engine/pack-index.js';
import type { Session } from '../../src/services/session.js';
import { openDb } from '../../src/store/db.js';
import { activePack } from '../../src/store/rule-packs.js';
import { ROOT } from '../helpers/cli.js';

export const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', TZ: 'UTC' };
delete env.NODE_EXTRA_CA_CERTS;
// $COLUMNS fits tables to a width; a shell that exports it must not change the tests' tables.
delete env.COLUMNS;

/** A database of `people` generated people (credtrack init, then the records in one transaction). */
export function generate(people: number, file: string): string {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bench', 'generate.mjs'), '--people', String(people), '--db', file], { env, encoding: 'utf8', timeout: 180_000 });
  if (r.status !== 0) throw new Error(`generate failed: ${r.stderr}`);
  return file;
}

export function session(file: string, asOf: string, command = 'check'): Session {
  const db = openDb(file);
  let index: PackIndex | undefined;
  return { db, who: { actor: 'test', now: `${asOf}T00:00:00Z`, command }, today: asOf, asOf, rules: () => (index ??= new PackIndex(activePack(db))) };
}
