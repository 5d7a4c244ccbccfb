// Rule packs stored in the database: the latest loaded pack is the active one.
import { createHash } from 'node:crypto';
import type { RulePack } from '../schemas/rules.js';
import { InputError } from '../errors.js';
import type { Db } from './db.js';

export interface StoredPack { id: number; name: string; source: string; sha256: string; loaded_at: string; actor: string }

/** Stores a validated pack (its parsed form, defaults applied) and makes it active. */
export function savePack(db: Db, pack: RulePack, source: string, at: string, actor: string): number {
  const content = JSON.stringify(pack);
  const sha256 = createHash('sha256').update(content).digest('hex');
  return Number(db.prepare('INSERT INTO rule_packs (name, source, sha256, content, loaded_at, actor) VALUES (?, ?, ?, ?, ?, ?)')
    .run(pack.name, source, sha256, content, at, actor).lastInsertRowid);
}

/** The active pack, or null when none is loaded. It was validated when loaded, so it is read back without zod. */
export function activePackOrNull(db: Db): RulePack | null {
  const row = db.prepare('SELECT content FROM rule_packs ORDER BY id DESC LIMIT 1').get() as { content: string } | undefined;
  return row ? (JSON.parse(row.content) as RulePack) : null;
}

/** The active pack. */
export function activePack(db: Db): RulePack {
  const pack = activePackOrNull(db);
  if (!pack) throw new InputError('no rule pack is loaded', 'load one with `credtrack rules load FILE`');
  return pack;
}

/** The credential and exam codes the records use, with how many records use each. */
export function codesInUse(db: Db): { credentials: Map<string, number>; exams: Map<string, number> } {
  const counts = (sql: string) => new Map(db.prepare(sql).raw().all() as [string, number][]);
  return {
    credentials: counts('SELECT code, count(*) FROM credentials GROUP BY code ORDER BY code'),
    exams: counts('SELECT exam, count(*) FROM exams GROUP BY exam ORDER BY exam'),
  };
}

export function listPacks(db: Db): StoredPack[] {
  return db.prepare('SELECT id, name, source, sha256, loaded_at, actor FROM rule_packs ORDER BY id').all() as StoredPack[];
}
