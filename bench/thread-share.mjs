#!/usr/bin/env node
// What one worker thread's share of `check --all --json` or `reminders --json` costs, in fresh
// processes: CPU time (user + sys, every thread of the process, so the optimising compiler's
// background work is in it) and, with --compile, the time V8's optimising compiler spent
// (summed from --trace-opt). The sha1 of the bytes shows two builds wrote the same output.
//
// check-eval gathers and evaluates the same people without serialising: what is left if JSON cost nothing.
//
//   node bench/thread-share.mjs check --db bench/data/100000p-10e-s1/full.db [--people 50000] [--runs 5] [--compile]
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { db: { type: 'string' }, people: { type: 'string', default: '50000' }, runs: { type: 'string', default: '5' },
    'as-of': { type: 'string', default: '2026-11-22' }, compile: { type: 'boolean', default: false } },
});
const task = positionals[0];
if (!['check', 'check-eval', 'reminders'].includes(task) || !values.db) {
  console.error('usage: node bench/thread-share.mjs check|check-eval|reminders --db FILE [--people N] [--runs N] [--as-of D] [--compile]');
  process.exit(2);
}
const out = path.join(here, 'out', 'thread-share.mjs');
await build({
  entryPoints: [path.join(here, 'thread-share-entry.ts')], outfile: out, bundle: true, format: 'esm', platform: 'node', target: 'node20',
  external: ['better-sqlite3'], logLevel: 'warning',
  banner: { js: "import { createRequire as __c } from 'node:module'; const require = __c(import.meta.url);" },
});
const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const cpu = [], compile = [];
let sha1;
for (let i = 0; i < Number(values.runs); i++) {
  const args = [...(values.compile ? ['--trace-opt'] : []), out, task, values.db, values.people, values['as-of']];
  const r = spawnSync(process.execPath, args, { env, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(r.stderr);
  const lines = r.stdout.trim().split('\n');
  const result = JSON.parse(lines.at(-1));
  cpu.push(result.cpu_ms);
  sha1 = result.sha1;
  if (values.compile) {
    // "[completed compiling ... - took 0.012, 14.522, 0.009 ms]": the middle figure is the optimisation itself.
    const ms = lines.map((l) => /completed compiling.* took [\d.]+, ([\d.]+), [\d.]+ ms/.exec(l)?.[1]).filter(Boolean).map(Number);
    compile.push(Math.round(ms.reduce((a, b) => a + b, 0)));
  }
}
console.log(`${task}, first ${values.people} people, ${values.runs} fresh processes`);
console.log(`  CPU ms: ${cpu.join(' ')} (median ${median(cpu)}, best ${Math.min(...cpu)})`);
if (values.compile) console.log(`  optimising compiler ms: ${compile.join(' ')} (median ${median(compile)}); CPU includes --trace-opt's printing`);
console.log(`  output sha1 ${sha1}`);
