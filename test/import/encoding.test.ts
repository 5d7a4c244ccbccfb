// File encodings end to end through bin/credtrack: a Windows-1252 / Latin-1 file (Excel's
// "CSV (Comma delimited)") is refused whole with the file, line, column, the bytes and what
// to do, and nothing is written; the same names in UTF-8, UTF-8 with a BOM and UTF-16 import.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { initialised, type Sandbox } from '../helpers/cli.js';

function dump(db: string): Record<string, unknown[]> {
  const d = new Database(db, { readonly: true });
  try {
    return Object.fromEntries(['people', 'hours', 'import_batches', 'batch_changes', 'audit'].map((t) => [t, d.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()]));
  } finally {
    d.close();
  }
}

function bytesFile(s: Sandbox, name: string, bytes: Buffer): string {
  const p = path.join(s.dir, name);
  fs.writeFileSync(p, bytes);
  return p;
}

const PEOPLE = 'person_id,first_name,last_name\r\nP001,Ana,Díaz\r\nP002,José,Núñez\r\n';

function utf16(text: string, order: 'le' | 'be'): Buffer {
  const le = Buffer.from(text, 'utf16le');
  return Buffer.concat([Buffer.from(order === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]), order === 'le' ? le : Buffer.from(le).swap16()]);
}

const HINT = /hint: .*save as "CSV UTF-8 \(Comma delimited\) \(\*\.csv\)".*iconv -f WINDOWS-1252 -t UTF-8 latin\.csv > latin-utf8\.csv.*nothing was imported/is;

