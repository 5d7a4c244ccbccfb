// Bad input on every core command: a clear `credtrack: ...` message on stderr, exit 2, no
// stack trace — and nothing written (every table, the audit log included, is read back and
// compared with the database before the command).
import { beforeAll, describe, expect, it } from 'vitest';
import { initialised, type Sandbox } from '../helpers/cli.js';
import { ok, refused, snapshot } from './assert.js';

const CAL = 'is not valid: expected a calendar date YYYY-MM-DD';
const DATE_HINT = 'write dates as YYYY-MM-DD, e.g. 2026-11-22';
const AFTER_TODAY = (opt: string, v: string) => new RegExp(`^credtrack: ${opt}: "${v}" is after today \\(\\d{4}-\\d{2}-\\d{2}\\)$`);
const W = ['--category', 'work'];

type Case = [string, string[], string | RegExp];

const CASES: Case[] = [
  // log
  ['log: unknown person', ['log', 'NOPE', ...W, '--hours', '8', '--date', '2025-01-06'], 'unknown person "NOPE"'],
  ['log: a date that does not exist', ['log', 'P1', ...W, '--hours', '8', '--date', '2025-02-30'], `--date: "2025-02-30" ${CAL}`],
  ['log: a date not written YYYY-MM-DD', ['log', 'P1', ...W, '--hours', '8', '--date', '01/06/2025'], `--date: "01/06/2025" ${CAL}`],
  ['log: an end date that does not exist', ['log', 'P1', ...W, '--hours', '8', '--date', '2025-02-01', '--end-date', '2025-02-29'], `--end-date: "2025-02-29" ${CAL}`],
  ['log: negative hours', ['log', 'P1', ...W, '--hours', '-5', '--date', '2025-01-06'], '--hours: -5 must be more than 0'],
  ['log: zero hours', ['log', 'P1', ...W, '--hours', '0', '--date', '2025-01-06'], '--hours: 0 must be more than 0'],
  ['log: hours that are not a number', ['log', 'P1', ...W, '--hours', '7,5', '--date', '2025-01-06'], '--hours: "7,5" is not a number'],
  ['log: more than 24 hours in a day', ['log', 'P1', ...W, '--hours', '24.5', '--date', '2025-01-06'], '--hours: 24.5 is more than 24 hours a day (24 at most for 1 day)'],
  ['log: more than 48 hours in two days', ['log', 'P1', ...W, '--hours', '49', '--date', '2025-01-06', '--end-date', '2025-01-07'],
    '--hours: 49 is more than 24 hours a day (48 at most for 2 days)'],
  ['log: an end date before the date', ['log', 'P1', ...W, '--hours', '8', '--date', '2025-01-06', '--end-date', '2025-01-05'], '--end-date: "2025-01-05" is before --date'],
  ['log: a date after today', ['log', 'P1', ...W, '--hours', '8', '--date', '2099-01-01'], AFTER_TODAY('--date', '2099-01-01')],
  ['log: an end date after today', ['log', 'P1', ...W, '--hours', '8', '--date', '2026-01-01', '--end-date', '2099-01-01'], AFTER_TODAY('--end-date', '2099-01-01')],
  ['log: an unknown category', ['log', 'P1', '--category', 'wrk', '--hours', '8', '--date', '2025-01-06'], '--category: "wrk" is not one of work, supervision, training, ceu'],
  ['log: an unknown domain', ['log', 'P1', '--category', 'training', '--hours', '8', '--date', '2025-01-06', '--domain', 'law'],
    '--domain: "law" is not one of advocacy, professional_responsibility, mentoring, recovery_support, ethics, core_functions'],
  ['log: a domain on work hours', ['log', 'P1', ...W, '--hours', '8', '--date', '2025-01-06', '--domain', 'ethics'],
    '--domain: "ethics" applies to supervision, training and ceu hours, not work'],
  ['log: --paid and --volunteer', ['log', 'P1', ...W, '--hours', '8', '--date', '2025-01-06', '--paid', '--volunteer'], '--paid and --volunteer exclude each other'],
  ['log: a person id that cannot exist', ['log', 'P 1', ...W, '--hours', '8', '--date', '2025-01-06'], /^credtrack: person: "P 1" is not valid: expected 1-64 letters/],
  ['log: no --hours', ['log', 'P1', ...W, '--date', '2025-01-06'], "required option '--hours <n>' not specified"],
  ['log: several problems at once', ['log', 'P1', ...W, '--hours', '0', '--date', '2025-02-30'], '2 problems'],

  // exam
  ['exam: unknown person', ['exam', 'NOPE', '--exam', 'CRSS', '--date', '2025-06-01', '--result', 'pass'], 'unknown person "NOPE"'],
  ['exam: an exam code of no rule', ['exam', 'P1', '--exam', 'CRS', '--date', '2025-06-01', '--result', 'pass'],
    '--exam: "CRS" is not an exam of the rule pack (known: CRSS, CPSRP, CMPSS)'],
  ['exam: a date that does not exist', ['exam', 'P1', '--exam', 'CRSS', '--date', '2025-13-01', '--result', 'pass'], `--date: "2025-13-01" ${CAL}`],
  ['exam: a date after today', ['exam', 'P1', '--exam', 'CRSS', '--date', '2099-06-01', '--result', 'pass'], AFTER_TODAY('--date', '2099-06-01')],
  ['exam: an unknown result', ['exam', 'P1', '--exam', 'CRSS', '--date', '2025-06-01', '--result', 'passed'], '--result: "passed" is not one of pass, fail'],
  ['exam: a negative score', ['exam', 'P1', '--exam', 'CRSS', '--date', '2025-06-01', '--result', 'pass', '--score', '-3'], '--score: -3 must be 0 or more'],
  ['exam: a score that is not a number', ['exam', 'P1', '--exam', 'CRSS', '--date', '2025-06-01', '--result', 'pass', '--score', 'high'], '--score: "high" is not a number'],

  // credential
  ['grant: unknown person', ['credential', 'grant', 'NOPE', '--credential', 'CRSS', '--issued', '2025-01-15'], 'unknown person "NOPE"'],
  ['grant: a credential code of no rule', ['credential', 'grant', 'P1', '--credential', 'CRS', '--issued', '2025-01-15'],
    '--credential: "CRS" is not a credential of the rule pack (known: CRSS, CPSRP, CPS, CMPSS, DRIVER_LICENSE)'],
  ['grant: a qualification is not a credential', ['credential', 'grant', 'P1', '--credential', 'MHP-132', '--issued', '2025-01-15'],
    /^credtrack: --credential: "MHP-132" is not a credential of the rule pack/],
  ['grant: an issue date that does not exist', ['credential', 'grant', 'P1', '--credential', 'CRSS', '--issued', '2025-02-30'], `--issued: "2025-02-30" ${CAL}`],
  ['grant: an issue date after today', ['credential', 'grant', 'P1', '--credential', 'CPS', '--issued', '2099-01-01'], AFTER_TODAY('--issued', '2099-01-01')],
  ['grant: an expiry before the issue date', ['credential', 'grant', 'P1', '--credential', 'CPS', '--issued', '2025-01-15', '--expires', '2025-01-14'],
    '--expires: "2025-01-14" is before --issued'],
  ['renew: unknown person', ['credential', 'renew', 'NOPE', '--credential', 'CRSS', '--date', '2025-06-01'], 'unknown person "NOPE"'],
  ['renew: a credential code of no rule', ['credential', 'renew', 'P1', '--credential', 'CRS', '--date', '2025-06-01'], '--credential: "CRS" is not a credential of the rule pack'],
  ['renew: a credential not held', ['credential', 'renew', 'P1', '--credential', 'CPS', '--date', '2025-06-01'], 'no CPS credential on record for this person'],
  ['renew: a credential without renewal', ['credential', 'renew', 'P1', '--credential', 'DRIVER_LICENSE', '--date', '2025-06-01'],
    'DRIVER_LICENSE has no renewal in the rule pack in force on 2025-06-01'],
  ['renew: a date that does not exist', ['credential', 'renew', 'P1', '--credential', 'CRSS', '--date', '2025-02-30'], `--date: "2025-02-30" ${CAL}`],
  ['renew: a date before the issue date', ['credential', 'renew', 'P1', '--credential', 'CRSS', '--date', '2023-01-14'], '--date: "2023-01-14" is before CRSS was issued (2023-01-15)'],
  ['renew: a date after today', ['credential', 'renew', 'P1', '--credential', 'CRSS', '--date', '2099-01-01'], AFTER_TODAY('--date', '2099-01-01')],
  ['renew: an expiry that does not exist', ['credential', 'renew', 'P1', '--credential', 'CRSS', '--date', '2025-06-01', '--expires', '2027-02-29'],
    `--expires: "2027-02-29" ${CAL}`],
  ['lapse: unknown person', ['credential', 'lapse', 'NOPE', '--credential', 'CRSS', '--date', '2025-06-01'], 'unknown person "NOPE"'],
  ['lapse: a credential code of no rule', ['credential', 'lapse', 'P1', '--credential', 'CRS', '--date', '2025-06-01'], '--credential: "CRS" is not a credential of the rule pack'],
  ['lapse: a date that does not exist', ['credential', 'lapse', 'P1', '--credential', 'CRSS', '--date', '2025-04-31'], `--date: "2025-04-31" ${CAL}`],
  ['lapse: a date before the issue date', ['credential', 'lapse', 'P1', '--credential', 'CRSS', '--date', '2022-01-01'], '--date: "2022-01-01" is before CRSS was issued (2023-01-15)'],
  ['revoke: unknown person', ['credential', 'revoke', 'NOPE', '--credential', 'CRSS', '--date', '2025-06-01'], 'unknown person "NOPE"'],
  ['revoke: a credential not held', ['credential', 'revoke', 'P1', '--credential', 'CMPSS', '--date', '2025-06-01'], 'no CMPSS credential on record for this person'],
  ['revoke: a date after today', ['credential', 'revoke', 'P1', '--credential', 'CRSS', '--date', '2099-06-01'], AFTER_TODAY('--date', '2099-06-01')],

  // position, evaluation, screening, approve
  ['position: unknown person', ['position', 'NOPE', '--position', 'RSS', '--start', '2025-01-01'], 'unknown person "NOPE"'],
  ['position: a start that does not exist', ['position', 'P1', '--position', 'RSS', '--start', '2025-02-29'], `--start: "2025-02-29" ${CAL}`],
  ['position: an end before the start', ['position', 'P1', '--position', 'RSS', '--start', '2025-01-01', '--end', '2024-12-31'], '--end: "2024-12-31" is before --start'],
  ['position: a start after today', ['position', 'P1', '--position', 'RSS', '--start', '2099-01-01'], AFTER_TODAY('--start', '2099-01-01')],
  ['position: an unknown field', ['position', 'P1', '--position', 'RSS', '--start', '2025-01-01', '--field', 'nursing'],
    '--field: "nursing" is not one of mental_health, substance_use, peer_support, human_services'],
  // Positions are free text ("R S S" is a title someone could hold: test/import/positions-free-text.test.ts); one line of it.
  ['position: a title on two lines', ['position', 'P1', '--position', 'R\nSS', '--start', '2025-01-01'],
    '--position: "R\\nSS" holds a control character (a line break, tab ...): a position is one line of text'],
  ['evaluation: unknown person', ['evaluation', 'NOPE', '--date', '2025-06-01', '--rating', 'satisfactory'], 'unknown person "NOPE"'],
  ['evaluation: an unknown rating', ['evaluation', 'P1', '--date', '2025-06-01', '--rating', 'good'], '--rating: "good" is not one of satisfactory, unsatisfactory'],
  ['evaluation: a date that does not exist', ['evaluation', 'P1', '--date', '2025-06-31', '--rating', 'satisfactory'], `--date: "2025-06-31" ${CAL}`],
  ['evaluation: a date after today', ['evaluation', 'P1', '--date', '2099-06-01', '--rating', 'satisfactory'], AFTER_TODAY('--date', '2099-06-01')],
  ['screening: unknown person', ['screening', 'NOPE', '--type', 'tb', '--date', '2025-06-01', '--result', 'pass'], 'unknown person "NOPE"'],
  ['screening: an unknown type', ['screening', 'P1', '--type', 'xray', '--date', '2025-06-01', '--result', 'pass'], '--type: "xray" is not one of tb, background, drug'],
  ['screening: an unknown result', ['screening', 'P1', '--type', 'tb', '--date', '2025-06-01', '--result', 'ok'], '--result: "ok" is not one of pass, fail'],
  ['screening: an expiry before the date', ['screening', 'P1', '--type', 'tb', '--date', '2025-06-01', '--result', 'pass', '--expires', '2025-05-31'],
    '--expires: "2025-05-31" is before --date'],
  ['screening: an expiry that does not exist', ['screening', 'P1', '--type', 'tb', '--date', '2025-06-01', '--result', 'pass', '--expires', '2026-02-29'],
    `--expires: "2026-02-29" ${CAL}`],
  ['approve: an unknown progression', ['approve', 'P1', '--progression', 'rss-to-boss', '--date', '2025-06-01'], '--progression: "rss-to-boss" is not a progression of the rule pack'],
  ['approve: unknown person', ['approve', 'NOPE', '--progression', 'pss-i-to-ii', '--date', '2025-06-01'], 'unknown person "NOPE"'],
  ['approve: a date that does not exist', ['approve', 'P1', '--progression', 'pss-i-to-ii', '--date', '2025-02-30'], `--date: "2025-02-30" ${CAL}`],
  ['approve: a date after today', ['approve', 'P1', '--progression', 'pss-i-to-ii', '--date', '2099-01-01'], AFTER_TODAY('--date', '2099-01-01')],

  // people
  ['people add: an id that cannot be', ['people', 'add', 'P/1'], /^credtrack: person: "P\/1" is not valid: expected 1-64 letters, digits, dots, underscores or dashes$/],
  ['people add: an existing person', ['people', 'add', 'P1', '--first-name', 'Other'], 'person P1 already exists'],
  ['people add: an email that is not one', ['people', 'add', 'P9', '--email', 'ana-at-example'], '--email: "ana-at-example" is not an email address'],
  ['people add: a birth date that does not exist', ['people', 'add', 'P9', '--birth-date', '2005-02-29'], `--birth-date: "2005-02-29" ${CAL}`],
  ['people add: a birth date after today', ['people', 'add', 'P9', '--birth-date', '2099-01-01'], AFTER_TODAY('--birth-date', '2099-01-01')],
  ['people edit: a birth date after today', ['people', 'edit', 'P1', '--birth-date', '2099-01-01'], AFTER_TODAY('--birth-date', '2099-01-01')],
  ['people add: an unknown education', ['people', 'add', 'P9', '--education', 'college'],
    '--education: "college" is not one of none, high_school, ged, associate, bachelor, master, doctorate'],
  ['people add: lived experience not yes or no', ['people', 'add', 'P9', '--lived-experience', 'maybe'],
    '--lived-experience: "maybe" is not yes/no (yes, no, true, false, y, n, 1, 0)'],
  ['people add: an unknown status', ['people', 'add', 'P9', '--status', 'gone'], '--status: "gone" is not one of active, inactive'],
  ['people add: supervising themselves', ['people', 'add', 'P9', '--supervisor', 'P9'], '--supervisor: "P9" is the person themselves: no one supervises themselves'],
  ['people edit: supervising themselves', ['people', 'edit', 'P1', '--supervisor', 'P1'], '--supervisor: "P1" is the person themselves: no one supervises themselves'],
  ['people edit: unknown person', ['people', 'edit', 'NOPE', '--site', 'North'], 'unknown person "NOPE"'],
  ['people edit: nothing to change', ['people', 'edit', 'P1'], 'nothing to change'],
  ['people edit: a hire date that does not exist', ['people', 'edit', 'P1', '--hire-date', '2024-09-31'], `--hire-date: "2024-09-31" ${CAL}`],
  ['people edit: --clear of a field that cannot be cleared', ['people', 'edit', 'P1', '--clear', 'status'], '--clear: "status" is not a field that can be cleared'],
  ['people edit: --clear and set the same field', ['people', 'edit', 'P1', '--clear', 'email', '--email', 'a@example.org'], '--clear email and --email contradict each other'],
  ['people show: unknown person', ['people', 'show', 'NOPE'], 'unknown person "NOPE"'],
  ['people list: an unknown status', ['people', 'list', '--status', 'gone'], '--status: "gone" is not one of active, inactive'],
  ['people list: an as-of date that does not exist', ['people', 'list', '--position', 'RSS', '--as-of', '2025-02-30'], `--as-of: "2025-02-30" ${CAL}`],
  ['people list: an unknown format', ['people', 'list', '--format', 'xlsx'], /^credtrack: option '--format <format>' argument 'xlsx' is invalid/],

  // check and rules
  ['check: unknown person', ['check', 'NOPE'], 'unknown person "NOPE"'],
  ['check: unknown rule', ['check', 'P1', '--credential', 'CRS'], '--credential: unknown rule "CRS"'],
  ['check: a person after --credential (read as a code)', ['check', '--credential', 'CRSS', 'P1'], '--credential: unknown rule "P1" (P1 is a person: --credential takes every word after it)'],
  ['check: an as-of date that does not exist', ['check', 'P1', '--as-of', '2026-02-29'], `--as-of: "2026-02-29" ${CAL}`],
  ['check --all: a named person who does not exist', ['check', 'NOPE', '--all'], 'unknown person "NOPE"'],
  ['check: --json with another --format', ['check', 'P1', '--json', '--format', 'csv'], '--json and --format csv ask for two formats'],
  ['reminders: a supervisor no one has', ['reminders', '--supervisor', 'NOPE'], '--supervisor: no one on record is supervised by "NOPE"'],
  ['reminders: a site no one is at', ['reminders', '--site', 'Nowhere'], '--site: no one on record is at site "Nowhere"'],
  ['an empty --actor', ['--actor', ' ', 'log', 'P1', ...W, '--hours', '8', '--date', '2025-01-07'], '--actor: give a name for the audit log'],
  ['rules show: unknown rule', ['rules', 'show', 'NOPE'], 'unknown rule "NOPE"'],
  ['rules load: a missing file', ['rules', 'load', 'nope.yaml'], 'cannot read nope.yaml: no such file'],
  ['an unknown command', ['frobnicate'], "unknown command 'frobnicate'"],
];

