#!/usr/bin/env node
// How the whole-population commands grow with people and entries: generates a database per
// size (bench/generate.mjs, cached in bench/data/) and times `check --all --json` and
// `reminders --json` on each, output to /dev/null.
//
//   node bench/scale.mjs [--sizes 10000,100000,1000000] [--entries-per-person 10]
//                        [--entries-per-person-large 2] [--runs 1] [--commands check,reminders]
//
// Sizes above 200,000 people use --entries-per-person-large (a million people with ten
// entries each would be ten million rows): the table says which.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AS_OF, buildDb, parseArgs } from './generate.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'bin', 'credtrack');
let args;
try {
  args = parseArgs(process.argv.slice(2), { sizes: 'string', 'entries-per-person': 'number', 'entries-per-person-large': 'number', runs: 'number', commands: 'string' });
} catch (err) {
  process.stderr.write(`scale: ${err.message}\n`);
  process.exit(2);
}
const sizes = (args.sizes ?? '10000,100000,1000000').split(',').map(Number);
const perPerson = args['entries-per-person'] ?? 10;
const perPersonLarge = args['entries-per-person-large'] ?? 2;
const runs = Math.max(1, args.runs ?? 1);
const commands = (args.commands ?? 'check,reminders').split(',');
const env = { ...process.env, NO_COLOR: '1' };
delete env.NODE_EXTRA_CA_CERTS;
const log = (s) => process.stderr.write(`scale: ${s}\n`);
const stampOf = (people, e) => createHash('sha256')
  .update(fs.readFileSync(path.join(import.meta.dirname, 'generate.mjs')))
  .update(fs.readFileSync(path.join(ROOT, 'src', 'store', 'migrations.ts')))
  .update(`${people}/${e}`).digest('hex').slice(0, 16);

async function database(people, e) {
  const dir = path.join(import.meta.dirname, 'data', `${people}p-${e}e-s1`);
  const file = path.join(dir, 'scale.db');
  const stampFile = path.join(dir, 'scale-stamp');
  const stamp = stampOf(people, e);
  if (fs.existsSync(file) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return file;
  fs.mkdirSync(dir, { recursive: true });
  log(`building ${people.toLocaleString('en-US')} people × ${e} entries …`);
  const t = Date.now();
  await buildDb(file, { people, entriesPerPerson: e, seed: 1 });
  fs.writeFileSync(stampFile, stamp);
  log(`  built in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  return file;
}

/** Wall seconds, CPU seconds (user + sys) and peak RSS of one run, via /usr/bin/time when present. */
function timed(argv) {
  const haveTime = fs.existsSync('/usr/bin/time');
  const memFile = path.join(os.tmpdir(), `credtrack-scale-${process.pid}`);
  const [cmd, list] = haveTime ? ['/usr/bin/time', ['-f', '%U %S %M', '-o', memFile, BIN, ...argv]] : [BIN, argv];
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, list, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    child.on('close', (code) => {
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      if (code !== 0) return reject(new Error(`${argv.join(' ')}: exit ${code}: ${err}`));
      let cpu = null, rss = null;
      if (haveTime) {
        const [u, s, m] = fs.readFileSync(memFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
        cpu = u + s;
        rss = m;
        fs.rmSync(memFile, { force: true });
      }
      resolve({ wall, cpu, rss });
    });
  });
}

const rows = [];
for (const people of sizes) {
  const e = people > 200_000 ? perPersonLarge : perPerson;
  const file = await database(people, e);
  for (const c of commands) {
    const argv = c === 'check' ? ['check', '--all', '--json'] : [c, '--json'];
    let best = null;
    for (let i = 0; i < runs; i++) {
      const r = await timed([...argv, '--db', file, '--as-of', AS_OF]);
      log(`  ${people} ${c}: ${r.wall.toFixed(2)} s wall, ${r.cpu?.toFixed(2)} s CPU, ${((r.rss ?? 0) / 1024).toFixed(0)} MB`);
      if (!best || r.wall < best.wall) best = r;
    }
    rows.push([people.toLocaleString('en-US'), (people * e).toLocaleString('en-US'), `\`${argv.join(' ')}\``, `${best.wall.toFixed(2)} s`,
      best.cpu === null ? 'n/a' : `${best.cpu.toFixed(2)} s`, `${(best.wall / people * 1e6).toFixed(1)} µs`, best.rss === null ? 'n/a' : `${(best.rss / 1024).toFixed(0)} MB`]);
  }
}
const header = ['people', 'hours entries', 'command', 'wall (best of runs)', 'CPU (user+sys)', 'wall per person', 'peak memory'];
process.stdout.write(`${[header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n')}\n\n`);
process.stdout.write(`${os.availableParallelism?.() ?? os.cpus().length} CPUs, Node ${process.version}; best of ${runs} run(s); output to /dev/null; load average ${os.loadavg()[0].toFixed(1)}.\n`);
