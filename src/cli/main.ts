// The command table: every command's options and help, each action lazy-loaded from
// cli/commands/, and the one place where errors become exit codes (SPEC §2).
import { Command, CommanderError, Option } from 'commander';
import { CredtrackError } from '../errors.js';
import { streamError } from '../io/checked-write.js';
import { translateDbError } from '../store/db-policy.js';
import { type Context, makeContext } from './context.js';

declare const __CREDTRACK_VERSION__: string;

export type Opts = Record<string, any>;
export interface CommandModule { run(ctx: Context, args: any[], opts: Opts): Promise<number | void> | number | void }

const EXIT = { ok: 0, findings: 1, input: 2, store: 3 } as const;

function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c && c.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

function lazy(load: () => Promise<CommandModule>) {
  return async function (this: Command) {
    const cmd = this;
    const opts = cmd.optsWithGlobals();
    const ctx = makeContext(opts, commandPath(cmd));
    const mod = await load();
    const code = await mod.run(ctx, cmd.processedArgs, opts);
    if (typeof code === 'number') process.exitCode = code;
  };
}

const example = (cmd: Command, ...lines: string[]) =>
  cmd.addHelpText('after', `\nExample${lines.length > 1 ? 's' : ''}:\n${lines.map((l) => `  $ ${l}`).join('\n')}`);

function asOf(cmd: Command): Command {
  return cmd.option('--as-of <date>', 'evaluate as of this date (YYYY-MM-DD; default today)');
}
/** The pay-period overrides of the commands that date progressions (progressions, reminders, report). */
function payroll(cmd: Command): Command {
  return cmd
    .option('--payroll-anchor <date>', 'override the pack: a date a pay period starts on')
    .option('--period-days <n>', 'override the pack: pay-period length in days');
}
function output(cmd: Command, formats = ['table', 'json', 'csv']): Command {
  return cmd
    .option('--json', 'print one JSON document')
    .addOption(new Option('--format <format>', 'output format').choices(formats));
}

