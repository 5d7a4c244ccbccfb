// credtrack export --type T: records as CSV (spreadsheet-safe) or a JSON array, streamed to
// standard output or to a private (0600) file; --redact swaps names and emails for pseudonyms.
import { CredtrackError, StoreError } from '../../errors.js';
import { streamError } from '../../io/checked-write.js';
import { openPrivateFile, type PrivateFile } from '../../io/private-file.js';
import { writeCsvStream, writeJsonArrayStream } from '../../render/rows-stream.js';
import { type ExportType, planExport } from '../../services/export.js';
import { checkOutputPath } from '../../services/output-path.js';
import { withSession } from '../../services/session.js';
import type { Context } from '../context.js';
import type { Opts } from '../main.js';

/** Opens --output (a private file, or a device or FIFO in place): exit 3 naming it if it cannot be. */
function openOutput(output: string): PrivateFile {
  try {
    return openPrivateFile(output);
  } catch (err) {
    if (err instanceof CredtrackError) throw err;
    throw new StoreError(`cannot write ${output}: ${(err as Error).message}`);
  }
}

export async function run(ctx: Context, _args: unknown[], o: Opts): Promise<number> {
  const type = o.type as ExportType;
  const format = (o.format as 'csv' | 'json' | undefined) ?? 'csv';
  const output = o.output as string | undefined;
  if (output) checkOutputPath(ctx.dbPath, output, `--output ${output}`);
  return withSession(ctx, async (s) => {
    // The file first: the plan starts its query, and a file that cannot be written is the news.
    const file = output ? openOutput(output) : undefined;
    const out = file?.stream ?? ctx.stdout;
    let count: number;
    try {
      const plan = planExport(s, type, { redact: !!o.redact });
      count = format === 'json' ? await writeJsonArrayStream(out, plan.rows)
        : await writeCsvStream(out, plan.columns, (function* () { for (const r of plan.rows) yield plan.columns.map((c) => r[c]); })());
      await file?.commit();
    } catch (err) {
      await file?.discard();
      if (file && output && err === streamError(file.stream)) throw new StoreError(`cannot write ${output}: ${(err as Error).message}`);
      throw err;
    }
    if (output) ctx.err(`credtrack: exported ${count} ${type} row${count === 1 ? '' : 's'}${o.redact ? ' (redacted)' : ''} to ${output}\n`);
    return 0;
  });
}
