#!/usr/bin/env node
// Times `reminders --json` and `progressions --json` against an existing database:
//   node bench/reminders.mjs DB [--as-of YYYY-MM-DD] [--runs N]
// Prints the median, fastest and slowest wall time of N fresh runs of each command (target:
// under 2 s each for 100,000 people and 1,000,000 hours entries), beside a bare `node -e ''`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const db = args.find((a, i) => !a.startsWith('--') && !['--as-of', '--runs'].includes(args[i - 1]));
const opt = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
if (!db || !fs.existsSync(db)) {
  process.stderr.write('usage: node bench/reminders.mjs DB [--as-of YYYY-MM-DD] [--runs N]\n(DB must exist: generate one with bench/generate)\n');
  process.exit(2);
}
const asOf = opt('--as-of', '2026-11-22');
const runs = Number(opt('--runs', '3'));
const bin = path.resolve(import.meta.dirname, '..', 'bin', 'credtrack');
const env = { ...process.env, NO_COLOR: '1' };
delete env.NODE_EXTRA_CA_CERTS; // adds ~30 ms to every Node start (PERF-NOTES)

function time(cmd, argv) {
  const times = [];
  let out = '';
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(cmd, argv, { env, encoding: 'utf8', maxBuffer: 1 << 30 });
    times.push(Number(process.hrtime.bigint() - t) / 1e9);
    if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
    out = r.stdout;
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0], max: times[times.length - 1], out };
}

const rows = [];
const bare = time(process.execPath, ['-e', '']);
rows.push(['node -e \'\'', bare, '']);
for (const [name, key] of [['reminders', 'reminders'], ['progressions', 'progressions']]) {
  const r = time(bin, [name, '--json', '--as-of', asOf, '--db', db]);
  const doc = r.out ? JSON.parse(r.out) : { [key]: [] };
  rows.push([`credtrack ${name} --json --as-of ${asOf}`, r, `${doc[key].length} items, ${(r.out.length / 1e6).toFixed(1)} MB`]);
}
process.stdout.write(`${runs} runs each, database ${db}\n`);
for (const [what, r, note] of rows) {
  process.stdout.write(`${what.padEnd(52)} median ${r.median.toFixed(3)} s  (min ${r.min.toFixed(3)}, max ${r.max.toFixed(3)})  ${note}\n`);
}
