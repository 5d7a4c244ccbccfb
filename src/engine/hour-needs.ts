// Which hours entries a computation needs, so the store can leave the rest unread: hours are
// most of the data (1,000,000 rows), and reminders only need CEU hours for most people.
import type { Requirement, RulePack } from '../schemas/rules.js';
import { credentialOn, currentRecords } from './credentials.js';
import { addDays, windowStart } from './dates.js';
import type { PersonFacts } from './facts.js';
import type { PackIndex } from './pack-index.js';
import { statusOn } from './renewal.js';
import { PACE_DAYS } from './types.js';

/** The hours categories counted anywhere in these requirements. */
export function hourCategories(reqs: readonly Requirement[], into = new Set<string>()): Set<string> {
  for (const r of reqs) {
    if (r.type === 'hours') into.add(r.category);
    else if (r.type === 'all_of' || r.type === 'any_of') hourCategories(r.requirements, into);
  }
  return into;
}

const TABLE_OF: Partial<Record<Requirement['type'], string>> = {
  exam: 'exams', credential: 'credentials', experience: 'positions', screening: 'screenings', performance: 'evaluations', approval: 'approvals',
};

/** The records besides the person and hours these requirements read (a check of CRSS reads no evaluations). */
export function factTables(reqs: readonly Requirement[], into = new Set<string>()): Set<string> {
  for (const r of reqs) {
    const table = TABLE_OF[r.type];
    if (table) into.add(table);
    if (r.type === 'all_of' || r.type === 'any_of') factTables(r.requirements, into);
  }
  return into;
}

/** Categories the pack's progressions count (none in the default pack). */
export function progressionHourCategories(index: PackIndex): string[] {
  const out = new Set<string>();
  for (const p of index.progressions) hourCategories(p.requirements, out);
  return [...out];
}

const heldOn = (p: PersonFacts['positions'][number], date: string) => p.start <= date && (p.end === null || p.end >= date);

/** What a held position makes reminders read: of its deadline requirements and the progressions from it. */
interface PositionNeeds { tables: Set<string>; hours: boolean }

/** Per pack and position code (and rule version): worked out once, not per person. */
const positionNeeds = new WeakMap<PackIndex, Map<string, PositionNeeds>>();

function needsOfPosition(index: PackIndex, code: string, asOf: string): PositionNeeds {
  const rule = index.positionOn(code, asOf);
  let byCode = positionNeeds.get(index);
  if (!byCode) positionNeeds.set(index, (byCode = new Map()));
  const key = `${code}\u0000${rule?.effective_from ?? ''}`;
  let needs = byCode.get(key);
  if (!needs) {
    const deadlines = rule ? rule.requirements.filter((r) => r.deadline) : [];
    const tables = factTables(deadlines);
    let hours = hourCategories(deadlines).size > 0;
    for (const g of index.progressions) {
      if (g.from !== code) continue;
      factTables(g.requirements, tables);
      hours ||= hourCategories(g.requirements).size > 0;
    }
    byCode.set(key, (needs = { tables, hours }));
  }
  return needs;
}

/**
 * Whether reminders for this person need more than CEU hours: a provisional certificate (what
 * converts it counts hours), a held position whose deadline requirement counts hours, or a
 * progression from a held position that counts hours.
 */
export function needsAllHours(index: PackIndex, f: PersonFacts, asOf: string): boolean {
  for (const c of currentRecords(f.credentials, asOf)) if (c.status === 'provisional' && index.credentialOn(c.code, asOf)?.provisional) return true;
  for (const p of f.positions) if (heldOn(p, asOf) && needsOfPosition(index, p.position, asOf).hours) return true;
  return false;
}

/** The records reminders read of everyone: what is held, what job, what screenings. */
export const REMINDER_BASE_TABLES = ['credentials', 'positions', 'screenings'] as const;

/**
 * The records a person's reminders read through rules: those the rules of a provisional
 * credential, a held position's deadline requirements, or a progression from a held position
 * look at — trainees' evaluations, not everyone's.
 */
export function reminderTables(index: PackIndex, f: PersonFacts, asOf: string): Set<string> {
  const tables = new Set<string>();
  for (const c of currentRecords(f.credentials, asOf)) {
    if (c.status !== 'provisional') continue;
    const rule = index.credentialOn(c.code, asOf);
    if (rule?.provisional) factTables(rule.requirements, tables);
  }
  for (const p of f.positions) if (heldOn(p, asOf)) for (const t of needsOfPosition(index, p.position, asOf).tables) tables.add(t);
  return tables;
}

