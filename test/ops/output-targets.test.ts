// What an --output, --rejects, backup or init --db path names, end to end through
// bin/credtrack: a symbolic link is followed (its target gets the content, the link stays); a
// character device or FIFO is written in place, never replaced; a socket or block device is
// refused (exit 2); init refuses anything but a regular file before removing anything. Device
// nodes are made in the sandbox (mknod, as root), never the system's.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, initialised, type Run, type Sandbox, sandbox } from '../helpers/cli.js';
import { mode, ok } from './helpers.js';

const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;

function workforce(name: string): Sandbox {
  const s = initialised(name);
  s.file('people.csv', 'person_id,first_name,last_name\nP1,Ana,Diaz\nP2,Ben,Okafor\n');
  ok(s.run(['import', 'people.csv', '--type', 'people']));
  s.file('hours.csv', 'person_id,date,category,hours\nP1,2025-01-05,work,8\nP2,2025-01-06,work,6\n');
  ok(s.run(['import', 'hours.csv', '--type', 'hours']));
  s.file('bad.csv', 'person_id,date,category,hours\nP1,2025-02-05,work,8\nP9,2025-02-06,work,8\n');
  return s;
}

/** A device node in the sandbox (root only). */
function mknod(s: Sandbox, name: string, type: 'c' | 'b', major: number, minor: number): string {
  const p = path.join(s.dir, name);
  const r = spawnSync('mknod', ['-m', '666', p, type, String(major), String(minor)], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return p;
}

const kind = (p: string) => {
  const st = fs.lstatSync(p);
  return st.isSymbolicLink() ? 'link' : st.isCharacterDevice() ? 'char' : st.isBlockDevice() ? 'block' : st.isFIFO() ? 'fifo'
    : st.isSocket() ? 'socket' : st.isFile() ? 'file' : 'other';
};

const leftovers = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'));

/** Exit 2, one `credtrack:` line and a hint, no stack trace. */
function refused(r: Run, message: string): void {
  expect(r.code, `stdout: ${r.stdout}\nstderr: ${r.stderr}`).toBe(2);
  expect(r.stderr.split('\n')[0]).toBe(`credtrack: ${message}`);
  expect(r.stderr).toMatch(/^hint: /m);
  expect(r.stderr).not.toMatch(/^\s+at |unexpected error/m);
}

describe('a symbolic link: its target gets the content, the link stays', () => {
  let s: Sandbox;
  beforeAll(() => { s = workforce('out-links'); });

  it('export --output, report --output and import --rejects through a link', () => {
    fs.mkdirSync(path.join(s.dir, 'reports'));
    const expected = ok(s.run(['export', '--type', 'hours'])).stdout;
    for (const [args, target] of [
      [['export', '--type', 'hours', '--output', 'latest.csv'], 'real.csv'],
      [['report', '--output', 'latest.txt', '--as-of', '2026-01-01'], 'real.txt'],
      [['import', 'bad.csv', '--type', 'hours', '--skip-invalid', '--rejects', 'latest.rejects.csv'], 'real.rejects.csv'],
    ] as const) {
      const link = path.join(s.dir, target.replace('real', 'latest'));
      const real = path.join(s.dir, 'reports', target);
      fs.writeFileSync(real, 'old\n', { mode: 0o644 });
      fs.symlinkSync(`reports/${target}`, link);
      ok(s.run([...args]));
      expect(kind(link)).toBe('link');
      expect(fs.readlinkSync(link)).toBe(`reports/${target}`);
      const text = fs.readFileSync(real, 'utf8');
      expect(text).not.toBe('old\n');
      if (args[0] === 'export') expect(text).toBe(expected);
      if (args[0] === 'report') expect(text).toMatch(/^Workforce compliance as of 2026-01-01/);
      if (args[0] === 'import') expect(text).toMatch(/^person_id,date,category,hours,line,error\nP9,/);
      expect(mode(fs.statSync(real).mode)).toBe('600');
      expect(leftovers(s.dir)).toEqual([]);
      expect(leftovers(path.join(s.dir, 'reports'))).toEqual([]);
    }
  });

  it('a link to a file not there yet: the file is created where it points, the link stays', () => {
    fs.mkdirSync(path.join(s.dir, 'out'));
    fs.symlinkSync('out/new.csv', path.join(s.dir, 'dangling.csv'));
    ok(s.run(['export', '--type', 'people', '--output', 'dangling.csv']));
    expect(kind(path.join(s.dir, 'dangling.csv'))).toBe('link');
    expect(fs.readFileSync(path.join(s.dir, 'out/new.csv'), 'utf8')).toMatch(/^person_id,first_name/);
  });

  it('backup --force through a link replaces the target, not the link', () => {
    fs.writeFileSync(path.join(s.dir, 'old.db'), 'not a database');
    fs.symlinkSync('old.db', path.join(s.dir, 'copy.db'));
    refused(s.run(['backup', 'copy.db']), 'copy.db already exists');
    ok(s.run(['backup', 'copy.db', '--force']));
    expect(kind(path.join(s.dir, 'copy.db'))).toBe('link');
    expect(fs.readFileSync(path.join(s.dir, 'old.db')).subarray(0, 15).toString()).toBe('SQLite format 3');
  });

  it('init --force through a link replaces the database it points to and keeps the link', () => {
    const t = workforce('init-link');
    fs.symlinkSync(t.db, path.join(t.dir, 'link.db'));
    refused(t.run(['init', '--db', 'link.db']), 'link.db already exists');
    ok(t.run(['init', '--force', '--db', 'link.db']));
    expect(kind(path.join(t.dir, 'link.db'))).toBe('link');
    expect(ok(t.run(['people', 'list', '--json'])).json.people).toEqual([]);
    // A link to nothing yet: the database is made where it points.
    fs.symlinkSync('made.db', path.join(t.dir, 'to-made.db'));
    ok(t.run(['init', '--db', 'to-made.db']));
    expect(kind(path.join(t.dir, 'to-made.db'))).toBe('link');
    expect(kind(path.join(t.dir, 'made.db'))).toBe('file');
  });
});

describe.runIf(isRoot)('a character device: written in place, never replaced', () => {
  let s: Sandbox;
  beforeAll(() => { s = workforce('out-devices'); });

  it('export, report and import --rejects to a copy of /dev/null: exit 0, still the device, mode unchanged', () => {
    const nul = mknod(s, 'null', 'c', 1, 3);
    for (const args of [['export', '--type', 'hours', '--output', nul], ['export', '--type', 'audit', '--format', 'json', '--output', 'null'],
      ['report', '--format', 'html', '--output', nul], ['import', 'bad.csv', '--type', 'hours', '--skip-invalid', '--rejects', 'null']]) {
      ok(s.run(args));
      expect(kind(nul)).toBe('char');
      expect(mode(fs.statSync(nul).mode)).toBe('666');
    }
    expect(leftovers(s.dir)).toEqual([]);
  });

  it('a copy of /dev/full: exit 3 naming it and why, the device left as it was', () => {
    const full = mknod(s, 'full', 'c', 1, 7);
    for (const args of [['export', '--type', 'hours', '--output', 'full'], ['report', '--output', 'full']]) {
      const r = s.run(args);
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toMatch(/^credtrack: cannot write full: ENOSPC: no space left on device/);
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(kind(full)).toBe('char');
      expect(mode(fs.statSync(full).mode)).toBe('666');
    }
    // The rejects file on a full disk: nothing imported.
    const batches = ok(s.run(['imports', 'list', '--json'])).json.batches.length;
    const r = s.run(['import', 'bad.csv', '--type', 'hours', '--skip-invalid', '--rejects', 'full']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/^credtrack: cannot write the rejects file full: ENOSPC: no space left on device/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(ok(s.run(['imports', 'list', '--json'])).json.batches).toHaveLength(batches);
    expect(kind(full)).toBe('char');
    expect(leftovers(s.dir)).toEqual([]);
  });

  it('a link to standard output (/dev/stdout is /proc/self/fd/1): the content comes out on stdout, the link stays', () => {
    fs.symlinkSync('/proc/self/fd/1', path.join(s.dir, 'stdout'));
    const expected = ok(s.run(['export', '--type', 'hours'])).stdout;
    // spawnSync's stdout is a pipe: what /dev/stdout is under `| head` or `$(...)`.
    const r = spawnSync('sh', ['-c', '"$0" "$@" | cat', BIN, 'export', '--type', 'hours', '--output', 'stdout'], {
      cwd: s.dir, encoding: 'utf8', env: { ...process.env, CREDTRACK_DB: s.db, NO_COLOR: '1' },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(expected);
    expect(kind(path.join(s.dir, 'stdout'))).toBe('link');
  });

  it('init --db on a device, with or without --force: exit 2, the device left as it was', () => {
    const nul = mknod(s, 'db-null', 'c', 1, 3);
    for (const args of [['init', '--db', nul], ['init', '--force', '--db', 'db-null']]) {
      refused(s.run(args), `${args[args.length - 1]} is a character device, not a database file`);
      expect(kind(nul)).toBe('char');
      expect(mode(fs.statSync(nul).mode)).toBe('666');
    }
    // Through a link, too: the link and the device stay.
    fs.symlinkSync('db-null', path.join(s.dir, 'db-link'));
    refused(s.run(['init', '--force', '--db', 'db-link']), 'db-link is a character device, not a database file');
    expect(kind(path.join(s.dir, 'db-link'))).toBe('link');
    expect(kind(nul)).toBe('char');
  });

  it('backup refuses a device (a backup is a database file), even with --force', () => {
    const nul = path.join(s.dir, 'null');
    if (!fs.existsSync(nul)) mknod(s, 'null', 'c', 1, 3);
    refused(s.run(['backup', 'null', '--force']), 'null is a character device; a backup is a regular file');
    expect(kind(nul)).toBe('char');
  });

  it('a block device or a socket is refused (exit 2) and left alone', async () => {
    const blk = mknod(s, 'blk', 'b', 7, 250);
    const sock = path.join(s.dir, 'sock');
    const server = net.createServer().listen(sock);
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      for (const [p, what] of [['blk', 'block device'], ['sock', 'socket']] as const) {
        refused(s.run(['export', '--type', 'hours', '--output', p]), `--output ${p} is a ${what}`);
        refused(s.run(['report', '--output', p]), `--output ${p} is a ${what}`);
        refused(s.run(['import', 'bad.csv', '--type', 'hours', '--skip-invalid', '--rejects', p]), `--rejects ${p} is a ${what}`);
        refused(s.run(['init', '--force', '--db', p]), `${p} is a ${what}, not a database file`);
      }
      expect(kind(blk)).toBe('block');
      expect(kind(sock)).toBe('socket');
    } finally {
      server.close();
    }
  });
});

describe('a FIFO: written in place', () => {
  it('export --output and init --db: the reader gets the export; init refuses it; the FIFO stays', async () => {
    const s = workforce('out-fifo');
    const fifo = path.join(s.dir, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const expected = ok(s.run(['export', '--type', 'hours'])).stdout;
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'inherit'] });
    let got = '';
    reader.stdout.setEncoding('utf8').on('data', (d: string) => { got += d; });
    const closed = new Promise((resolve) => reader.on('close', resolve));
    const r = s.run(['export', '--type', 'hours', '--output', 'pipe']);
    // A FIFO replaced by a file would leave the reader waiting for ever.
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    reader.kill();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('credtrack: exported 2 hours rows to pipe\n');
    expect(got).toBe(expected);
    expect(kind(fifo)).toBe('fifo');
    refused(s.run(['init', '--force', '--db', 'pipe']), 'pipe is a FIFO, not a database file');
    expect(kind(fifo)).toBe('fifo');
  });
});

describe.runIf(isRoot)('export --output into a directory the user cannot write', () => {
  it('names the file and the system error for every type and format (not "database connection is busy")', () => {
    const s = workforce('out-unwritable');
    ok(s.run(['log', 'P1', '--category', 'training', '--hours', '2', '--date', '2025-01-07', '--domain', 'ethics']));
    const ro = path.join(s.dir, 'ro');
    fs.mkdirSync(ro, { mode: 0o555 });
    fs.chmodSync(ro, 0o555);
    fs.chmodSync(s.dir, 0o777);
    for (const f of [s.db, `${s.db}-wal`, `${s.db}-shm`]) if (fs.existsSync(f)) fs.chownSync(f, NOBODY, NOBODY);
    try {
      const env = { ...process.env, CREDTRACK_DB: s.db, NO_COLOR: '1', TZ: 'UTC', USER: 'tester', HOME: s.dir };
      for (const type of ['people', 'positions', 'hours', 'exams', 'credentials', 'evaluations', 'screenings', 'approvals', 'audit']) {
        for (const format of ['csv', 'json']) {
          const r = spawnSync(BIN, ['export', '--type', type, '--format', format, '--output', 'ro/x.csv'],
            { cwd: s.dir, env, encoding: 'utf8', uid: NOBODY, gid: NOBODY });
          expect(r.status, `${type} ${format}: ${r.stderr}`).toBe(3);
          expect(r.stderr, `${type} ${format}`).toMatch(/^credtrack: cannot write ro\/x\.csv: EACCES: permission denied/);
          expect(r.stderr).not.toMatch(/busy|unexpected error|^\s+at /m);
        }
      }
    } finally {
      for (const f of [s.db, `${s.db}-wal`, `${s.db}-shm`]) if (fs.existsSync(f)) fs.chownSync(f, 0, 0);
      fs.chmodSync(s.dir, 0o700);
    }
    expect(fs.readdirSync(ro)).toEqual([]);
  }, 300_000); // 18 runs as another user
});

describe('init --db where a sandbox has nothing special', () => {
  it('still makes a database at a new path and over an empty file', () => {
    const s = sandbox('init-plain');
    ok(s.run(['init']));
    expect(kind(s.db)).toBe('file');
    fs.writeFileSync(path.join(s.dir, 'empty.db'), '');
    ok(s.run(['init', '--db', 'empty.db']));
    expect(mode(fs.statSync(path.join(s.dir, 'empty.db')).mode)).toBe('600');
  });
});
