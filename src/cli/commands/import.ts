// credtrack import FILE --type T: one transaction, a summary, and every problem named.
import { InputError } from '../../errors.js';
import { type FileFormat, guessFormat, type Source } from '../../io/read-rows.js';
import { spool } from '../../io/spool.js';
import type { ImportType } from '../../schemas/rows.js';
import { defaultRejectsPath, fileSource, importFile, type ImportSummary } from '../../services/import.js';
import { checkOutputPath } from '../../services/output-path.js';
import { withSession } from '../../services/session.js';
import { writeJson } from '../../render/output.js';
import type { Context } from '../context.js';
import type { Opts } from '../main.js';

/** The file, or standard input read to its end into a private temporary file first. */
async function source(ctx: Context, file: string): Promise<{ src: Source; done(): void }> {
  if (file !== '-') return { src: fileSource(file), done: () => undefined };
  const spooled = await spool(ctx.stdin);
  return { src: { ...fileSource(spooled.path), name: 'stdin' }, done: spooled.remove };
}

function format(file: string, o: Opts): FileFormat {
  if (o.format) return o.format as FileFormat;
  const guessed = file === '-' ? undefined : guessFormat(file);
  if (!guessed) {
    throw new InputError(`cannot tell the format of ${file === '-' ? 'standard input' : file} from its name`, 'give --format csv, json or ndjson');
  }
  return guessed;
}

async function progressBar(ctx: Context, size: number | undefined) {
  if (!ctx.stderrIsTTY || !size) return undefined;
  // cli-progress is CommonJS: bundled, its exports come as the module's default.
  const mod = await import('cli-progress');
  const { SingleBar, Presets } = (mod as unknown as { default?: typeof mod }).default ?? mod;
  const bar = new SingleBar({ stream: process.stderr, format: ' importing [{bar}] {percentage}% | {value}/{total} bytes', hideCursor: true, clearOnComplete: true }, Presets.shades_classic);
  bar.start(size, 0);
  return bar;
}

function describe(s: ImportSummary): string {
  if (s.read === 0) return `${s.file}: no rows — nothing ${s.dry_run ? 'would be ' : ''}imported\n`;
  const head = s.dry_run ? `${s.file}: dry run, nothing written —` : `${s.file}: ${s.batch} —`;
  const verb = s.dry_run ? 'would be ' : '';
  return `${head} ${s.read} row${s.read === 1 ? '' : 's'} read: ${s.added} ${verb}added, ${s.updated} ${verb}updated, ${s.unchanged} unchanged, ${s.rejected} rejected` +
    (s.duplicates ? ` (${s.duplicates} repeated an earlier row of the file)` : '') + '\n';
}

const rowsWord = (n: number) => `${n} row${n === 1 ? '' : 's'}`;

/**
 * The note on a re-run of a file imported before. It says what the re-run did to rows
 * already there: nothing, or set back rows changed since (naming who had changed them and
 * how to get their values back), or updated rows to this file's values.
 */
export function sameFileNote(s: ImportSummary): string {
  const head = `the same file was imported before as ${s.same_file_as.join(', ')}`;
  if (!s.updated) return `${head}; rows already there were left as they were`;
  const was = (n: number) => (s.dry_run ? 'would be' : n === 1 ? 'was' : 'were');
  const parts: string[] = [];
  if (s.set_back) {
    const by = s.set_back_by.map((b) => (/^B\d+$/.test(b) ? b : `credtrack ${b}`)).join(', ');
    parts.push(`${rowsWord(s.set_back)} changed since (by ${by}) ${was(s.set_back)} set back to this file's values`);
  }
  const other = s.updated - s.set_back;
  if (other) parts.push(`${rowsWord(other)}${s.set_back ? ' more' : ''} ${was(other)} updated to this file's values`);
  const undo = s.batch ? ` — \`credtrack imports undo ${s.batch}\` puts back the values ${s.batch} replaced` : '';
  return `${head}; ${parts.join(', and ')}${undo}`;
}

export async function run(ctx: Context, [file]: [string], o: Opts): Promise<number> {
  const fmt = format(file, o);
  if (o.rejects && !o.skipInvalid) throw new InputError('--rejects goes with --skip-invalid');
  let rejectsPath: string | undefined;
  if (o.skipInvalid && !o.dryRun) {
    if (file === '-' && !o.rejects) throw new InputError('--skip-invalid with standard input needs --rejects FILE', 'e.g. --rejects hours.rejects.csv');
    rejectsPath = (o.rejects as string | undefined) ?? defaultRejectsPath(file);
  }
  // Checked before anything is read or written: the rejects file replaces whatever is at its path.
  const rejects = rejectsPath ?? (o.rejects as string | undefined);
  if (rejects) {
    checkOutputPath(ctx.dbPath, rejects, o.rejects ? `--rejects ${rejects}` : `the rejects file ${rejects}`,
      file === '-' ? [] : [{ path: file, what: 'the file being imported' }]);
  }
  const { src, done } = await source(ctx, file);
  try {
    return await imported(ctx, src, o, fmt, rejectsPath);
  } finally {
    done();
  }
}

async function imported(ctx: Context, src: Source, o: Opts, fmt: FileFormat, rejectsPath: string | undefined): Promise<number> {
  const type = o.type as ImportType;
  return withSession(ctx, async (s) => {
    const bar = await progressBar(ctx, src.size);
    let summary: ImportSummary;
    try {
      summary = await importFile(s, {
        source: src, type, format: fmt, dryRun: !!o.dryRun, skipInvalid: !!o.skipInvalid, rejectsPath,
        onProgress: bar ? (bytes) => bar.update(bytes) : undefined,
      });
    } finally {
      bar?.stop();
    }
    for (const n of summary.notes) ctx.err(`note: ${n}\n`);
    if (summary.rejected) {
      for (const p of summary.problems) ctx.err(`rejected: ${p}\n`);
      if (summary.rejected > summary.problems.length) ctx.err(`rejected: ... and ${summary.rejected - summary.problems.length} more\n`);
      if (summary.rejects_file) ctx.err(`credtrack: ${summary.rejected} rejected row${summary.rejected === 1 ? '' : 's'} written to ${summary.rejects_file}\n`);
    }
    if (summary.same_file_as.length && !o.json) ctx.err(`note: ${sameFileNote(summary)}\n`);
    if (o.json) {
      const { notes: _n, problems: _p, ...doc } = summary;
      writeJson(ctx, doc);
    } else ctx.out(describe(summary));
    return 0;
  });
}
