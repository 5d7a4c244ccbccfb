// The edge of the program: argv options, environment and clock become one Context object.
// Nothing below the CLI reads process.env, process.argv or the clock.
import os from 'node:os';
import { DATE_EXPECTED, DATE_HINT } from '../schemas/common.js';
import { isIsoDate } from '../schemas/vocabulary.js';
import { InputError } from '../errors.js';
import { writeChecked } from '../io/checked-write.js';
import { BUSY_TIMEOUT_MS } from '../store/db-policy.js';

export interface Context {
  dbPath: string;
  /** Today's local date: the default as-of date and the limit for imported dates. */
  today: string;
  asOf: string;
  /** ISO timestamp of this run, for audit and batch records. */
  now: string;
  actor: string;
  /** The command path, e.g. "credential grant", recorded in the audit log. */
  command: string;
  debug: boolean;
  /** How long to wait for another process's write lock ($CREDTRACK_BUSY_TIMEOUT seconds; default 60). */
  busyTimeoutMs: number;
  color: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /**
   * The width text tables are fitted to: $COLUMNS when set to a whole number, else the
   * terminal's width when stdout is one; undefined (a pipe or file) leaves them at their natural width.
   */
  width?: number;
  /** Writes to standard output; throws at once if the write failed (cli/main.ts reports it). */
  out(text: string): void;
  err(text: string): void;
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export function localDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * A date option, trimmed (as record options and import cells are): the same rule and the same
 * words for every date option, --as-of included.
 */
export function parseDateOption(value: string | undefined, option: string): string | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (!isIsoDate(v)) throw new InputError(`${option}: ${JSON.stringify(value)} is not valid: ${DATE_EXPECTED}`, DATE_HINT);
  return v;
}

/** $CREDTRACK_BUSY_TIMEOUT: seconds to wait for a lock held by another process (the store's default when unset). */
export function parseBusyTimeout(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const v = value.trim();
  if (!/^\d+(\.\d+)?$/.test(v) || Number(v) > 86_400) {
    throw new InputError(`CREDTRACK_BUSY_TIMEOUT: ${JSON.stringify(value)} is not a number of seconds`, 'e.g. CREDTRACK_BUSY_TIMEOUT=120 (at most 86400), or unset it for the default of 60');
  }
  return Math.round(Number(v) * 1000);
}

/** $COLUMNS as a width to fit tables to; unset, empty or not a whole number of at least 1, it is not used. */
export function parseColumns(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return undefined;
  const n = Number(value);
  return n >= 1 ? n : undefined;
}

/** Tables fit $COLUMNS when it is set (scripts and tests can choose a width), else a terminal's width. */
export function outputWidth(env: NodeJS.ProcessEnv, stdout: { isTTY?: boolean; columns?: number }): number | undefined {
  const columns = parseColumns(env.COLUMNS);
  if (columns !== undefined) return columns;
  return stdout.isTTY === true && typeof stdout.columns === 'number' && stdout.columns > 0 ? stdout.columns : undefined;
}

export interface GlobalOptions { db?: string; actor?: string; debug?: boolean; asOf?: string }

/** The account's name from the system (cron may start a job without USER or LOGNAME). */
function loginName(): string | undefined {
  try {
    return os.userInfo().username || undefined;
  } catch {
    return undefined;
  }
}

/** --actor as given, trimmed; an empty one would leave the audit log without a name. */
function parseActor(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!value.trim()) throw new InputError('--actor: give a name for the audit log', 'e.g. --actor "Rosa Alvarez"; without --actor, $USER is recorded');
  return value.trim();
}

export function makeContext(global: GlobalOptions, command: string, env: NodeJS.ProcessEnv = process.env, clock: Date = new Date()): Context {
  const today = localDate(clock);
  const stdoutIsTTY = process.stdout.isTTY === true;
  return {
    dbPath: global.db ?? (env.CREDTRACK_DB || 'credtrack.db'),
    today,
    asOf: parseDateOption(global.asOf, '--as-of') ?? today,
    now: clock.toISOString(),
    actor: parseActor(global.actor) ?? (env.USER || env.LOGNAME || env.USERNAME || loginName() || 'unknown'),
    command,
    debug: global.debug === true,
    busyTimeoutMs: parseBusyTimeout(env.CREDTRACK_BUSY_TIMEOUT) ?? BUSY_TIMEOUT_MS,
    color: stdoutIsTTY && !env.NO_COLOR && env.TERM !== 'dumb',
    stdoutIsTTY,
    stderrIsTTY: process.stderr.isTTY === true,
    width: outputWidth(env, process.stdout),
    out: (text) => void writeChecked(process.stdout, text),
    err: (text) => void process.stderr.write(text),
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
  };
}
