// credtrack backup DEST: an online copy of the database, mode 0600, safe while others write.
import { backupDatabase } from '../../services/backup.js';
import type { Context } from '../context.js';
import type { Opts } from '../main.js';

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes / 1024, i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(1)} ${units[i]} (${bytes} bytes)`;
}

export async function run(ctx: Context, [dest]: [string], o: Opts): Promise<number> {
  const res = await backupDatabase({ dbPath: ctx.dbPath, dest, force: !!o.force, busyTimeoutMs: ctx.busyTimeoutMs });
  // Quiet on success unless at a terminal: cron mails whatever a job prints, and a nightly backup that worked is not news.
  if (ctx.stderrIsTTY) ctx.err(`credtrack: backed up ${ctx.dbPath} to ${res.dest}: ${size(res.bytes)}\n`);
  return 0;
}