export function buildProgram(): Command {
  const program = new Command('credtrack')
    .description('Track the certifications of a peer-support workforce: eligibility, renewals, progressions, audit.')
    .version(__CREDTRACK_VERSION__, '-V, --version')
    .option('--db <path>', 'database file (default $CREDTRACK_DB, else ./credtrack.db)')
    .option('--actor <name>', 'who is making the change, for the audit log (default $USER)')
    .option('--debug', 'show stack traces of unexpected errors')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortSubcommands: false })
    // Set before the subcommands are added, so they inherit both.
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text.replace(/^error: /, 'credtrack: ')) });

  example(program
    .command('init')
    .description('create the database (mode 0600) and load the default rule pack')
    .option('--rules <file>', 'load this rule pack instead of rules/default.yaml')
    .option('--force', 'replace an existing database file')
    .action(lazy(() => import('./commands/init.js'))), 'credtrack init --db hr.db');

  const rules = example(program.command('rules').description('inspect, validate and load rule packs'),
    'credtrack rules validate my-pack.yaml', 'credtrack rules load my-pack.yaml');
  example(rules.command('list').description('list the rules of the active pack').option('--json', 'print JSON')
    .action(lazy(() => import('./commands/rules.js').then((m) => ({ run: m.list })))), 'credtrack rules list');
  example(asOf(rules.command('show').argument('<code>', 'credential, qualification, position or progression id')
    .description('show one rule (the version in force on the as-of date)').option('--json', 'print JSON'))
    .action(lazy(() => import('./commands/rules.js').then((m) => ({ run: m.show })))), 'credtrack rules show CRSS');
  example(rules.command('validate').argument('<file>', 'a YAML or JSON rule pack').description('check a rule pack and report every problem with its path')
    .action(lazy(() => import('./commands/rules.js').then((m) => ({ run: m.validate })))), 'credtrack rules validate my-pack.yaml');
  example(rules.command('load').argument('<file>', 'a YAML or JSON rule pack').description('validate a rule pack and make it the active one')
    .option('--force', 'load it even if records use credential or exam codes it does not define')
    .action(lazy(() => import('./commands/rules.js').then((m) => ({ run: m.load })))), 'credtrack rules load my-pack.yaml');
  example(rules.command('export').description('print the active rule pack')
    .addOption(new Option('--format <format>', 'yaml or json').choices(['yaml', 'json']).default('yaml'))
    .action(lazy(() => import('./commands/rules.js').then((m) => ({ run: m.exportPack })))), 'credtrack rules export > my-pack.yaml');

  const people = example(program.command('people').description('add, edit, show and list people'),
    'credtrack people add P001 --first-name Ana --last-name Diaz --hire-date 2024-03-01', 'credtrack people show P001');
  const personFields = (cmd: Command) => cmd
    .option('--first-name <name>').option('--last-name <name>').option('--email <email>')
    .option('--birth-date <date>', 'YYYY-MM-DD (age rules)')
    .option('--education <level>', 'none, high_school, ged, associate, bachelor, master, doctorate')
    .option('--hire-date <date>', 'YYYY-MM-DD').option('--site <site>').option('--supervisor <person>', "supervisor's person id")
    .option('--lived-experience <yes|no>', 'self-attestation of lived experience (never a diagnosis)')
    .option('--status <status>', 'active or inactive');
  example(personFields(people.command('add').argument('<person>', "HR's person id").description('add a person'))
    .action(lazy(() => import('./commands/people.js').then((m) => ({ run: m.add })))),
  'credtrack people add P001 --first-name Ana --last-name Diaz --education high_school --hire-date 2024-03-01 --lived-experience yes');
  example(personFields(people.command('edit').argument('<person>', "HR's person id").description('change fields of a person'))
    .option('--clear <field...>', 'clear these fields (e.g. --clear email site)')
    .action(lazy(() => import('./commands/people.js').then((m) => ({ run: m.edit })))), 'credtrack people edit P001 --site Springfield');
  example(people.command('show').argument('<person>').description("show a person's records").option('--json', 'print JSON')
    .action(lazy(() => import('./commands/people.js').then((m) => ({ run: m.show })))), 'credtrack people show P001');
  example(output(people.command('list').description('list people'))
    .option('--site <site>').option('--status <status>').option('--position <code>', 'holding this position on the as-of date')
    .option('--as-of <date>', 'with --position: who held it on this date (YYYY-MM-DD; default today)')
    .option('--supervisor <person>')
    .action(lazy(() => import('./commands/people.js').then((m) => ({ run: m.list })))), 'credtrack people list --site Springfield --format csv');

  example(program.command('log').argument('<person>').description('record hours (work, supervision, training or CEU)')
    .requiredOption('--category <category>', 'work, supervision, training or ceu')
    .requiredOption('--hours <n>', "hours (more than 0; at most 24 a day with the person's other entries that day; a period at most 24 × its days)")
    .requiredOption('--date <date>', 'YYYY-MM-DD (first day when the entry covers a period)')
    .option('--end-date <date>', 'last day of the period the entry covers')
    .option('--domain <domain>', 'advocacy, professional_responsibility, mentoring, recovery_support, ethics, core_functions')
    .option('--supervised', 'supervised work').option('--paid', 'paid work').option('--volunteer', 'volunteer (unpaid) work')
    .option('--topic <topic>').option('--provider <provider>').option('--verified-by <name>').option('--note <text>')
    .option('--entry-id <id>', "the source system's id")
    .addHelpText('after', `
Logging an --entry-id already on record updates that entry. An entry logged by mistake is
taken out with \`credtrack remove PERSON hours --date D --hours N\` (see its --help).`)
    .action(lazy(() => import('./commands/records.js').then((m) => ({ run: m.log })))),
  'credtrack log P001 --category work --hours 8 --date 2026-11-20 --supervised --paid',
  'credtrack log P001 --category training --hours 6 --date 2026-10-02 --domain ethics --topic "Ethics in peer work"');

  example(program.command('exam').argument('<person>').description('record an exam result')
    .requiredOption('--exam <code>').requiredOption('--date <date>').requiredOption('--result <result>', 'pass or fail')
    .option('--score <n>')
    .action(lazy(() => import('./commands/records.js').then((m) => ({ run: m.exam })))), 'credtrack exam P001 --exam CRSS --date 2026-09-10 --result pass');

  const credential = example(program.command('credential').description('grant, renew, lapse or revoke a credential'),
    'credtrack credential grant P001 --credential CRSS --issued 2025-01-15', 'credtrack credential renew P001 --credential CRSS --date 2026-11-05');
  example(credential.command('grant').argument('<person>').description('record a credential issued to a person')
    .requiredOption('--credential <code>').requiredOption('--issued <date>', 'issue date').option('--number <number>')
    .option('--expires <date>', 'valid through this date').option('--provisional', 'a provisional certificate')
    .action(lazy(() => import('./commands/credential.js').then((m) => ({ run: m.grant })))),
  'credtrack credential grant P001 --credential CRSS --issued 2025-01-15 --number IL-1234 --expires 2027-01-14');
  example(credential.command('renew').argument('<person>').description('record a renewal: a new CEU cycle begins')
    .requiredOption('--credential <code>').requiredOption('--date <date>', 'date the renewal was granted')
    .option('--expires <date>', 'the new expiry date')
    .action(lazy(() => import('./commands/credential.js').then((m) => ({ run: m.renew })))), 'credtrack credential renew P001 --credential CRSS --date 2026-11-05');
  example(credential.command('lapse').argument('<person>').description('record that a credential lapsed')
    .requiredOption('--credential <code>').requiredOption('--date <date>')
    .action(lazy(() => import('./commands/credential.js').then((m) => ({ run: m.lapse })))), 'credtrack credential lapse P001 --credential CRSS --date 2026-09-15');
  example(credential.command('revoke').argument('<person>').description('record that a credential was revoked')
    .requiredOption('--credential <code>').requiredOption('--date <date>').option('--reason <text>')
    .action(lazy(() => import('./commands/credential.js').then((m) => ({ run: m.revoke })))), 'credtrack credential revoke P001 --credential CRSS --date 2026-06-01');

  example(program.command('position').argument('<person>').description('record a period in a job class (re-run with --end to close it)')
    .requiredOption('--position <code>', 'e.g. RSS-TRAINEE').requiredOption('--start <date>').option('--end <date>')
    .option('--field <field>', 'mental_health, substance_use, peer_support, human_services').option('--supervised')
    .action(lazy(() => import('./commands/records.js').then((m) => ({ run: m.position })))),
  'credtrack position P007 --position RSS-TRAINEE --start 2026-05-22 --field mental_health --supervised');
  example(program.command('evaluation').argument('<person>').description('record a performance evaluation')
    .requiredOption('--date <date>').requiredOption('--rating <rating>', 'satisfactory or unsatisfactory')
    .option('--evaluator <name>').option('--note <text>')
    .action(lazy(() => import('./commands/records.js').then((m) => ({ run: m.evaluation })))), 'credtrack evaluation P007 --date 2026-08-22 --rating satisfactory');
  example(program.command('screening').argument('<person>').description('record a tb, background or drug screening')
    .requiredOption('--type <type>', 'tb, background or drug').requiredOption('--date <date>').requiredOption('--result <result>', 'pass or fail')
    .option('--expires <date>')
    .action(lazy(() => import('./commands/records.js').then((m) => ({ run: m.screening })))), 'credtrack screening P010 --type tb --date 2026-03-01 --result pass --expires 2027-02-28');
  example(program.command('approve').argument('<person>').description('record management approval of a progression')
    .requiredOption('--progression <id>').requiredOption('--date <date>').option('--by <name>', 'who approved (default the actor)')
    .action(lazy(() => import('./commands/records.js').then((m) => ({ run: m.approve })))), 'credtrack approve P011 --progression pss-i-to-ii --date 2026-11-01 --by "J. Smith"');
  example(program.command('remove').argument('<person>').argument('<kind>', 'hours, position, exam, credential, evaluation, screening or approval')
    .description('remove one record entered by mistake, found by the options it was recorded with (audited)')
    .option('--date <date>', 'the date it was recorded with (YYYY-MM-DD; hours: the first day)')
    .option('--category <category>', 'hours: work, supervision, training or ceu').option('--hours <n>', 'hours: the number of hours')
    .option('--end-date <date>', 'hours: last day of the period').option('--domain <domain>', 'hours: its domain').option('--entry-id <id>', "hours: the source system's id")
    .option('--position <code>', 'position: e.g. RSS-TRAINEE').option('--start <date>', 'position: start date').option('--end <date>', 'position: end date')
    .option('--field <field>', 'position: its field')
    .option('--exam <code>', 'exam: its code').option('--result <result>', 'exam or screening: pass or fail')
    .option('--credential <code>', 'credential: its code').option('--issued <date>', 'credential: issue date').option('--number <number>', 'credential: its number')
    .option('--rating <rating>', 'evaluation: satisfactory or unsatisfactory').option('--evaluator <name>', 'evaluation: who evaluated')
    .option('--type <type>', 'screening: tb, background or drug').option('--progression <id>', 'approval: the progression')
    .option('--id <n>', "the record's number, as remove lists it (#12)")
    .option('--dry-run', 'show what would be removed; change nothing')
    .addHelpText('after', `
Exactly one record is removed. When no record or several match, nothing is removed: the
person's records of that kind are listed, each with the command that removes it alone.
A credential goes with its renewals. The audit log keeps the record as it was; a record
from an import stays removed if that import is undone later.`)
    .action(lazy(() => import('./commands/remove.js'))),
  'credtrack remove P002 hours --date 2026-11-24 --hours 18 --dry-run',
  'credtrack remove P002 hours --date 2026-11-24 --hours 18',
  'credtrack remove P002 position --position RSS-TRAINEE --start 2026-05-01',
  'credtrack remove P001 credential --credential CMPSS --issued 2025-01-15',
  'credtrack remove P001 screening --type tb --date 2026-01-05');

  example(program.command('import').argument('<file>', 'CSV, JSON or NDJSON file; - reads standard input')
    .description('import records in one transaction: a bad row means nothing is written')
    .addOption(new Option('--type <type>', 'record type').choices(['people', 'positions', 'hours', 'exams', 'credentials', 'evaluations', 'screenings']).makeOptionMandatory())
    .addOption(new Option('--format <format>', 'file format (default: from the extension)').choices(['csv', 'json', 'ndjson']))
    .option('--dry-run', 'validate and report; write nothing')
    .option('--skip-invalid', 'write the valid rows; write rejected rows to the rejects file')
    .option('--rejects <file>', 'where --skip-invalid writes rejected rows (default FILE.rejects.csv)')
    .option('--json', 'print the summary as JSON')
    .action(lazy(() => import('./commands/import.js'))), 'credtrack import timesheets.csv --type hours', 'credtrack import people.csv --type people --dry-run');

  const imports = example(program.command('imports').description('list, show and undo import batches'),
    'credtrack imports list', 'credtrack imports undo B3');
  example(output(imports.command('list').description('list import batches'))
    .action(lazy(() => import('./commands/imports.js').then((m) => ({ run: m.list })))), 'credtrack imports list');
  example(imports.command('show').argument('<batch>', 'batch id, e.g. B12').description('show one batch').option('--json', 'print JSON')
    .action(lazy(() => import('./commands/imports.js').then((m) => ({ run: m.show })))), 'credtrack imports show B12');
  example(imports.command('undo').argument('<batch>').description('remove what a batch added and restore what it changed').option('--json', 'print JSON')
    .action(lazy(() => import('./commands/imports.js').then((m) => ({ run: m.undo })))), 'credtrack imports undo B12');

  example(asOf(output(program.command('check').argument('[person...]', 'person ids')
    .description('who is eligible for what, requirement by requirement')))
    .option('--all', 'everyone active (and anyone named, even inactive)')
    .option('--credential <code...>', 'only these credentials, qualifications or positions')
    .option('--exit-code', 'exit 1 when someone checked is not eligible')
    .action(lazy(() => import('./commands/check.js'))),
  'credtrack check P001 --credential CRSS', 'credtrack check --all --credential CRSS --format csv > crss.csv');

  example(payroll(asOf(output(program.command('progressions').description('trainee and class progressions: pending, due or blocked, and the pay period they take effect')))
    .option('--within <days>', 'only those eligible within this many days (and all due or blocked)'))
    .action(lazy(() => import('./commands/progressions.js'))), 'credtrack progressions --within 30');

  example(payroll(asOf(program.command('reminders').description('what is due: renewals, CEU deficits, fees, deadlines, screenings, progressions'))
    .option('--within <days>', 'days ahead to look (default 90)'))
    .option('--json', 'print one JSON document')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'csv', 'ics']))
    .option('--unsent', 'only items whose current threshold was not yet marked sent')
    .option('--mark-sent', 'record the listed items as sent at their current threshold')
    .option('--thresholds <days>', 'reminder thresholds in days (default 90,60,30,7,0)')
    .option('--site <site>').option('--supervisor <person>').option('--person <person...>').option('--kind <kind...>')
    .option('--exit-code', 'exit 1 when something is overdue')
    .action(lazy(() => import('./commands/reminders.js'))),
  'credtrack reminders --unsent --mark-sent --format csv', 'credtrack reminders --format ics > due.ics');

  example(payroll(asOf(program.command('report').description('workforce compliance summary')))
    .option('--json', 'print one JSON document')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'html']))
    .option('--output <file>', 'write to this file instead of standard output')
    .action(lazy(() => import('./commands/report.js'))), 'credtrack report --format html --output report.html');

  example(program.command('export').description('export records (CSV cells safe for spreadsheets)')
    .addOption(new Option('--type <type>', 'record type').choices(['people', 'positions', 'hours', 'exams', 'credentials', 'evaluations', 'screenings', 'approvals', 'audit']).makeOptionMandatory())
    .addOption(new Option('--format <format>', 'csv or json').choices(['csv', 'json']).default('csv'))
    .option('--redact', 'replace names and emails with stable pseudonyms')
    .option('--output <file>', 'write to this file instead of standard output')
    .action(lazy(() => import('./commands/export.js'))), 'credtrack export --type people --redact > people.csv');

  example(output(program.command('audit').description('the audit trail of changes'), ['table', 'json', 'csv'])
    .option('--person <person>').option('--since <date>', 'changes on or after this date')
    .option('--limit <n>', 'only the last N entries')
    .action(lazy(() => import('./commands/audit.js'))), 'credtrack audit --person P001 --since 2026-01-01');

  example(program.command('backup').argument('<dest>', 'the backup file to create').description('online backup, safe while others write')
    .option('--force', 'overwrite DEST')
    .action(lazy(() => import('./commands/backup.js'))), 'credtrack backup /secure/credtrack-$(date +%F).db');

  example(program.command('doctor').description('integrity check, foreign keys, schema version, rule pack, file permissions')
    .option('--json', 'print JSON')
    .action(lazy(() => import('./commands/doctor.js'))), 'credtrack doctor');

  program.addHelpText('after', `
A record entered by mistake: credtrack remove PERSON KIND ... (credtrack remove --help).
An import to take back: credtrack imports undo BATCH.`);
  unknownCommandHints(program, {
    'delete|del|rm|erase|drop|unlog': 'to take out a record entered by mistake: `credtrack remove PERSON KIND ...` '
      + '(e.g. credtrack remove P001 hours --date 2026-11-24 --hours 18; see `credtrack remove --help`); to take back a whole import: `credtrack imports undo BATCH`',
    'undo|revert|rollback': 'to take back an import: `credtrack imports undo BATCH` (`credtrack imports list` shows the batches); '
      + 'to take out one record entered by mistake: `credtrack remove PERSON KIND ...`',
    'correct|fix|edit|update|change': 'a person\'s fields: `credtrack people edit PERSON ...`; a record with a wrong date or value: '
      + 'take it out with `credtrack remove PERSON KIND ...` and record it again (README: Correcting a mistake)',
  });
  unknownCommandHints(people, {
    'delete|del|remove|rm': 'people are not removed (their records and history stay): `credtrack people edit PERSON --status inactive`; '
      + 'people added by an import go with `credtrack imports undo BATCH`; one of their records: `credtrack remove PERSON KIND ...`',
  });
  unknownCommandHints(imports, { 'delete|del|remove|rm|revert|rollback': '`credtrack imports undo BATCH` takes a batch back (`credtrack imports list` shows them)' });
  unknownCommandHints(credential, {
    'delete|del|remove|rm|ungrant': 'a credential recorded by mistake: `credtrack remove PERSON credential --credential CODE --issued DATE` '
      + '(its renewals go with it); one that really ended: `credential lapse` or `credential revoke`',
  });
  return program;
}