describe('import: a file that is not UTF-8 text', () => {
  it('is refused with file:line, column, the bytes and the fix; exit 2, nothing written, no batch', () => {
    const s = initialised('latin1');
    // QA's reproducer: Windows-1252 "í" (0xED) where UTF-8 would have two bytes.
    bytesFile(s, 'latin.csv', Buffer.from('person_id,first_name,last_name\nP001,Ana,D\xedaz\n', 'latin1'));
    const before = dump(s.db);
    const r = s.run(['import', 'latin.csv', '--type', 'people']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('credtrack: latin.csv:2: last_name: "D\\xEDaz" is not UTF-8 text (in Windows-1252 it would read "Díaz")');
    expect(r.stderr).toMatch(HINT);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(dump(s.db)).toEqual(before);
    expect(s.run(['people', 'list', '--json']).json.people).toEqual([]);
    expect(s.run(['imports', 'list', '--json']).json.batches).toEqual([]);
    // --dry-run says the same.
    const dry = s.run(['import', 'latin.csv', '--type', 'people', '--dry-run']);
    expect(dry.code).toBe(2);
    expect(dry.stderr).toContain('latin.csv:2: last_name: "D\\xEDaz" is not UTF-8 text');
  });

  it('is refused whole with --skip-invalid too, rows before it included, and no rejects file is left', () => {
    const s = initialised('latin1-skip');
    const rows = Array.from({ length: 5000 }, (_, i) => `P${i},Name${i},Plain`);
    // The bad row comes after many good ones (after the first chunk of input), in a quoted cell with a line break.
    const text = `person_id,first_name,last_name\n${rows.join('\n')}\nP9000,"Ren\xe9e\nMarie",Lund\nP9001,Ok,Row\n`;
    bytesFile(s, 'latin.csv', Buffer.from(text, 'latin1'));
    const before = dump(s.db);
    const r = s.run(['import', 'latin.csv', '--type', 'people', '--skip-invalid']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('credtrack: latin.csv:5002: first_name: "Ren\\xE9e\\nMarie" is not UTF-8 text (in Windows-1252 it would read "Renée\\nMarie")');
    expect(r.stderr).toMatch(HINT);
    expect(dump(s.db)).toEqual(before);
    expect(fs.readdirSync(s.dir).filter((f) => f.includes('rejects'))).toEqual([]);
  });

  it('from standard input, names stdin and a placeholder file in the hint', () => {
    const s = initialised('latin1-stdin');
    const r = s.run(['import', '-', '--type', 'people', '--format', 'csv'], { input: Buffer.from('person_id,site\nP1,Mont\xe9al\n', 'latin1') as unknown as string });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('credtrack: stdin:2: site: "Mont\\xE9al" is not UTF-8 text');
    expect(r.stderr).toContain('iconv -f WINDOWS-1252 -t UTF-8 FILE.csv > FILE-utf8.csv');
  });

  it('in JSON is refused naming the item and key; in NDJSON the line is a rejected row', () => {
    const s = initialised('latin1-json');
    bytesFile(s, 'p.json', Buffer.from('[{"person_id":"P1","last_name":"Diaz"},{"person_id":"P2","last_name":"D\xedaz"}]', 'latin1'));
    const before = dump(s.db);
    const j = s.run(['import', 'p.json', '--type', 'people']);
    expect(j.code).toBe(2);
    expect(j.stderr).toContain('credtrack: p.json: item 2: last_name: "D\\xEDaz" is not UTF-8 text');
    expect(j.stderr).toMatch(/iconv -f WINDOWS-1252 -t UTF-8 p\.json > p-utf8\.json/);
    expect(dump(s.db)).toEqual(before);

    bytesFile(s, 'p.ndjson', Buffer.from('{"person_id":"P1","last_name":"Diaz"}\n{"person_id":"P2","last_name":"D\xedaz"}\n', 'latin1'));
    const n = s.run(['import', 'p.ndjson', '--type', 'people']);
    expect(n.code).toBe(2);
    expect(n.stderr).toContain('p.ndjson:2: row: last_name: "D\\xEDaz" is not UTF-8 text (in Windows-1252 it would read "Díaz"); save the file as UTF-8 text');
    expect(n.stderr).toMatch(/nothing was imported/);
    expect(dump(s.db)).toEqual(before);
    // With --skip-invalid the other lines go in; the rejects file holds the line number and error, not the bytes read wrong.
    const skip = s.run(['import', 'p.ndjson', '--type', 'people', '--skip-invalid', '--json']);
    expect(skip.code, skip.stderr).toBe(0);
    expect(skip.json).toMatchObject({ read: 2, added: 1, rejected: 1 });
    const rejects = fs.readFileSync(path.join(s.dir, 'p.ndjson.rejects.csv'), 'utf8');
    expect(rejects).toMatch(/^,+2,"row: last_name: ""D\\xEDaz"" is not UTF-8 text/m);
    expect(rejects).not.toMatch(/[\uF780-\uF7FF\uFFFD]/);
  });
});

describe('import: the same names in UTF-8, UTF-8 with a BOM and UTF-16', () => {
  it.each([
    ['UTF-8', Buffer.from(PEOPLE, 'utf8')],
    ['UTF-8 with a BOM', Buffer.from(`\uFEFF${PEOPLE}`, 'utf8')],
    ['UTF-16LE with a BOM', utf16(PEOPLE, 'le')],
    ['UTF-16BE with a BOM', utf16(PEOPLE, 'be')],
    ['UTF-16LE without a BOM', Buffer.from(PEOPLE, 'utf16le')],
  ])('%s imports and stores the names as written', (_what, bytes) => {
    const s = initialised('utf');
    bytesFile(s, 'people.csv', bytes);
    const r = s.run(['import', 'people.csv', '--type', 'people', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ read: 2, added: 2, rejected: 0 });
    const people = s.run(['people', 'list', '--json']).json.people as { person_id: string; first_name: string; last_name: string }[];
    expect(people.map((p) => [p.person_id, p.first_name, p.last_name])).toEqual([['P001', 'Ana', 'Díaz'], ['P002', 'José', 'Núñez']]);
  });

  it('UTF-16 JSON and NDJSON import too', () => {
    const s = initialised('utf16-json');
    bytesFile(s, 'p.json', utf16('[{"person_id":"P001","last_name":"Díaz"}]', 'le'));
    bytesFile(s, 'p.ndjson', utf16('{"person_id":"P002","last_name":"Núñez"}\r\n', 'be'));
    expect(s.run(['import', 'p.json', '--type', 'people']).code).toBe(0);
    const n = s.run(['import', 'p.ndjson', '--type', 'people']);
    expect(n.code, n.stderr).toBe(0);
    const people = s.run(['people', 'list', '--json']).json.people as { last_name: string }[];
    expect(people.map((p) => p.last_name)).toEqual(['Díaz', 'Núñez']);
  });
});
