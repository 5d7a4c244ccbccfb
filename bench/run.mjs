#!/usr/bin/env node
// The performance bench of SPEC §7, side by side with its baselines in one run:
//   import of the hours CSV into a database that has the people   vs  a bare insert loop
//   check --all --json, reminders --json, progressions --json      (targets 3 s, 2 s, —)
//   credtrack --version, credtrack check P1 (cold start)           vs  node -e ''
//   peak memory of each; import memory at a tenth of the file      (flat as the file grows)
//
//   npm run bench -- [--people 100000] [--entries-per-person 10] [--runs 3] [--startup-runs 20]
//                    [--only import,check,reminders,progressions,startup] [--as-of 2026-11-22]
//
// Data comes from bench/generate.mjs (seeded), cached in bench/data/<people>p-<entries>e/ and
// rebuilt when the generator changes. Medians of --runs fresh processes (start-up: of
// --startup-runs). NODE_EXTRA_CA_CERTS is removed from the children's environment (it adds
// ~30 ms to every Node start). Absolute times move with the machine's load: compare the
// columns of one run, not figures of different runs.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AS_OF, buildDb, parseArgs, writeCsvs } from './generate.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'bin', 'credtrack');
const STEPS = ['startup', 'check', 'reminders', 'progressions', 'import'];

let args;
try {
  args = parseArgs(process.argv.slice(2), { people: 'number', 'entries-per-person': 'number', runs: 'number', 'startup-runs': 'number', only: 'string', 'as-of': 'string', seed: 'number' });
} catch (err) {
  process.stderr.write(`bench: ${err.message}\n`);
  process.exit(2);
}
const people = args.people ?? 100_000;
const perPerson = args['entries-per-person'] ?? 10;
const seed = args.seed ?? 1;
const runs = Math.max(1, args.runs ?? 3);
const startupRuns = Math.max(1, args['startup-runs'] ?? 20);
const asOf = args['as-of'] ?? AS_OF;
const only = new Set(args.only ? args.only.split(',') : STEPS);
for (const s of only) if (!STEPS.includes(s)) { process.stderr.write(`bench: unknown step ${s} (steps: ${STEPS.join(', ')})\n`); process.exit(2); }

const env = { ...process.env, NO_COLOR: '1' };
delete env.NODE_EXTRA_CA_CERTS;
const log = (s) => process.stderr.write(`bench: ${s}\n`);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const fmtS = (s) => (s < 1 ? `${(s * 1000).toFixed(0)} ms` : `${s.toFixed(2)} s`);
const fmtMB = (kb) => (kb == null ? 'n/a' : `${(kb / 1024).toFixed(0)} MB`);
const fmtRate = (r) => `${(r / 1000).toFixed(0)}k rows/s`;
const big = (n) => n.toLocaleString('en-US');

// ---- peak memory: /usr/bin/time -f %M when it works, else polling /proc/PID/status VmHWM ----
const TIME = '/usr/bin/time';
const haveTime = fs.existsSync(TIME) && spawnSync(TIME, ['-f', '%M', '-o', '/dev/null', 'true']).status === 0;
const haveProc = fs.existsSync(`/proc/${process.pid}/status`);
const memNote = haveTime ? '/usr/bin/time -f %M' : haveProc ? 'VmHWM polled from /proc every 10 ms' : 'not measured (no /usr/bin/time, no /proc)';

/** Runs a command; returns wall seconds, peak RSS (KB or null), exit status, stdout (unless sent to a file) and stderr. */
async function measure(cmd, argv, { stdoutFile } = {}) {
  const out = stdoutFile ? fs.openSync(stdoutFile, 'w') : 'pipe';
  const memFile = path.join(os.tmpdir(), `credtrack-bench-mem-${process.pid}`);
  const [file, list] = haveTime ? [TIME, ['-f', '%M', '-o', memFile, cmd, ...argv]] : [cmd, argv];
  const t0 = process.hrtime.bigint();
  const child = spawn(file, list, { env, stdio: ['ignore', out, 'pipe'] });
  let stdout = '', stderr = '', hwm = null;
  child.stdout?.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  const poll = !haveTime && haveProc ? setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) hwm = Math.max(hwm ?? 0, Number(m[1]));
    } catch { /* exited */ }
  }, 10) : null;
  const status = await new Promise((resolve) => child.on('close', (code) => resolve(code)));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (poll) clearInterval(poll);
  if (stdoutFile) fs.closeSync(out);
  let rss = hwm;
  if (haveTime) {
    try { rss = Number(fs.readFileSync(memFile, 'utf8').trim().split('\n').pop()); } catch { rss = null; }
    fs.rmSync(memFile, { force: true });
  }
  return { seconds, rss, status, stdout, stderr };
}