/**
 * Words a user reaches for that are not commands (`delete`, `undo`), answered with where to
 * go instead; other unknown commands keep commander's "Did you mean ...?".
 */
function unknownCommandHints(cmd: Command, hints: Record<string, string>): void {
  const byWord = new Map(Object.entries(hints).flatMap(([words, hint]) => words.split('|').map((w) => [w, hint] as const)));
  // unknownCommand is commander's (untyped) hook for an unknown subcommand name.
  const c = cmd as Command & { unknownCommand(): void };
  const original = c.unknownCommand.bind(c);
  c.unknownCommand = () => {
    const name = c.args[0] ?? '';
    const hint = byWord.get(name.toLowerCase());
    if (hint === undefined) return original();
    c.error(`error: unknown command '${name}'\nhint: ${hint}`, { code: 'commander.unknownCommand' });
  };
}

/** The one place where errors become messages and exit codes. */
export function report(thrown: unknown, debug: boolean, dbPath?: string): number {
  const failed = stdoutFailure(thrown);
  if (failed) return reportStdoutFailure(failed, debug);
  // Driver errors met after the database was opened (SQLITE_BUSY past the busy timeout,
  // SQLITE_CORRUPT, SQLITE_READONLY...) get the same messages and hints as on open.
  const err = translateDbError(thrown, dbPath);
  if (err instanceof CredtrackError) {
    process.stderr.write(`credtrack: ${err.message}\n`);
    const details = (err as { details?: string[] }).details ?? [];
    for (const d of details) process.stderr.write(`  ${d}\n`);
    if (err.hint) process.stderr.write(`hint: ${err.hint}\n`);
    const stack = (thrown as Error).stack;
    if (debug && stack) process.stderr.write(`${stack}\n`);
    return err.exitCode;
  }
  const e = err as { code?: string; message?: string; stack?: string };
  if (typeof e?.code === 'string' && (e.code.startsWith('SQLITE_') || ['EACCES', 'ENOSPC', 'EROFS', 'EIO', 'EPERM'].includes(e.code))) {
    process.stderr.write(`credtrack: ${e.message}\n`);
    if (debug && e.stack) process.stderr.write(`${e.stack}\n`);
    return EXIT.store;
  }
  process.stderr.write(`credtrack: unexpected error: ${e?.message ?? String(err)}\n`);
  process.stderr.write(debug && e?.stack ? `${e.stack}\n` : 'hint: run again with --debug for details, and report it\n');
  return EXIT.store;
}

