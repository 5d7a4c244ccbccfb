// credtrack remove PERSON KIND [options]: one record entered by mistake taken out (audited).
import { InputError } from '../../errors.js';
import { OPTION_OF, parseCriteria, parseKind, RECORD_NAMES, removeRecord } from '../../services/remove.js';
import { withSession } from '../../services/session.js';
import type { Context } from '../context.js';
import type { Opts } from '../main.js';

/** commander's key of an option: --end-date → endDate. */
const key = (option: string) => option.slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** Every option of `remove` that finds a record, for telling which kinds take it. */
const FINDING = [...new Set(Object.values(OPTION_OF).flatMap((m) => Object.values(m)))];

export async function run(ctx: Context, [person, kind]: [string, string], o: Opts): Promise<void> {
  const table = parseKind(kind, person);
  const options = OPTION_OF[table];
  // An option of another kind (--hours when removing a position) would be silently ignored: refuse it.
  const foreign = FINDING.filter((opt) => o[key(opt)] !== undefined && !Object.values(options).includes(opt));
  if (foreign.length) {
    throw new InputError(`${foreign.join(', ')}: not ${foreign.length > 1 ? 'options' : 'an option'} for removing ${/^[aeiou]/.test(RECORD_NAMES[table][0]) ? 'an' : 'a'} ${RECORD_NAMES[table][0]}`,
      `${RECORD_NAMES[table][0]} options: ${[...Object.values(options), '--id'].join(', ')}`);
  }
  const raw: Record<string, unknown> = { id: o.id };
  for (const [column, opt] of Object.entries(options)) raw[column] = o[key(opt)];
  const criteria = parseCriteria(table, raw, (c) => (c === 'id' ? '--id' : options[c]!));
  const r = await withSession(ctx, (s) => removeRecord(s, { person, table, criteria, dryRun: o.dryRun === true }));
  const name = RECORD_NAMES[table][0];
  const also = r.dependants ? ` (and its ${r.dependants} renewal${r.dependants === 1 ? '' : 's'})` : '';
  if (r.dry_run) ctx.err(`credtrack: would remove ${name} #${r.id} of ${r.person}: ${r.record}${also}; nothing was changed (run it again without --dry-run to remove it)\n`);
  else ctx.err(`credtrack: removed ${name} #${r.id} of ${r.person}: ${r.record}${also}\n`);
}
