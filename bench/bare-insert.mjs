#!/usr/bin/env node
// The import baseline: a bare better-sqlite3 insert loop over an hours CSV, with nothing but
// csv-parse, one transaction and one prepared INSERT into the real hours table (same schema
// and indexes, same pragmas as credtrack's connection). No validation, no dedup, no batch,
// no audit: what an import could cost at best in Node.
//
//   node bench/bare-insert.mjs DB hours.csv      → prints {"rows":N,"seconds":S}
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse';

const [dbPath, file] = process.argv.slice(2);
if (!dbPath || !file) {
  process.stderr.write('usage: node bench/bare-insert.mjs DB hours.csv\n');
  process.exit(2);
}
const t0 = process.hrtime.bigint();
const db = new Database(dbPath, { fileMustExist: true });
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');
db.pragma('cache_size = -65536');
const people = new Map(db.prepare('SELECT person_id, id FROM people').raw().all());
const insert = db.prepare(`INSERT INTO hours (entry_id, person, date, end_date, category, hours, domain, supervised, paid, topic, provider, verified_by, note)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
const text = (v) => (v === '' ? null : v);
const flag = (v) => (v === '' ? null : /^(yes|y|true|t|1)$/i.test(v) ? 1 : 0);

const COLUMNS = ['entry_id', 'person_id', 'date', 'end_date', 'category', 'hours', 'domain', 'supervised', 'paid', 'topic', 'provider', 'verified_by', 'note'];
let at = null; // column positions in the file
let rows = 0;
db.exec('BEGIN');
for await (const r of fs.createReadStream(file).pipe(parse({ bom: true }))) {
  if (!at) {
    at = COLUMNS.map((c) => r.indexOf(c));
    continue;
  }
  const c = at.map((i) => (i < 0 ? '' : r[i]));
  insert.run(text(c[0]), people.get(c[1]), c[2], text(c[3]), c[4], Number(c[5]), text(c[6]), flag(c[7]), flag(c[8]), text(c[9]), text(c[10]), text(c[11]), text(c[12]));
  rows++;
}
db.exec('COMMIT');
db.close();
process.stdout.write(`${JSON.stringify({ rows, seconds: Number(process.hrtime.bigint() - t0) / 1e9 })}\n`);
