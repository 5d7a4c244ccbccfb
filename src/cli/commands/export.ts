// credtrack export --type T: records as CSV (spreadsheet-safe) or a JSON array, streamed to
// standard output or to a private (0600) file; --redact swaps names and emails for pseudonyms.
import fs from 'node:fs';
import path from 'node:path';
import { InputError, StoreError } from '../../errors.js';
import { openPrivateFile, type PrivateFile, writeCsvStream, writeJsonArrayStream } from '../../render/rows-stream.js';
import { type ExportType, planExport } from '../../services/export.js';
import { withSession } from '../../services/session.js';
import type { Context } from '../context.js';
import type { Opts } from '../main.js';

/** Refuses an --output that would overwrite the database (or its WAL files) itself. */
function checkOutput(ctx: Context, output: string): void {
  const target = path.resolve(output);
  for (const suffix of ['', '-wal', '-shm']) {
    if (path.resolve(ctx.dbPath + suffix) === target) throw new InputError(`--output ${output} is the database itself`, 'write the export to another file');
  }
  if (fs.existsSync(target) && fs.statSync(target).isDirectory()) throw new InputError(`--output ${output} is a directory`, 'give a file name');
  if (!fs.existsSync(path.dirname(target))) throw new InputError(`--output: the directory ${path.dirname(target)} does not exist`);
}

export async function run(ctx: Context, _args: unknown[], o: Opts): Promise<number> {
  const type = o.type as ExportType;
  const format = (o.format as 'csv' | 'json' | undefined) ?? 'csv';
  const output = o.output as string | undefined;
  if (output) checkOutput(ctx, output);
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
