// Numbered, append-only schema migrations. Migration N brings the database to
// `PRAGMA user_version = N`. Never edit a shipped migration: add the next one.
import { CATEGORIES, CREDENTIAL_STATUSES, DOMAINS, EDUCATION, FIELDS, PERSON_STATUSES, RATINGS, RESULTS, SCREENING_TYPES } from '../schemas/vocabulary.js';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
const date = (col: string, nullable = true) =>
  nullable ? `${col} TEXT CHECK (${col} IS NULL OR date(${col}) IS ${col})` : `${col} TEXT NOT NULL CHECK (date(${col}) IS ${col})`;
const flag = (col: string) => `${col} INTEGER CHECK (${col} IN (0, 1))`;
const batch = 'batch_id INTEGER REFERENCES import_batches(id)';

export const MIGRATIONS: string[] = [
  // 1: the records of SPEC §3.
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

  CREATE TABLE import_batches (
    id INTEGER PRIMARY KEY,
    file TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('people', 'positions', 'hours', 'exams', 'credentials', 'evaluations', 'screenings')),
    format TEXT NOT NULL CHECK (format IN ('csv', 'json', 'ndjson')),
    read INTEGER NOT NULL DEFAULT 0 CHECK (read >= 0),
    added INTEGER NOT NULL DEFAULT 0 CHECK (added >= 0),
    updated INTEGER NOT NULL DEFAULT 0 CHECK (updated >= 0),
    unchanged INTEGER NOT NULL DEFAULT 0 CHECK (unchanged >= 0),
    rejected INTEGER NOT NULL DEFAULT 0 CHECK (rejected >= 0),
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    undone_at TEXT,
    undone_by TEXT
  ) STRICT;

  CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    person_id TEXT NOT NULL UNIQUE
      CHECK (length(person_id) BETWEEN 1 AND 64 AND person_id NOT GLOB '*[^A-Za-z0-9._-]*'),
    first_name TEXT,
    last_name TEXT,
    email TEXT,
    ${date('birth_date')},
    education TEXT CHECK (education IN (${list(EDUCATION)})),
    ${date('hire_date')},
    site TEXT,
    supervisor_id TEXT,
    ${flag('lived_experience')},
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN (${list(PERSON_STATUSES)})),
    ${batch}
  ) STRICT;
  CREATE INDEX people_site ON people(site);
  CREATE INDEX people_supervisor ON people(supervisor_id);

  CREATE TABLE positions (
    id INTEGER PRIMARY KEY,
    person INTEGER NOT NULL REFERENCES people(id),
    position TEXT NOT NULL,
    ${date('start_date', false)},
    ${date('end_date')},
    field TEXT CHECK (field IN (${list(FIELDS)})),
    ${flag('supervised')},
    ${batch},
    CHECK (end_date IS NULL OR end_date >= start_date),
    UNIQUE (person, position, start_date)
  ) STRICT;

  CREATE TABLE hours (
    id INTEGER PRIMARY KEY,
    person INTEGER NOT NULL REFERENCES people(id),
    entry_id TEXT UNIQUE,
    ${date('date', false)},
    ${date('end_date')},
    category TEXT NOT NULL CHECK (category IN (${list(CATEGORIES)})),
    hours REAL NOT NULL CHECK (hours > 0 AND hours <= 24 * (julianday(coalesce(end_date, date)) - julianday(date) + 1)),
    domain TEXT CHECK (domain IN (${list(DOMAINS)})),
    ${flag('supervised')},
    ${flag('paid')},
    topic TEXT,
    provider TEXT,
    verified_by TEXT,
    note TEXT,
    ${batch},
    CHECK (end_date IS NULL OR end_date >= date)
  ) STRICT;
  CREATE INDEX hours_person ON hours(person, date);
  -- Entries without a source id are keyed by their content (SPEC §5 import).
  CREATE UNIQUE INDEX hours_content ON hours(person, date, ifnull(end_date, ''), category, hours, ifnull(domain, ''))
    WHERE entry_id IS NULL;
  CREATE INDEX hours_batch ON hours(batch_id) WHERE batch_id IS NOT NULL;

  CREATE TABLE exams (
    id INTEGER PRIMARY KEY,
    person INTEGER NOT NULL REFERENCES people(id),
    exam TEXT NOT NULL,
    ${date('date', false)},
    result TEXT NOT NULL CHECK (result IN (${list(RESULTS)})),
    score REAL CHECK (score IS NULL OR score >= 0),
    ${batch},
    UNIQUE (person, exam, date)
  ) STRICT;

  CREATE TABLE credentials (
    id INTEGER PRIMARY KEY,
    person INTEGER NOT NULL REFERENCES people(id),
    code TEXT NOT NULL,
    number TEXT,
    ${date('issued_on', false)},
    ${date('expires_on')},
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN (${list(CREDENTIAL_STATUSES)})),
    ${date('status_on')},
    ${date('cycle_start', false)},
    ${batch},
    CHECK (expires_on IS NULL OR expires_on >= issued_on),
    CHECK (cycle_start >= issued_on),
    UNIQUE (person, code, issued_on)
  ) STRICT;

  CREATE TABLE credential_renewals (
    id INTEGER PRIMARY KEY,
    credential INTEGER NOT NULL REFERENCES credentials(id),
    ${date('renewed_on', false)},
    ${date('cycle_start', false)},
    ${date('expires_on')},
    ${date('previous_cycle_start', false)},
    ${date('previous_expires_on')}
  ) STRICT;

  CREATE TABLE evaluations (
    id INTEGER PRIMARY KEY,
    person INTEGER NOT NULL REFERENCES people(id),
    ${date('date', false)},
    rating TEXT NOT NULL CHECK (rating IN (${list(RATINGS)})),
    evaluator TEXT,
    note TEXT,
    ${batch}
  ) STRICT;
  CREATE UNIQUE INDEX evaluations_key ON evaluations(person, date, ifnull(evaluator, ''));

  CREATE TABLE screenings (
    id INTEGER PRIMARY KEY,
    person INTEGER NOT NULL REFERENCES people(id),
    type TEXT NOT NULL CHECK (type IN (${list(SCREENING_TYPES)})),
    ${date('date', false)},
    result TEXT NOT NULL CHECK (result IN (${list(RESULTS)})),
    ${date('expires_on')},
    ${batch},
    CHECK (expires_on IS NULL OR expires_on >= date),
    UNIQUE (person, type, date)
  ) STRICT;

  CREATE TABLE approvals (
    id INTEGER PRIMARY KEY,
    person INTEGER NOT NULL REFERENCES people(id),
    progression TEXT NOT NULL,
    ${date('date', false)},
    approved_by TEXT NOT NULL,
    UNIQUE (person, progression)
  ) STRICT;

  -- What an import changed (rather than added), so undo can restore it.
  CREATE TABLE batch_changes (
    batch_id INTEGER NOT NULL REFERENCES import_batches(id),
    table_name TEXT NOT NULL,
    row_id INTEGER NOT NULL,
    before TEXT NOT NULL,
    PRIMARY KEY (batch_id, table_name, row_id)
  ) STRICT;

  CREATE TABLE reminders_sent (
    key TEXT NOT NULL,
    threshold INTEGER NOT NULL,
    sent_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    PRIMARY KEY (key, threshold)
  ) STRICT;

  CREATE TABLE rule_packs (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    source TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    content TEXT NOT NULL CHECK (json_valid(content)),
    loaded_at TEXT NOT NULL,
    actor TEXT NOT NULL
  ) STRICT;

  CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    command TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('add', 'change', 'remove')),
    record_type TEXT NOT NULL,
    record_key TEXT NOT NULL,
    person_id TEXT,
    batch_id INTEGER,
    before TEXT CHECK (before IS NULL OR json_valid(before)),
    after TEXT CHECK (after IS NULL OR json_valid(after))
  ) STRICT;
  CREATE INDEX audit_person ON audit(person_id, at);
  CREATE INDEX audit_at ON audit(at);
  `,

  // 2: a covering index in the order of the hours summary (store/facts.ts): check and
  // progressions sum a whole population's hours per person and kind of entry in SQL, reading
  // the index alone; reminders read a person's CEU entries as one range of it.
  `
  CREATE INDEX hours_summary ON hours(person, category, domain, supervised, paid, topic, date, end_date, hours);
  `,

  // 3: a credential's renewals, read with it so that a check as of an earlier date sees the
  // cycle and expiry in force then (store/facts.ts).
  `
  CREATE INDEX credential_renewals_credential ON credential_renewals(credential, renewed_on);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
