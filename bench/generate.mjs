#!/usr/bin/env node
// The one synthetic-workforce generator of the benches: deterministic (seeded PRNG, each
// person drawn from their own stream), realistic enough to exercise every rule of the
// default pack, written as import CSVs (SPEC §5 columns) and/or straight into a database.
//
//   node bench/generate.mjs [--people 100000] [--entries-per-person 10] [--seed 1]
//                           [--csv bench/data] [--db bench/data/bench.db] [--people-only]
//
// --csv DIR   writes people.csv, positions.csv, hours.csv, exams.csv, credentials.csv,
//             evaluations.csv, screenings.csv (importable with `credtrack import F --type T`)
//             and approvals.csv (not an import type: `credtrack approve` records approvals).
// --db FILE   creates FILE with `bin/credtrack init` (the real schema and default pack), then
//             inserts everything with prepared statements in one transaction: the rows an
//             import of the CSVs would write (credentials: cycle_start = issued_on), plus the
//             approvals. --people-only writes only the people (the start of an import bench).
// Without --csv or --db, writes the CSVs to bench/data.
//
// Hours: people × entries-per-person entries exactly, dated in the five years before
// 2026-11-22 (2021-11-23 … 2026-11-21, so `import` accepts them on any later day), spread
// by tenure and a per-person activity level. Work mostly (biweekly timesheet periods and
// single days), then CEU, training and supervision with domains and topics. A person's
// single-day entries hold at most 24 hours a day (an import refuses more).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const AS_OF = '2026-11-22';
const DAY = 86_400_000;
const dayOf = (iso) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY;
const iso = (n) => new Date(n * DAY).toISOString().slice(0, 10);
const LAST = dayOf(AS_OF) - 1;
const FIRST = dayOf('2021-11-23');
const addYears = (n, y) => { const d = new Date(n * DAY); d.setUTCFullYear(d.getUTCFullYear() + y); return Math.round(d.getTime() / DAY); };
const addMonths = (n, m) => { const d = new Date(n * DAY); const day = d.getUTCDate(); d.setUTCDate(1); d.setUTCMonth(d.getUTCMonth() + m);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate(); d.setUTCDate(Math.min(day, last)); return Math.round(d.getTime() / DAY); };

// ---- randomness: splitmix32 seeds an sfc32 stream per (seed, person, purpose) ----
function splitmix(a) {
  return () => {
    a = (a + 0x9e3779b9) | 0;
    let t = a ^ (a >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    return ((t ^ (t >>> 15)) >>> 0);
  };
}
function stream(seed, person, purpose) {
  const s = splitmix((seed * 0x51ed27 + person * 0x2c1b3c6d + purpose * 0x297a2d39) | 0);
  let a = s(), b = s(), c = s(), d = s();
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  const r = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)],
    /** Picks from [[value, weight], ...]. */
    weighted: (pairs) => {
      let total = 0;
      for (const [, w] of pairs) total += w;
      let x = next() * total;
      for (const [v, w] of pairs) if ((x -= w) < 0) return v;
      return pairs[pairs.length - 1][0];
    },
    normal: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
  };
  return r;
}

// ---- vocabularies ----
const FIRST_NAMES = ['Ana', 'Lee', 'Sam', 'Maria', 'James', 'Aisha', 'Chen', 'Olivia', 'Mateo', 'Grace', 'Noah', 'Fatima', 'Diego', 'Hannah', 'Kwame',
  'Priya', 'Lucas', 'Emma', 'Omar', 'Sofia', 'Jamal', 'Mei', 'Carlos', 'Zoe', 'Ivan', 'Nia', 'Ethan', 'Leila', 'Tomas', 'Ruth', 'Andre', 'Yuki'];
const LAST_NAMES = ['Diaz', 'Park', 'Smith', 'Johnson', 'Nguyen', 'Garcia', 'Brown', 'Okafor', 'Kowalski', 'Chen', 'Patel', 'Lopez', 'Miller', 'Davis',
  'Wilson', 'Martinez', 'Anderson', 'Thomas', 'Hernandez', 'Moore', 'Jackson', 'White', 'Harris', 'Clark', 'Lewis', 'Young', 'Walker', 'Hall'];
const SITES = ['Springfield', 'Chicago North', 'Chicago South', 'Peoria', 'Hartford', 'New Haven', 'Bridgeport', 'Austin', 'Houston', 'Dallas',
  'El Paso', 'Los Angeles', 'Pomona', 'Claremont', 'Sacramento', 'Fresno', 'Rockford', 'Waterbury', 'San Antonio', 'Oakland'];
