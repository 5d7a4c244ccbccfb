// credtrack export --type T: records as CSV (spreadsheet-safe) or a JSON array, streamed to
// standard output or to a private (0600) file; --redact swaps names and emails for pseudonyms.
import { StoreError } from '../../errors.js';
import { openPrivateFile, type PrivateFile } from '../../io/private-file.js';
import { writeCsvStream, writeJsonArrayStream } from '../../render/rows-stream.js';
import { type ExportType, planExport } from '../../services/export.js';
import { checkOutputPath } from '../../services/output-path.js';
import { withSession } from '../../services/session.js';
import type { Context } from '../context.js';
import type { Opts } from '../main.js';

export async function run(ctx: Context, _args: unknown[], o: Opts): Promise<number> {
  const type = o.type as ExportType;
  const format = (o.format as 'csv' | 'json' | undefined) ?? 'csv';
  const output = o.output as string | undefined;
  if (output) checkOutputPath(ctx.dbPath, output, `--output ${output}`);
  return withSession(ctx, async (s) => {
    const plan = planExport(s, type, { redact: !!o.redact });
    let file: PrivateFile | undefined;
    if (output) {
      try {
        file = openPrivateFile(output);
      } catch (err) {
        throw new StoreError(`cannot write ${output}: ${(err as Error).message}`);
      }
    }
    const out = file?.stream ?? ctx.stdout;
    let count: number;
    try {
      count = format === 'json' ? await writeJsonArrayStream(out, plan.rows)
        : await writeCsvStream(out, plan.columns, (function* () { for (const r of plan.rows) yield plan.columns.map((c) => r[c]); })());
      await file?.commit();
    } catch (err) {
      await file?.discard();
      throw err;
    }
    if (output) ctx.err(`credtrack: exported ${count} ${type} row${count === 1 ? '' : 's'}${o.redact ? ' (redacted)' : ''} to ${output}\n`);
    return 0;
  });
}
