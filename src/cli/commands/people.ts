// credtrack people add|edit|show|list.
import { InputError } from '../../errors.js';
import { PERSON_STATUSES, vocabularyReader } from '../../schemas/vocabulary.js';
import { type PersonChange, type PersonPatch, addPerson, editPerson, findPeople, personRecords } from '../../services/people.js';
import { withSession } from '../../services/session.js';
import { PERSON_FIELDS } from '../../store/people.js';
import { chosenFormat, writeCsv, writeJson, writeTable } from '../../render/output.js';
import { parseDateOption, type Context } from '../context.js';
import type { Opts } from '../main.js';

function patchFrom(o: Opts): PersonPatch {
  return {
    first_name: o.firstName, last_name: o.lastName, email: o.email, birth_date: o.birthDate, education: o.education,
    hire_date: o.hireDate, site: o.site, supervisor_id: o.supervisor, lived_experience: o.livedExperience, status: o.status,
  };
}

function report(ctx: Context, change: PersonChange): void {
  ctx.err(`credtrack: ${change.message}\n`);
  for (const w of change.warnings) ctx.err(`credtrack: warning: ${w}\n`);
}

export async function add(ctx: Context, [person]: [string], o: Opts): Promise<void> {
  report(ctx, await withSession(ctx, (s) => addPerson(s, person, patchFrom(o))));
}

export async function edit(ctx: Context, [person]: [string], o: Opts): Promise<void> {
  const clear = (o.clear as string[] | undefined) ?? [];
  for (const f of clear) {
    const field = f.replace(/-/g, '_') === 'supervisor' ? 'supervisor_id' : f.replace(/-/g, '_');
    if (!(PERSON_FIELDS as readonly string[]).includes(field) || field === 'status') {
      throw new InputError(`--clear: ${JSON.stringify(f)} is not a field that can be cleared`, `fields: ${PERSON_FIELDS.filter((x) => x !== 'status').join(', ')}`);
    }
  }
  report(ctx, await withSession(ctx, (s) => editPerson(s, person, patchFrom(o), clear.map((f) => (f === 'supervisor' ? 'supervisor_id' : f.replace(/-/g, '_'))))));
}

export async function show(ctx: Context, [person]: [string], o: Opts): Promise<void> {
  const doc = await withSession(ctx, (s) => personRecords(s, person));
  if (o.json) return writeJson(ctx, doc);
  const p = doc.person;
  ctx.out(`${p.person_id}  ${[p.first_name, p.last_name].filter(Boolean).join(' ')}\n`);
  for (const f of PERSON_FIELDS.filter((f) => !['first_name', 'last_name'].includes(f))) {
    const v = p[f];
    ctx.out(`  ${f.padEnd(17)} ${v === null ? '-' : typeof v === 'boolean' ? (v ? 'yes' : 'no') : v}\n`);
  }
  const sections: [string, Record<string, unknown>[]][] = [
    ['Positions', doc.positions], ['Credentials', doc.credentials], ['Exams', doc.exams],
    ['Evaluations', doc.evaluations], ['Screenings', doc.screenings], ['Approvals', doc.approvals],
  ];
  for (const [title, rows] of sections) {
    if (!rows.length) continue;
    ctx.out(`\n${title}\n`);
    await writeTable(ctx, Object.keys(rows[0]!), rows.map((r) => Object.values(r).map((v) => (typeof v === 'boolean' ? (v ? 'yes' : 'no') : v)) as never));
  }
  ctx.out(`\nHours by category\n`);
  await writeTable(ctx, ['category', 'entries', 'hours', 'first', 'last'], doc.hours_summary.map((h) => [h.category, h.entries, h.hours, h.first, h.last]));
}

const readStatus = vocabularyReader(PERSON_STATUSES);

export async function list(ctx: Context, _args: unknown[], o: Opts): Promise<void> {
  // As in imports and `people add`: any case (--status Inactive).
  const status = o.status === undefined ? undefined : readStatus(o.status);
  if (o.status !== undefined && status === undefined) {
    throw new InputError(`--status: ${JSON.stringify(o.status)} is not one of ${PERSON_STATUSES.join(', ')}`);
  }
  // --as-of dates the position held; without --position it would be ignored without a word.
  if (o.asOf !== undefined && o.position === undefined) {
    throw new InputError('--as-of: people list dates only --position (who held the position on that date)',
      `add --position (e.g. credtrack people list --position RSS-TRAINEE --as-of ${(o.asOf as string).trim()}), or leave --as-of out to list everyone on record`);
  }
  const people = await withSession(ctx, (s) => findPeople(s, { site: o.site, status, supervisor: o.supervisor, position: (o.position as string | undefined)?.trim(), asOf: parseDateOption(o.asOf, '--as-of') ?? ctx.asOf }));
  const header = ['person_id', ...PERSON_FIELDS];
  const rows = people.map((p) => header.map((h) => p[h as keyof typeof p] as string | boolean | null));
  const format = chosenFormat(o);
  if (format === 'json') return writeJson(ctx, { people: people.map(({ rowid: _r, ...p }) => p) });
  if (format === 'csv') return writeCsv(ctx, header, rows.map((r) => r.map((v) => (typeof v === 'boolean' ? (v ? 'yes' : 'no') : v))));
  if (!people.length) return void ctx.err('credtrack: no people match\n');
  await writeTable(ctx, ['person', 'name', 'site', 'supervisor', 'hire date', 'status'],
    people.map((p) => [p.person_id, [p.first_name, p.last_name].filter(Boolean).join(' '), p.site, p.supervisor_id, p.hire_date, p.status]));
}