const CRSS_DOMAINS = ['advocacy', 'professional_responsibility', 'mentoring', 'recovery_support'];
const DOMAINS = [...CRSS_DOMAINS, 'ethics', 'core_functions'];
const COURSES = ['Motivational interviewing', 'Ethics in peer work', 'Trauma-informed care', 'Recovery planning', 'Cultural humility',
  'Boundaries and self-care', 'Crisis de-escalation', 'Documentation basics', 'Harm reduction', 'WRAP facilitation'];
const PROVIDERS = ['ICB', 'DMHAS Training Unit', 'Via Hope', 'CalMHSA', 'Local 12 Learning Center', 'Recovery University'];
const OTHER_POSITIONS = ['PEER-COACH', 'CASE-AIDE', 'RECOVERY-COACH', 'MH-TECH'];

/** Everything decided about a person before their records: used for the hours allotment too. */
function profile(seed, i) {
  const r = stream(seed, i, 1);
  const track = r.weighted([['CT', 30], ['CA', 25], ['TX', 20], ['IL', 25]]);
  const hire = r.chance(0.25) ? r.int(dayOf('2012-01-01'), FIRST) : r.int(FIRST, dayOf('2026-10-31'));
  const inactive = r.chance(0.08);
  const leave = inactive ? Math.min(LAST, r.int(hire + 90, Math.max(hire + 91, LAST))) : null;
  const from = Math.max(FIRST, hire - 180); // volunteer hours before hire count too
  const to = leave ?? LAST;
  const activity = Math.exp(0.6 * r.normal());
  return { track, hire, inactive, leave, from, to, weight: Math.max(1, to - from + 1) * activity };
}

