// End to end through bin/credtrack: a supervisor id that is no one on record (a typo such as
// SOO1 for S001) is accepted — people may be recorded before their supervisors — with a
// warning on stderr, from `people add`, `people edit` and imports (dry runs too). QA3 M5.
import { describe, expect, it } from 'vitest';
import { initialised } from '../helpers/cli.js';
import { ok } from './assert.js';

const warning = (person: string, sup: string) =>
  `credtrack: warning: supervisor "${sup}" of ${person} is no one on record; reminders for ${person} carry no supervisor email until \`credtrack people add ${sup}\` (or \`credtrack people edit ${person} --supervisor ID\` to correct it)\n`;

describe('people add and edit with a supervisor no one has', () => {
  it('records it (exit 0) and warns; a supervisor on record, or none, gives no warning', () => {
    const s = initialised('sup-people');
    const add = ok(s.run(['people', 'add', 'P31', '--first-name', 'A', '--supervisor', 'SOO1']));
    expect(add.stderr).toBe(`credtrack: added P31\n${warning('P31', 'SOO1')}`);
    expect(ok(s.run(['people', 'show', 'P31', '--json'])).json.person.supervisor_id).toBe('SOO1');
    const edit = ok(s.run(['people', 'edit', 'P31', '--supervisor', 'P999']));
    expect(edit.stderr).toBe(`credtrack: P31: changed supervisor_id\n${warning('P31', 'P999')}`);
    ok(s.run(['people', 'add', 'S001']));
    expect(ok(s.run(['people', 'edit', 'P31', '--supervisor', 'S001'])).stderr).toBe('credtrack: P31: changed supervisor_id\n');
    expect(ok(s.run(['people', 'add', 'P32', '--supervisor', 'S001'])).stderr).toBe('credtrack: added P32\n');
    expect(ok(s.run(['people', 'edit', 'P32', '--site', 'North'])).stderr).toBe('credtrack: P32: changed site\n');
  });
});

describe('import of people naming supervisors no one has', () => {
  it('imports them and warns once, with the count and the first few ids and lines; a supervisor later in the file is on record', () => {
    const s = initialised('sup-import');
    const rows = ['person_id,first_name,supervisor_id', 'P1,Ana,S001', 'P2,Ben,SOO1', 'S001,Sam,', 'P3,Cy,P999'];
    for (let i = 4; i <= 9; i++) rows.push(`P${i},X${i},Q${i}`);
    s.file('people.csv', `${rows.join('\n')}\n`);
    const expected = 'credtrack: warning: 8 rows would name a supervisor_id that is no one on record: "SOO1" (people.csv:3, for P2), "P999" (people.csv:5, for P3), '
      + '"Q4" (people.csv:6, for P4), "Q5" (people.csv:7, for P5), "Q6" (people.csv:8, for P6), and 3 more; '
      + 'reminders for those people carry no supervisor email until the supervisor is imported or the id corrected (`credtrack doctor` lists them)\n';
    const dry = ok(s.run(['import', 'people.csv', '--type', 'people', '--dry-run']));
    expect(dry.stderr).toBe(expected);
    const real = ok(s.run(['import', 'people.csv', '--type', 'people', '--json']));
    expect(real.json).toMatchObject({ added: 10, rejected: 0 });
    expect(real.stderr).toBe(expected.replace('rows would name', 'rows name'));
    // One row: said so.
    s.file('one.csv', 'person_id,supervisor_id\nP20,SOO2\n');
    expect(ok(s.run(['import', 'one.csv', '--type', 'people'])).stderr)
      .toBe('credtrack: warning: 1 row names a supervisor_id that is no one on record: "SOO2" (one.csv:2, for P20); reminders for that person carry no supervisor email until the supervisor is imported or the id corrected (`credtrack doctor` lists them)\n');
  });
});
