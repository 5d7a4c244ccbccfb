// credtrack import FILE --type T: one transaction, a summary, and every problem named.
import type { Readable } from 'node:stream';
import { CredtrackError, InputError } from '../../errors.js';
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

/** The exit codes of a process ended by SIGINT (Ctrl-C) or SIGTERM, as a shell reports them. */
const SIGNAL_EXIT: Record<'SIGINT' | 'SIGTERM', number> = { SIGINT: 130, SIGTERM: 143 };

/** An import stopped by a signal before it committed: its transaction was rolled back. */
class Interrupted extends CredtrackError {
  constructor(signal: 'SIGINT' | 'SIGTERM') {
    super(`the import was interrupted (${signal}); nothing was imported`, SIGNAL_EXIT[signal], 'run it again to import the file');
  }
}

/**
 * Catches SIGINT and SIGTERM while an import runs. Rather than dying with the progress bar
 * drawn (cursor hidden, line wrap off, no word on whether the batch landed), the import is
 * stopped through its input: the stream it reads fails, the import rolls back and drops its
 * rejects file as on any error, and the caller says so. A second signal ends the process at once.
 */
function interruptible(src: Source) {
  let input: Readable | undefined;
  let signal: 'SIGINT' | 'SIGTERM' | undefined;
  const stop = (sig: 'SIGINT' | 'SIGTERM') => {
    signal = sig;
    release(); // a second Ctrl-C is not ignored
    input?.destroy(new Interrupted(sig));
  };
  const onInt = () => stop('SIGINT');
  const onTerm = () => stop('SIGTERM');
  const release = () => {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  };
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  const source: Source = {
    ...src,
    open() {
      input = src.open();
      if (signal) input.destroy(new Interrupted(signal));
      return input;
    },
  };
  return { source, release, get signal() { return signal; } };
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
  const guard = interruptible(src);
  return withSession(ctx, async (s) => {
    const bar = await progressBar(ctx, src.size);
    let summary: ImportSummary;
    try {
      summary = await importFile(s, {
        source: guard.source, type, format: fmt, dryRun: !!o.dryRun, skipInvalid: !!o.skipInvalid, rejectsPath,
        onProgress: bar ? (bytes) => bar.update(bytes) : undefined,
      });
    } catch (err) {
      // importFile throws only before its commit: with a signal, whatever it was, nothing was imported.
      if (guard.signal) throw new Interrupted(guard.signal);
      throw err;
    } finally {
      bar?.stop(); // shows the cursor again, turns line wrap back on, clears the bar's line
    }
    for (const n of summary.notes) ctx.err(`note: ${n}\n`);
    for (const w of summary.warnings) ctx.err(`credtrack: warning: ${w}\n`);
    if (summary.rejected) {
      for (const p of summary.problems) ctx.err(`rejected: ${p}\n`);
      if (summary.rejected > summary.problems.length) ctx.err(`rejected: ... and ${summary.rejected - summary.problems.length} more\n`);
      if (summary.rejects_file) ctx.err(`credtrack: ${summary.rejected} rejected row${summary.rejected === 1 ? '' : 's'} written to ${summary.rejects_file}\n`);
    }
    if (summary.same_file_as.length && !o.json) ctx.err(`note: ${sameFileNote(summary)}\n`);
    if (o.json) {
      const { notes: _n, problems: _p, warnings: _w, ...doc } = summary;
      writeJson(ctx, doc);
    } else ctx.out(describe(summary));
    return guard.signal ? interruptedAfter(ctx, guard.signal, summary) : 0;
  }).finally(guard.release);
}

/** A signal that came once the import had committed (or finished a dry run): says what was written. */
function interruptedAfter(ctx: Context, signal: 'SIGINT' | 'SIGTERM', summary: ImportSummary): number {
  ctx.err(summary.batch
    ? `credtrack: interrupted (${signal}) as the import finished; batch ${summary.batch} was written (credtrack imports undo ${summary.batch} removes it)\n`
    : `credtrack: interrupted (${signal}) as the import finished; nothing was written\n`);
  return SIGNAL_EXIT[signal];
}
