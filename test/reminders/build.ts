// Builders of engine facts and options for the reminders/progressions tests.
import path from 'node:path';
import { emptyFacts, type PersonFacts, type PersonInfo } from '../../src/engine/facts.js';
import { PackIndex } from '../../src/engine/pack-index.js';
import { DEFAULT_THRESHOLDS, REMINDER_KINDS, type ReminderKind, type ReminderOptions } from '../../src/engine/reminders.js';
import { loadPackFile } from '../../src/services/rules.js';
import { ROOT } from '../helpers/cli.js';

export const pack = loadPackFile(path.join(ROOT, 'rules', 'default.yaml'));
export const index = new PackIndex(pack);
export const PAYROLL = { period_days: 14, anchor: '2026-01-02' };

export function person(id: string, extra: Partial<PersonInfo> = {}): PersonFacts {
  return emptyFacts({
    id, first_name: 'Test', last_name: id, email: `${id.toLowerCase()}@example.org`, birth_date: null, education: 'high_school',
    hire_date: '2024-01-01', site: 'North', supervisor_id: 'S1', lived_experience: true, status: 'active', ...extra,
  });
}

export function credential(code: string, issued_on: string, extra: Partial<PersonFacts['credentials'][number]> = {}): PersonFacts['credentials'][number] {
  return { code, number: null, issued_on, expires_on: null, status: 'active', status_on: null, cycle_start: issued_on, ...extra };
}

export function ceu(date: string, hours: number, domain: PersonFacts['hours'][number]['domain'] = null, end = date): PersonFacts['hours'][number] {
  return { date, end, category: 'ceu', hours, domain, supervised: null, paid: null, topic: null };
}

export function work(date: string, end: string, hours: number): PersonFacts['hours'][number] {
  return { date, end, category: 'work', hours, domain: null, supervised: true, paid: true, topic: null };
}

export function position(position: string, start: string, extra: Partial<PersonFacts['positions'][number]> = {}): PersonFacts['positions'][number] {
  return { position, start, end: null, field: null, supervised: null, ...extra };
}

export function options(asOf: string, extra: Partial<Omit<ReminderOptions, 'kinds'>> & { kinds?: ReminderKind[] } = {}): ReminderOptions {
  const { kinds, ...rest } = extra;
  return {
    asOf, within: 90, thresholds: DEFAULT_THRESHOLDS, payroll: PAYROLL, supervisorEmail: (id) => `${id.toLowerCase()}@example.org`,
    ...rest, kinds: new Set(kinds ?? REMINDER_KINDS),
  };
}