/** The hours entries a person's computation reads: from `since` on, of `categories` (all when absent). */
export interface HoursNeed { since: string; categories?: readonly string[] }

const CEU = ['ceu'] as const;

/**
 * What reminders read of a person's hours: everything for the few who need more than CEU
 * hours, else the CEU hours from the earliest current cycle of an active renewable credential.
 */
export function reminderHoursNeed(index: PackIndex, f: PersonFacts, asOf: string): HoursNeed | null {
  if (needsAllHours(index, f, asOf)) return { since: '0000-01-01' };
  let since: string | null = null;
  for (const c of currentRecords(f.credentials, asOf)) {
    if (c.issued_on > asOf || statusOn(c, asOf) !== 'active' || !index.credentialOn(c.code, asOf)?.renewal?.ceu_hours) continue;
    // The cycle as it stood on as-of: before a renewal recorded later, the earlier cycle.
    const start = credentialOn(c, asOf).cycle_start;
    if (since === null || start < since) since = start;
  }
  return since === null ? null : { since, categories: CEU };
}

/**
 * What tells hours entries apart when rules are evaluated as of `asOf` (check, progressions):
 * an `hours` requirement compares an entry's date only with these boundaries (the start of the
 * pace window and of each `within` window) — except inside a `within` window, where the projected
 * date needs each entry's own date (CategoryKey.dated) —, its end only with as-of, and otherwise looks at
 * its category and, only where some requirement on that category asks, its domain, supervised
 * and paid flags and whether its topic (lower case) is one it excludes. Entries alike in all of
 * these may be summed into one entry (hours: the sum, date: the earliest, end: the latest)
 * without changing any result, so the store can aggregate a whole population's hours in SQL
 * instead of shipping every row; categories no requirement counts are not read at all.
 */
export interface HoursSummaryKey {
  asOf: string;
  /** Ascending, distinct: an entry is on one side or the other of each. */
  boundaries: string[];
  /** Excluded topics, lower case. */
  topics: string[];
  /** The categories counted, each with the fields that tell its entries apart (in category order). */
  categories: CategoryKey[];
}

export interface CategoryKey {
  category: string; domain: boolean; supervised: boolean; paid: boolean; topic: boolean;
  /**
   * Entries dated on or after this day keep their own date (null: none do): the start of the
   * widest `within` window of a requirement on the category. Each leaves the window on its own
   * day, which the projected date of an unmet requirement looks at.
   */
  dated: string | null;
}

/** The summary key of the requirements of `rules` (default: every rule and progression of the pack). */
export function hoursSummaryKey(pack: RulePack, asOf: string, rules?: readonly { requirements: readonly Requirement[] }[]): HoursSummaryKey {
  const boundaries = new Set<string>([addDays(asOf, -(PACE_DAYS - 1))]);
  const topics = new Set<string>();
  const categories = new Map<string, CategoryKey>();
  const walk = (reqs: readonly Requirement[]) => {
    for (const r of reqs) {
      if (r.type === 'hours') {
        let c = categories.get(r.category);
        if (!c) categories.set(r.category, (c = { category: r.category, domain: false, supervised: false, paid: false, topic: false, dated: null }));
        c.domain ||= r.domains !== undefined || r.parts !== undefined;
        c.supervised ||= r.supervised !== undefined;
        c.paid ||= r.paid !== undefined;
        c.topic ||= (r.exclude_topics?.length ?? 0) > 0;
        if (r.within) {
          const start = windowStart(asOf, r.within);
          boundaries.add(start);
          if (c.dated === null || start < c.dated) c.dated = start;
        }
        for (const t of r.exclude_topics ?? []) topics.add(t.toLowerCase());
      } else if (r.type === 'all_of' || r.type === 'any_of') walk(r.requirements);
    }
  };
  for (const rule of rules ?? [...pack.credentials, ...pack.qualifications, ...pack.positions, ...pack.progressions]) walk(rule.requirements);
  return {
    asOf, boundaries: [...boundaries].sort(), topics: [...topics].sort(),
    categories: [...categories.values()].sort((a, b) => (a.category < b.category ? -1 : a.category > b.category ? 1 : 0)),
  };
}