async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version displays end with exit 0; every other commander error is bad usage.
      process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.input;
      return;
    }
    const db = (program.opts() as { db?: string }).db ?? (process.env.CREDTRACK_DB || 'credtrack.db');
    process.exitCode = report(err, debug, db);
  }
}

/**
 * The error that broke standard output, when `thrown` is it or comes of it (a write after the
 * stream failed): a full disk, EIO or a reader that went away, not a fault of the command.
 */
function stdoutFailure(thrown: unknown): NodeJS.ErrnoException | undefined {
  const failed = streamError(process.stdout) as NodeJS.ErrnoException | undefined;
  if (!failed) return undefined;
  const code = (thrown as { code?: string } | undefined)?.code;
  return thrown === failed || code === 'ERR_STREAM_DESTROYED' || code === 'ERR_STREAM_WRITE_AFTER_END' ? failed : undefined;
}

/** "no space left on device" from "ENOSPC: no space left on device, write". */
function systemReason(err: NodeJS.ErrnoException): string {
  let reason = err.message;
  if (err.code && reason.startsWith(`${err.code}: `)) reason = reason.slice(err.code.length + 2);
  if (err.syscall && reason.endsWith(`, ${err.syscall}`)) reason = reason.slice(0, -err.syscall.length - 2);
  return reason;
}

let stdoutFailureReported = false;

/**
 * A failed write to standard output: exit 3 with one line saying why (SPEC §2), once. An EPIPE
 * (`credtrack ... | head`) is the reader having had enough: no message, and the exit code the
 * command had (0 if none). Either way nothing after the failed write runs (e.g. no
 * reminders are marked as sent).
 */
function reportStdoutFailure(err: NodeJS.ErrnoException, debug: boolean): number {
  if (err.code === 'EPIPE') return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  if (!stdoutFailureReported) {
    stdoutFailureReported = true;
    process.stderr.write(`credtrack: cannot write standard output: ${systemReason(err)}\n`);
    if (debug && err.stack) process.stderr.write(`${err.stack}\n`);
  }
  return EXIT.store;
}

// Writes that fail at once throw where they are made (ctx.out, render/*-stream.ts) and reach
// report(); this catches the rest (a pipe or terminal that fails later, commander's help):
// the process ends here, before anything that would follow a complete output.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  process.exit(reportStdoutFailure(err, process.argv.includes('--debug')));
});

await main(process.argv);