/** Start-up time without the wrapper: spawnSync of the bare command, wall clock. */
function startupTime(cmd, argv) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

// ---- data ----
function generatorHash() {
  const h = createHash('sha256');
  for (const f of ['generate.mjs']) h.update(fs.readFileSync(path.join(import.meta.dirname, f)));
  return h.digest('hex').slice(0, 16);
}

async function prepareData() {
  const dir = path.join(import.meta.dirname, 'data', `${people}p-${perPerson}e-s${seed}`);
  const stampFile = path.join(dir, 'stamp.json');
  const stamp = JSON.stringify({ people, perPerson, seed, generator: generatorHash(), schema: schemaStamp() });
  const files = { dir, full: path.join(dir, 'full.db'), peopleDb: path.join(dir, 'people.db'), hours: path.join(dir, 'hours.csv'), tenth: path.join(dir, 'hours-tenth.csv') };
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp && Object.values(files).every((f) => fs.existsSync(f))) {
    log(`reusing ${path.relative(ROOT, dir)}`);
    return files;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const opts = { people, entriesPerPerson: perPerson, seed };
  log(`generating ${big(people)} people, ${big(Math.round(people * perPerson))} hours entries into ${path.relative(ROOT, dir)} …`);
  let t = Date.now();
  const counts = writeCsvs(dir, opts);
  log(`  CSVs: ${Object.entries(counts).map(([k, v]) => `${big(v)} ${k}`).join(', ')} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  t = Date.now();
  await buildDb(files.full, opts);
  await buildDb(files.peopleDb, { ...opts, peopleOnly: true });
  log(`  databases built (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  // The first tenth of the hours file, for the import memory comparison.
  const lines = fs.readFileSync(files.hours, 'utf8').split('\n');
  const tenth = Math.max(1, Math.floor((lines.length - 2) / 10));
  fs.writeFileSync(files.tenth, `${lines.slice(0, tenth + 1).join('\n')}\n`);
  fs.writeFileSync(stampFile, stamp);
  return files;
}

/** The schema the databases were built with: rebuild when a migration is added. */
function schemaStamp() {
  return createHash('sha256').update(fs.readFileSync(path.join(ROOT, 'src', 'store', 'migrations.ts'))).digest('hex').slice(0, 16);
}

// ---- steps ----
const rows = []; // [what, credtrack, baseline, comparison, target, memory]
const workDir = path.join(import.meta.dirname, 'out');
fs.mkdirSync(workDir, { recursive: true });

async function timeCommand(name, argv, files, target, count) {
  const outFile = path.join(workDir, `${name.replace(/\W+/g, '-').replace(/^-+|-+$/g, '')}.json`);
  const times = [], mems = [];
  for (let i = 0; i < runs; i++) {
    const r = await measure(BIN, [...argv, '--db', files.full, '--as-of', asOf], { stdoutFile: outFile });
    if (r.status !== 0) { rows.push([name, `n/a (exit ${r.status}: ${r.stderr.split('\n')[0]})`, '', '', target ?? '', '']); return; }
    times.push(r.seconds);
    mems.push(r.rss);
    log(`  ${name} run ${i + 1}: ${fmtS(r.seconds)}, ${fmtMB(r.rss)}`);
  }
  const size = fs.statSync(outFile).size;
  const items = count ? count(outFile) : null;
  const t = median(times);
  const limit = target ? Number(/[\d.]+/.exec(target)[0]) : null;
  const best = runs > 1 ? ` (best ${fmtS(Math.min(...times))})` : '';
  rows.push([name, `${fmtS(t)}${best}`, '', `${items !== null ? `${big(items)} items, ` : ''}${(size / 1e6).toFixed(0)} MB of JSON`, target ? `${target} ${t < limit ? '✓' : '✗'}` : '—', fmtMB(median(mems.filter((m) => m !== null)) || null)]);
}

const countKey = (key) => (file) => { try { return JSON.parse(fs.readFileSync(file, 'utf8'))[key].length; } catch { return null; } };

async function startup(files) {
  const node = [process.execPath, ['-e', '']];
  const version = [BIN, ['--version']];
  const check = [BIN, ['check', 'P' + '1'.padStart(Math.max(6, String(people).length), '0'), '--json', '--db', files.full, '--as-of', asOf]];
  const t = { node: [], version: [], check: [] };
  for (let i = 0; i < startupRuns; i++) { // interleaved, so load changes hit all three alike
    t.node.push(startupTime(...node));
    t.version.push(startupTime(...version));
    t.check.push(startupTime(...check));
  }
  const mem = {};
  for (const [k, [c, a]] of Object.entries({ node, version, check })) mem[k] = (await measure(c, a)).rss;
  const base = median(t.node);
  const v = median(t.version), c = median(t.check);
  rows.push(['`credtrack --version`', fmtS(v), `\`node -e ''\` ${fmtS(base)}`, `+${((v - base) * 1000).toFixed(0)} ms`, `≤ +150 ms ${v - base <= 0.15 ? '✓' : '✗'}`, `${fmtMB(mem.version)} (node ${fmtMB(mem.node)})`]);
  rows.push(['`credtrack check P1 --json` (cold)', fmtS(c), `\`node -e ''\` ${fmtS(base)}`, `+${((c - base) * 1000).toFixed(0)} ms`, '—', fmtMB(mem.check)]);
}

async function importStep(files) {
  const total = fs.readFileSync(files.hours, 'utf8').split('\n').length - 2;
  const tenthRows = fs.readFileSync(files.tenth, 'utf8').split('\n').length - 2;
  const scratch = path.join(workDir, 'import.db');
  const fresh = () => {
    for (const f of [scratch, `${scratch}-wal`, `${scratch}-shm`]) fs.rmSync(f, { force: true });
    fs.copyFileSync(files.peopleDb, scratch);
    fs.chmodSync(scratch, 0o600);
  };
  const ct = [], bare = [], ctMem = [], bareMem = [];
  let failed = null;
  for (let i = 0; i < runs && !failed; i++) { // interleaved
    fresh();
    const r = await measure(BIN, ['import', files.hours, '--type', 'hours', '--json', '--db', scratch]);
    if (r.status !== 0) { failed = `import failed: ${(r.stderr.split('\n').find((l) => l.trim()) ?? `exit ${r.status}`).trim()}`; break; }
    let added = null;
    try { added = JSON.parse(r.stdout).added; } catch { /* summary not JSON */ }
    if (added !== null && added !== total) { failed = `import added ${added} of ${total} rows`; break; }
    ct.push(r.seconds); ctMem.push(r.rss);
    log(`  import run ${i + 1}: ${fmtS(r.seconds)}, ${fmtMB(r.rss)}`);
    fresh();
    const b = await measure(process.execPath, [path.join(import.meta.dirname, 'bare-insert.mjs'), scratch, files.hours]);
    if (b.status !== 0) throw new Error(`bare insert failed: ${b.stderr}`);
    bare.push(b.seconds); bareMem.push(b.rss);
    log(`  bare insert run ${i + 1}: ${fmtS(b.seconds)}, ${fmtMB(b.rss)}`);
  }
  const bareT = bare.length ? median(bare) : null;
  if (failed) {
    if (bareT === null) { // still time the baseline so the row says what credtrack must beat
      fresh();
      const b = await measure(process.execPath, [path.join(import.meta.dirname, 'bare-insert.mjs'), scratch, files.hours]);
      bare.push(b.seconds); bareMem.push(b.rss);
    }
    const bt = median(bare);
    rows.push([`import ${big(total)} hours rows`, `n/a (${failed})`, `bare loop ${fmtS(bt)} (${fmtRate(total / bt)})`, '', '≥ 0.5 of the bare rate', `bare ${fmtMB(median(bareMem))}`]);
    return;
  }
  const t = median(ct);
  const ratio = (total / t) / (total / bareT);
  rows.push([`import ${big(total)} hours rows`, `${fmtS(t)} (${fmtRate(total / t)})`, `bare loop ${fmtS(bareT)} (${fmtRate(total / bareT)})`, `ratio ${ratio.toFixed(2)}`,
    `≥ 0.5 ${ratio >= 0.5 ? '✓' : '✗'}`, `${fmtMB(median(ctMem))} (bare ${fmtMB(median(bareMem))})`]);
  // Memory as the file grows: the same import of a tenth of the file.
  const small = [];
  for (let i = 0; i < runs; i++) {
    fresh();
    const r = await measure(BIN, ['import', files.tenth, '--type', 'hours', '--json', '--db', scratch]);
    if (r.status === 0) small.push(r.rss);
  }
  const m1 = median(ctMem), m0 = small.length ? median(small) : null;
  rows.push([`import memory, ${big(tenthRows)} vs ${big(total)} rows`, `${fmtMB(m0)} → ${fmtMB(m1)}`, '', m0 ? `×${(m1 / m0).toFixed(2)} for ×${(total / tenthRows).toFixed(0)} rows` : '', 'flat', '']);
  for (const f of [scratch, `${scratch}-wal`, `${scratch}-shm`]) fs.rmSync(f, { force: true });
}

/**
 * A fixed piece of work to say how busy the machine was: SELECT person, category, SUM(hours)
 * … GROUP BY 1, 2 (better-sqlite3 .raw().all(), median of three, in a child process).
 * Compare it between runs; it is not PERF-NOTES' query of the same name (that one had a
 * narrower index).
 */
function calibrate(files) {
  const code = `const D = require(${JSON.stringify(path.join(ROOT, 'node_modules', 'better-sqlite3'))});
    const db = new D(${JSON.stringify(files.full)}, { readonly: true });
    const st = db.prepare('SELECT person, category, SUM(hours) FROM hours GROUP BY 1, 2').raw();
    const t = []; for (let i = 0; i < 3; i++) { const s = process.hrtime.bigint(); st.all(); t.push(Number(process.hrtime.bigint() - s) / 1e9); }
    t.sort((a, b) => a - b); process.stdout.write(String(t[1]));`;
  const r = spawnSync(process.execPath, ['-e', code], { env, encoding: 'utf8' });
  return r.status === 0 ? Number(r.stdout) : null;
}

// ---- main ----
const cpu = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) ?? [])[1] ?? os.cpus()[0]?.model ?? 'unknown CPU';
const load0 = os.loadavg()[0];
const files = await prepareData();
const started = Date.now();
const calibration0 = calibrate(files);
if (only.has('startup')) { log('start-up …'); await startup(files); }
if (only.has('check')) { log('check --all --json …'); await timeCommand('`check --all --json`', ['check', '--all', '--json'], files, '< 3 s'); }
if (only.has('reminders')) { log('reminders --json …'); await timeCommand('`reminders --json`', ['reminders', '--json'], files, '< 2 s', countKey('reminders')); }
if (only.has('progressions')) { log('progressions --json …'); await timeCommand('`progressions --json`', ['progressions', '--json'], files, null, countKey('progressions')); }
if (only.has('import')) { log('import …'); await importStep(files); }

const header = ['measure', 'credtrack', 'baseline', 'comparison', 'target', 'peak memory'];
const table = [header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
process.stdout.write(`${table}\n\n`);
process.stdout.write(`${big(people)} people, ${big(Math.round(people * perPerson))} hours entries (seed ${seed}), as of ${asOf}; medians of ${runs} runs (start-up: ${startupRuns}); peak memory: ${memNote}.\n`);
const calibration1 = calibrate(files);
process.stdout.write(`Machine: ${os.availableParallelism?.() ?? os.cpus().length} CPUs (${cpu}), Node ${process.version}, ${os.platform()} ${os.release()}; load average ${load0.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end; ${((Date.now() - started) / 1000).toFixed(0)} s.\n`);
const cal = (x) => (x === null ? 'n/a' : fmtS(x));
process.stdout.write(`Calibration (a fixed GROUP BY person, category over the ${big(Math.round(people * perPerson))} hours; compare between runs): ${cal(calibration0)} at the start, ${cal(calibration1)} at the end.\n`);