function quote(v) {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
const yn = (b) => (b === null || b === undefined ? null : b ? 'yes' : 'no');

/** SPEC §5 import columns, in order, and how a generated record fills them. */
export const CSV_COLUMNS = {
  people: ['person_id', 'first_name', 'last_name', 'email', 'birth_date', 'education', 'hire_date', 'site', 'supervisor_id', 'lived_experience', 'status'],
  positions: ['person_id', 'position', 'start_date', 'end_date', 'field', 'supervised'],
  hours: ['entry_id', 'person_id', 'date', 'end_date', 'category', 'hours', 'domain', 'supervised', 'paid', 'topic', 'provider', 'verified_by', 'note'],
  exams: ['person_id', 'exam', 'date', 'result', 'score'],
  credentials: ['person_id', 'credential', 'number', 'issued_on', 'expires_on', 'status'],
  evaluations: ['person_id', 'date', 'rating', 'evaluator', 'note'],
  screenings: ['person_id', 'type', 'date', 'result', 'expires_on'],
  approvals: ['person_id', 'progression', 'date', 'approved_by'],
};

/**
 * The people, one at a time: { person, positions, hours, exams, credentials, evaluations,
 * screenings, approvals }, records as plain objects keyed by CSV column (booleans as booleans).
 */
export function* workforce({ people = 100_000, entriesPerPerson = 10, seed = 1 } = {}) {
  const width = Math.max(6, String(people).length);
  const pid = (i) => `P${String(i + 1).padStart(width, '0')}`;
  // Exact total: each person's share of people × entriesPerPerson by cumulative weight.
  const weights = new Float64Array(people);
  let total = 0;
  for (let i = 0; i < people; i++) total += (weights[i] = profile(seed, i).weight);
  const target = Math.round(people * entriesPerPerson);
  let cum = 0, allotted = 0, entrySeq = 0;

  for (let i = 0; i < people; i++) {
    const pr = profile(seed, i);
    cum += weights[i];
    const upto = i === people - 1 ? target : Math.floor((target * cum) / total);
    const count = upto - allotted;
    allotted = upto;
    const r = stream(seed, i, 2);
    const id = pid(i);
    const first = r.pick(FIRST_NAMES), last = r.pick(LAST_NAMES);
    const supervisorIdx = Math.floor(i / 12) * 12; // every 12th person supervises the next 11
    const person = {
      person_id: id, first_name: first, last_name: last,
      email: r.chance(0.95) ? `${first}.${last}.${i + 1}@example.org`.toLowerCase() : null,
      birth_date: r.chance(0.9) ? iso(r.int(dayOf('1958-01-01'), dayOf('2005-11-01'))) : null,
      education: r.chance(0.97) ? r.weighted([['high_school', 40], ['ged', 15], ['associate', 18], ['bachelor', 18], ['master', 5], ['none', 4]]) : null,
      hire_date: iso(pr.hire), site: r.pick(SITES), supervisor_id: supervisorIdx === i ? null : pid(supervisorIdx),
      lived_experience: r.chance(0.97) ? r.chance(0.9) : null, status: pr.inactive ? 'inactive' : 'active',
    };
    const end = pr.leave;
    const rec = { person, positions: [], hours: [], exams: [], credentials: [], evaluations: [], screenings: [], approvals: [] };

    // Positions: a job class per track, sometimes a promotion, sometimes an earlier job elsewhere.
    const pos = (position, start, stop, field, supervised) =>
      rec.positions.push({ person_id: id, position, start_date: iso(start), end_date: stop === null ? null : iso(stop), field, supervised });
    if (r.chance(0.25)) {
      const s = pr.hire - r.int(400, 2500);
      pos(r.pick(OTHER_POSITIONS), s, pr.hire - r.int(1, 200), r.pick(['mental_health', 'human_services', 'substance_use']), r.chance(0.7));
    }
    let inToClass = false;
    if (pr.track === 'CT') {
      const field = r.chance(0.6) ? 'substance_use' : 'mental_health';
      const promoted = r.chance(0.55) ? addMonths(pr.hire, r.int(6, 14)) : null;
      if (promoted !== null && promoted <= (end ?? LAST)) {
        pos('RSS-TRAINEE', pr.hire, promoted - 1, field, true);
        pos('RSS', promoted, end, field, true);
      } else pos('RSS-TRAINEE', pr.hire, end, field, true);
    } else if (pr.track === 'CA') {
      const promoted = r.chance(0.4) ? addMonths(pr.hire, r.int(24, 40)) : null;
      if (promoted !== null && promoted <= (end ?? LAST)) {
        pos('PSS-I', pr.hire, promoted - 1, 'peer_support', true);
        pos('PSS-II', promoted, end, 'peer_support', true);
        inToClass = true;
      } else pos('PSS-I', pr.hire, end, 'peer_support', true);
    } else if (pr.track === 'TX') {
      pos('PSS', pr.hire, end, r.chance(0.5) ? 'peer_support' : 'mental_health', r.chance(0.8));
    } else {
      pos(r.pick(OTHER_POSITIONS), pr.hire, end, r.chance(0.7) ? 'mental_health' : 'human_services', r.chance(0.75));
    }

    // Hours entries, in date order.
    const supervisorName = `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`;
    const span = pr.to - pr.from + 1;
    const days = [];
    for (let k = 0; k < count; k++) days.push(pr.from + Math.floor(r.next() * span));
    days.sort((a, b) => a - b);
    const seen = new Set();
    const dayHours = new Map(); // single-day hours per day: at most 24 (an import refuses more)
    for (const d of days) {
      const category = r.weighted([['work', 58], ['ceu', 18], ['training', 12], ['supervision', 12]]);
      const h = { entry_id: null, person_id: id, date: null, end_date: null, category, hours: 0, domain: null, supervised: null, paid: null, topic: null, provider: null, verified_by: null, note: null };
      let date = d;
      if (category === 'work') {
        if (r.chance(0.65) && d + 13 <= LAST) {
          h.end_date = iso(d + 13);
          h.hours = r.int(60, 160) / 2; // 30 to 80 in half hours
        } else {
          h.hours = r.chance(0.85) ? r.int(8, 40) / 4 : r.int(10, 90) / 10; // some tenths: 1.3, 7.7
        }
        h.supervised = r.chance(0.8);
        h.paid = r.chance(0.95) ? r.chance(0.88) : null;
        if (pr.track === 'TX' && r.chance(0.06)) h.topic = 'Independent study';
        else if (r.chance(0.1)) h.topic = 'direct service';
      } else if (category === 'supervision') {
        h.hours = r.int(2, 6) / 2;
        h.domain = r.weighted([[CRSS_DOMAINS[0], 25], [CRSS_DOMAINS[1], 22], [CRSS_DOMAINS[2], 22], [CRSS_DOMAINS[3], 21], ['ethics', 5], ['core_functions', 5]]);
      } else {
        const training = category === 'training';
        h.hours = training ? r.pick([1, 1.5, 2, 3, 4, 6, 7.5, 8, 8, 19.5]) : r.chance(0.9) ? r.int(2, 12) / 2 : r.int(5, 40) / 10;
        h.domain = r.chance(0.93) ? r.weighted([[DOMAINS[0], 14], [DOMAINS[1], 12], [DOMAINS[2], 12], [DOMAINS[3], 14], ['ethics', 14], ['core_functions', 34]]) : null;
        h.topic = training && pr.track === 'TX' && r.chance(0.3) ? r.pick(['Core training', 'core training', 'CORE TRAINING']) : r.chance(0.8) ? r.pick(COURSES) : null;
        h.provider = r.chance(0.7) ? r.pick(PROVIDERS) : null;
      }
      // A single-day entry that would take its day over 24 hours goes to the nearest earlier day it fits.
      if (h.end_date === null) while ((dayHours.get(date) ?? 0) + h.hours > 24) date--;
      if (h.end_date === null) dayHours.set(date, (dayHours.get(date) ?? 0) + h.hours);
      h.date = iso(date);
      if (r.chance(0.5)) h.verified_by = supervisorName;
      if (r.chance(0.02)) h.note = r.pick(['late entry', 'make-up session', 'approved by site lead', 'corrected, see ticket']);
      if (r.chance(0.92)) h.entry_id = `T${String(++entrySeq).padStart(8, '0')}`;
      else {
        // Rows without a source id are keyed by their content: keep those unique.
        const key = `${h.date}|${h.end_date}|${h.category}|${h.hours}|${h.domain}`;
        if (seen.has(key)) h.entry_id = `T${String(++entrySeq).padStart(8, '0')}`;
        else seen.add(key);
      }
      rec.hours.push(h);
    }

    // Exams and credentials.
    const used = new Set();
    const uniqueDay = (key, d) => { while (used.has(`${key}|${d}`)) d--; used.add(`${key}|${d}`); return d; };
    const examDay = () => Math.min(LAST, r.int(pr.hire - 120, Math.max(pr.hire - 119, LAST - 20)));
    const exam = (code) => {
      let d = uniqueDay(code, examDay());
      if (r.chance(0.12)) {
        rec.exams.push({ person_id: id, exam: code, date: iso(d), result: 'fail', score: r.int(40, 69) });
        if (r.chance(0.3)) return null;
        d = uniqueDay(code, Math.min(LAST, d + r.int(30, 120)));
      }
      rec.exams.push({ person_id: id, exam: code, date: iso(d), result: 'pass', score: r.chance(0.8) ? r.int(70, 100) : null });
      return d;
    };
    const grant = (code, issued, cycleYears, { provisional = null, expires = 'mixed' } = {}) => {
      issued = uniqueDay(`cred-${code}`, Math.min(issued, LAST));
      let status = provisional ? 'provisional' : r.weighted([['active', 93], ['lapsed', 5], ['revoked', 1.5]]);
      let exp = null;
      if (provisional) exp = r.chance(0.7) ? provisional - 1 : null;
      else if (cycleYears && (expires === 'always' || r.chance(0.5))) exp = addYears(issued, cycleYears) - 1;
      rec.credentials.push({ person_id: id, credential: code, number: r.chance(0.9) ? `${code.slice(0, 2)}-${r.int(10000, 99999)}` : null,
        issued_on: iso(issued), expires_on: exp === null ? null : iso(exp), status });
      // A re-grant after a cycle: the later record replaces the earlier one.
      if (!provisional && cycleYears && status === 'active' && r.chance(0.4) && addYears(issued, cycleYears) <= LAST) {
        grant(code, addYears(issued, cycleYears), cycleYears, { expires });
      }
      return status;
    };
    const issueDay = (after) => Math.min(LAST, r.int(after, Math.max(after + 1, LAST)));
    if (pr.track === 'IL' || (pr.track === 'CT' && r.chance(0.35))) {
      const passed = r.chance(0.6) ? exam('CRSS') : null;
      if (passed !== null && r.chance(0.8)) grant('CRSS', issueDay(passed + 14), 2);
    }
    if (pr.track === 'CT' && r.chance(0.6)) {
      const passed = exam('CPSRP');
      if (passed !== null && r.chance(0.85)) {
        const issued = issueDay(passed + 7);
        const provisional = issued > LAST - 365 && r.chance(0.7) ? addYears(issued, 1) : null;
        grant('CPSRP', issued, 1, { provisional });
      }
    }
    if (pr.track === 'CA' || (pr.track === 'IL' && r.chance(0.05))) {
      const passed = r.chance(0.85) ? exam('CMPSS') : null;
      if (passed !== null && r.chance(0.9)) grant('CMPSS', issueDay(passed + 10), 2);
    }
    if (pr.track === 'TX' && r.chance(0.75)) {
      const issued = issueDay(pr.hire + r.int(30, 300));
      const provisional = issued > LAST - 182 && r.chance(0.75) ? addMonths(issued, 6) : null;
      grant('CPS', issued, 2, { provisional });
    }
    if (pr.track === 'TX' ? r.chance(0.92) : r.chance(0.25)) {
      const issued = r.int(LAST - 8 * 365, LAST - 30);
      rec.credentials.push({ person_id: id, credential: 'DRIVER_LICENSE', number: `D${r.int(1000000, 9999999)}`, issued_on: iso(issued),
        expires_on: iso(addYears(issued, r.pick([4, 5, 6, 8]))), status: 'active' });
    }

    // Evaluations: after three months, then yearly; a few unsatisfactory.
    const evaluator = `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`;
    for (let d = addMonths(pr.hire, 3), k = 0; d <= (end ?? LAST) && k < 8; d = addYears(d, 1), k++) {
      if (d < LAST - 4 * 365 && r.chance(0.7)) continue;
      rec.evaluations.push({ person_id: id, date: iso(d), rating: r.chance(0.95) ? 'satisfactory' : 'unsatisfactory', evaluator,
        note: r.chance(0.1) ? 'see file' : null });
    }

    // Screenings: Texas positions need tb, background and drug; others often a tb test.
    if (pr.track === 'TX' || r.chance(0.3)) {
      let d = Math.max(pr.hire - r.int(5, 30), LAST - 6 * 365);
      for (let k = 0; d <= LAST && k < 6; k++, d = addYears(d, 1) + r.int(-20, 20)) {
        if (d < LAST - 3 * 365 && r.chance(0.5)) continue;
        const pass = r.chance(0.97);
        rec.screenings.push({ person_id: id, type: 'tb', date: iso(d), result: pass ? 'pass' : 'fail', expires_on: pass ? iso(addYears(d, 1) - 1) : null });
      }
    }
    if (pr.track === 'TX') {
      const d = Math.min(LAST, pr.hire - r.int(5, 40));
      rec.screenings.push({ person_id: id, type: 'background', date: iso(d), result: r.chance(0.98) ? 'pass' : 'fail', expires_on: null });
      rec.screenings.push({ person_id: id, type: 'drug', date: iso(d + 1), result: r.chance(0.97) ? 'pass' : 'fail', expires_on: r.chance(0.3) ? iso(addYears(d + 1, 2)) : null });
    }

    // Approvals of PSS-I → PSS-II for some long-serving PSS-I.
    if (pr.track === 'CA' && !inToClass && pr.hire < LAST - 700 && r.chance(0.4)) {
      rec.approvals.push({ person_id: id, progression: 'pss-i-to-ii', date: iso(r.int(pr.hire + 600, LAST)), approved_by: evaluator });
    }
    yield rec;
  }
}

const TYPES = Object.keys(CSV_COLUMNS);

/** Writes one CSV per type into `dir`; returns the row count of each. */
export function writeCsvs(dir, opts) {
  fs.mkdirSync(dir, { recursive: true });
  const files = {}, counts = {};
  for (const t of TYPES) {
    files[t] = { fd: fs.openSync(path.join(dir, `${t}.csv`), 'w'), buf: `${CSV_COLUMNS[t].join(',')}\n` };
    counts[t] = 0;
  }
  const cell = (v) => (typeof v === 'boolean' ? yn(v) : v);
  for (const rec of workforce(opts)) {
    for (const t of TYPES) {
      const rows = t === 'people' ? [rec.person] : rec[t];
      const f = files[t];
      for (const row of rows) {
        f.buf += `${CSV_COLUMNS[t].map((c) => quote(cell(row[c]))).join(',')}\n`;
        counts[t]++;
      }
      if (f.buf.length > 1 << 20) { fs.writeSync(f.fd, f.buf); f.buf = ''; }
    }
  }
  for (const t of TYPES) { fs.writeSync(files[t].fd, files[t].buf); fs.closeSync(files[t].fd); }
  return counts;
}

const BIN = path.resolve(import.meta.dirname, '..', 'bin', 'credtrack');
const b01 = (v) => (v === null || v === undefined ? null : v ? 1 : 0);

/** Creates `file` with `credtrack init`, then inserts the workforce in one transaction. */
export async function buildDb(file, opts = {}) {
  const { default: Database } = await import('better-sqlite3');
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  execFileSync(process.execPath, [BIN, 'init', '--db', file], { stdio: ['ignore', 'ignore', 'inherit'] });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const ins = (table, cols) => db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
  const st = {
    people: ins('people', ['person_id', 'first_name', 'last_name', 'email', 'birth_date', 'education', 'hire_date', 'site', 'supervisor_id', 'lived_experience', 'status']),
    positions: ins('positions', ['person', 'position', 'start_date', 'end_date', 'field', 'supervised']),
    hours: ins('hours', ['person', 'entry_id', 'date', 'end_date', 'category', 'hours', 'domain', 'supervised', 'paid', 'topic', 'provider', 'verified_by', 'note']),
    exams: ins('exams', ['person', 'exam', 'date', 'result', 'score']),
    credentials: ins('credentials', ['person', 'code', 'number', 'issued_on', 'expires_on', 'status', 'status_on', 'cycle_start']),
    evaluations: ins('evaluations', ['person', 'date', 'rating', 'evaluator', 'note']),
    screenings: ins('screenings', ['person', 'type', 'date', 'result', 'expires_on']),
    approvals: ins('approvals', ['person', 'progression', 'date', 'approved_by']),
  };
  const counts = Object.fromEntries(TYPES.map((t) => [t, 0]));
  db.transaction(() => {
    for (const rec of workforce(opts)) {
      const p = rec.person;
      const id = Number(st.people.run(p.person_id, p.first_name, p.last_name, p.email, p.birth_date, p.education, p.hire_date, p.site, p.supervisor_id, b01(p.lived_experience), p.status).lastInsertRowid);
      counts.people++;
      if (opts.peopleOnly) continue;
      for (const x of rec.positions) st.positions.run(id, x.position, x.start_date, x.end_date, x.field, b01(x.supervised));
      for (const h of rec.hours) st.hours.run(id, h.entry_id, h.date, h.end_date, h.category, h.hours, h.domain, b01(h.supervised), b01(h.paid), h.topic, h.provider, h.verified_by, h.note);
      for (const x of rec.exams) st.exams.run(id, x.exam, x.date, x.result, x.score);
      for (const x of rec.credentials) st.credentials.run(id, x.credential, x.number, x.issued_on, x.expires_on, x.status, null, x.issued_on);
      for (const x of rec.evaluations) st.evaluations.run(id, x.date, x.rating, x.evaluator, x.note);
      for (const x of rec.screenings) st.screenings.run(id, x.type, x.date, x.result, x.expires_on);
      for (const x of rec.approvals) st.approvals.run(id, x.progression, x.date, x.approved_by);
      for (const t of TYPES) if (t !== 'people') counts[t] += rec[t].length;
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('ANALYZE');
  db.close();
  return counts;
}

export function parseArgs(argv, spec) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    const name = a.slice(2);
    if (!(name in spec)) throw new Error(`unknown option ${a} (options: ${Object.keys(spec).map((k) => `--${k}`).join(' ')})`);
    if (spec[name] === 'flag') out[name] = true;
    else {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      out[name] = spec[name] === 'number' ? Number(v) : v;
      if (spec[name] === 'number' && !(Number.isFinite(out[name]) && out[name] >= 0)) throw new Error(`${a}: ${v} is not a number`);
    }
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('generate.mjs')) {
  let args;
  try {
    args = parseArgs(process.argv.slice(2), { people: 'number', 'entries-per-person': 'number', seed: 'number', csv: 'string', db: 'string', 'people-only': 'flag' });
  } catch (err) {
    process.stderr.write(`generate: ${err.message}\n`);
    process.exit(2);
  }
  const opts = { people: args.people ?? 100_000, entriesPerPerson: args['entries-per-person'] ?? 10, seed: args.seed ?? 1, peopleOnly: !!args['people-only'] };
  const csv = args.csv ?? (args.db ? undefined : path.resolve(import.meta.dirname, 'data'));
  const t0 = Date.now();
  if (csv) {
    const counts = writeCsvs(csv, opts);
    process.stderr.write(`wrote ${Object.entries(counts).map(([t, n]) => `${n} ${t}`).join(', ')} to ${csv} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
  }
  if (args.db) {
    const t1 = Date.now();
    const counts = await buildDb(args.db, opts);
    process.stderr.write(`built ${args.db}: ${Object.entries(counts).map(([t, n]) => `${n} ${t}`).join(', ')} (${((Date.now() - t1) / 1000).toFixed(1)} s)\n`);
  }
}