describe('bad input is refused, and nothing is written', () => {
  let s: Sandbox;
  let before: ReturnType<typeof snapshot>;
  beforeAll(() => {
    s = initialised('bad-input');
    ok(s.run(['people', 'add', 'P1', '--first-name', 'Ana', '--last-name', 'Diaz', '--email', 'ana@example.org']));
    ok(s.run(['credential', 'grant', 'P1', '--credential', 'CRSS', '--issued', '2023-01-15']));
    ok(s.run(['log', 'P1', '--category', 'work', '--hours', '8', '--date', '2025-01-06', '--supervised']));
    before = snapshot(s.db);
    expect(before.people).toHaveLength(1);
    expect(before.audit!.length).toBe(4); // init, people add, grant, log
  });

  it.each(CASES)('%s', (_what, args, message) => {
    refused(s.run(args), message);
    expect(snapshot(s.db)).toEqual(before);
  });

  it('several problems: each is listed under the summary', () => {
    const r = refused(s.run(['log', 'P1', '--category', 'work', '--hours', '0', '--date', '2025-02-30']), '2 problems');
    expect(r.stderr).toBe(`credtrack: 2 problems\n  --date: "2025-02-30" ${CAL}\n  --hours: 0 must be more than 0\nhint: ${DATE_HINT}\n`);
  });

  // One rule and one wording for every date option: --as-of, --since and --payroll-anchor as
  // the record options (--date, --issued, --hire-date) and import cells.
  it.each([
    [['progressions', '--as-of', '2026-2-3'], '--as-of', '2026-2-3'],
    [['check', 'P1', '--as-of', '2026-11-31'], '--as-of', '2026-11-31'],
    [['audit', '--since', '2026/01/01'], '--since', '2026/01/01'],
    [['progressions', '--payroll-anchor', '2026-1-2'], '--payroll-anchor', '2026-1-2'],
    [['credential', 'renew', 'P1', '--credential', 'CRSS', '--date', '2025-6-1'], '--date', '2025-6-1'],
    [['log', 'P1', ...W, '--hours', '8', '--date', '2025-1-6'], '--date', '2025-1-6'],
    [['exam', 'P1', '--exam', 'CRSS', '--date', '2025-1-6', '--result', 'pass'], '--date', '2025-1-6'],
  ])('a date option in the wrong form: %j', (args, option, value) => {
    const r = refused(s.run(args), `${option}: "${value}" ${CAL}`);
    expect(r.stderr.split('\n')[1]).toBe(`hint: ${DATE_HINT}`);
    expect(snapshot(s.db)).toEqual(before);
  });

  it('the boundaries themselves are accepted: 24 hours in a day, 48 over two days', () => {
    const t = initialised('bad-input-edges');
    ok(t.run(['people', 'add', 'P1']));
    ok(t.run(['log', 'P1', '--category', 'work', '--hours', '24', '--date', '2025-01-06']));
    ok(t.run(['log', 'P1', '--category', 'work', '--hours', '48', '--date', '2025-01-07', '--end-date', '2025-01-08']));
    ok(t.run(['log', 'P1', '--category', 'work', '--hours', '0.25', '--date', '2025-01-09']));
    ok(t.run(['log', 'P1', '--category', 'work', '--hours', '8', '--date', '2024-02-29']));
    expect(snapshot(t.db).hours!.map((h: any) => [h.date, h.end_date, h.hours])).toEqual([
      ['2025-01-06', null, 24], ['2025-01-07', '2025-01-08', 48], ['2025-01-09', null, 0.25], ['2024-02-29', null, 8],
    ]);
  });

  it('a person read as a --credential code: the hint puts the person first', () => {
    const r = refused(s.run(['check', '--credential', 'CRSS', 'CPSRP', 'P1']), '--credential: unknown rule "P1" (P1 is a person: --credential takes every word after it)');
    expect(r.stderr.split('\n')[1]).toBe('hint: name the people first: credtrack check P1 --credential CRSS CPSRP');
  });

  it('a refusal is its message and a hint, nothing more', () => {
    const r = refused(s.run(['log', 'NOPE', '--category', 'work', '--hours', '8', '--date', '2025-01-06']), 'unknown person "NOPE"');
    expect(r.stderr.split('\n')).toHaveLength(3); // message, hint, end
  });
});
