// credtrack rules list|show|validate|load|export.
// yaml is imported statically: this module already loads it (services/rules.ts), and a dynamic
// import of the bundled CommonJS package has no named `stringify` export.
import { stringify } from 'yaml';
import { PackIndex } from '../../engine/pack-index.js';
import { InputError, listProblems } from '../../errors.js';
import type { RulePack } from '../../schemas/rules.js';
import { loadPackFile, readPackFile } from '../../services/rules.js';
import { withSession } from '../../services/session.js';
import { recordAudit } from '../../store/audit.js';
import { type Db, writeTx } from '../../store/db.js';
import { activePack, activePackOrNull, codesInUse, savePack } from '../../store/rule-packs.js';
import { writeJson, writeTable } from '../../render/output.js';
import type { Context } from '../context.js';
import type { Opts } from '../main.js';

export async function list(ctx: Context, _args: unknown[], opts: Opts): Promise<void> {
  const pack = await withSession(ctx, (s) => activePack(s.db));
  const rows = [
    ...pack.credentials.map((r) => ['credential', r.code, r.name, r.effective_from ?? '', r.requirements.length]),
    ...pack.qualifications.map((r) => ['qualification', r.code, r.name, r.effective_from ?? '', r.requirements.length]),
    ...pack.positions.map((r) => ['position', r.code, r.name, r.effective_from ?? '', r.requirements.length]),
    ...pack.progressions.map((p) => ['progression', p.id, `${p.from} → ${p.to}`, '', p.requirements.length]),
  ];
  if (opts.json) {
    writeJson(ctx, { pack: pack.name, rules: rows.map(([kind, code, name, effective_from, requirements]) => ({ kind, code, name, effective_from: effective_from || null, requirements })) });
    return;
  }
  ctx.out(`Rule pack: ${pack.name}\n`);
  await writeTable(ctx, ['kind', 'code', 'name', 'effective from', 'requirements'], rows);
}

export async function show(ctx: Context, [code]: [string], opts: Opts): Promise<void> {
  const index = await withSession(ctx, (s) => s.rules());
  const rule = index.ruleOn(code, ctx.asOf) ?? index.progressions.find((p) => p.id === code);
  if (!rule) {
    const known = [...index.rules.keys(), ...index.progressions.map((p) => p.id)];
    const exists = index.rules.has(code);
    throw new InputError(exists ? `${code} has no version in force on ${ctx.asOf}` : `unknown rule ${JSON.stringify(code)}`,
      exists ? 'try another --as-of' : `known: ${known.join(', ')}`);
  }
  if (opts.json) return writeJson(ctx, rule);
  ctx.out(stringify(rule));
}

export function validate(ctx: Context, [file]: [string]): number {
  const { problems } = readPackFile(file);
  if (problems.length === 0) {
    ctx.out(`${file}: valid\n`);
    return 0;
  }
  for (const p of problems) ctx.out(`${file}: ${p.path}: ${p.message}\n`);
  ctx.err(`credtrack: ${problems.length} problem${problems.length > 1 ? 's' : ''} in ${file}\n`);
  return 2;
}

/** What the records use that `pack` does not define: "CRSS (3 credentials)", "CRSS exam (2 exams)". */
function undefinedCodes(db: Db, pack: RulePack): string[] {
  const used = codesInUse(db);
  const index = new PackIndex(pack);
  const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  return [
    ...[...used.credentials].filter(([code]) => !index.isCredential(code)).map(([code, n]) => `credential ${code} (${plural(n, 'record')})`),
    ...[...used.exams].filter(([code]) => !index.examCodes.has(code)).map(([code, n]) => `exam ${code} (${plural(n, 'result')})`),
  ];
}

export async function load(ctx: Context, [file]: [string], opts: Opts): Promise<void> {
  const pack = loadPackFile(file);
  const missing = await withSession(ctx, (s) => writeTx(s.db, () => {
    // Records whose codes the new pack does not define would silently drop out of every check and reminder.
    const missing = undefinedCodes(s.db, pack);
    if (missing.length && !opts.force) {
      throw new InputError(`${file}: the pack does not define ${missing.length === 1 ? 'a code' : `${missing.length} codes`} the records use; nothing was loaded`,
        'add them to the pack, or load it with --force (those records are then left out of checks and reminders)', listProblems(missing));
    }
    const before = activePackOrNull(s.db)?.name ?? null;
    const id = savePack(s.db, pack, file, ctx.now, ctx.actor);
    recordAudit(s.db, s.who, { action: 'change', record_type: 'rule_pack', record_key: String(id), before: { name: before }, after: { name: pack.name, source: file } });
    return missing;
  }));
  ctx.err(`credtrack: loaded rule pack ${JSON.stringify(pack.name)} from ${file}\n`);
  if (missing.length) ctx.err(`credtrack: warning: records use codes the pack does not define, left out of checks and reminders: ${missing.join(', ')}\n`);
}

export async function exportPack(ctx: Context, _args: unknown[], opts: Opts): Promise<void> {
  const pack = await withSession(ctx, (s) => activePack(s.db));
  if (opts.format === 'json') return writeJson(ctx, pack);
  ctx.out(stringify(pack));
}
