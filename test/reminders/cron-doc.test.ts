// The cron line documented in docs/reminders.md, run as written (stand-ins for ifne and mail):
// the first run of the day mails the CSV, a second run the same day mails nothing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/engine/dates.js';
import { BIN, initialised, ROOT } from '../helpers/cli.js';

const doc = fs.readFileSync(path.join(ROOT, 'docs', 'reminders.md'), 'utf8');
const cronLine = doc.split('\n').find((l) => l.startsWith('0 7 * * 1-5'))!;

describe('the documented cron line', () => {
  it('mails once a day, and nothing when nothing is new', () => {
    expect(cronLine).toContain('credtrack reminders --unsent --mark-sent --format csv | ifne mail');
    const s = initialised('cron-doc');
    const today = new Date().toISOString().slice(0, 10); // the sandbox runs with TZ=UTC
    for (const args of [
      ['people', 'add', 'P1', '--first-name', 'Ana', '--email', 'ana@example.org'],
      ['screening', 'P1', '--type', 'tb', '--date', addDays(today, -300), '--result', 'pass', '--expires', addDays(today, 20)],
    ]) expect(s.run(args).code).toBe(0);

    const bin = path.join(s.dir, 'fakebin');
    fs.mkdirSync(bin);
    fs.symlinkSync(BIN, path.join(bin, 'credtrack'));
    fs.writeFileSync(path.join(bin, 'ifne'), '#!/bin/sh\nin=$(cat)\n[ -n "$in" ] || exit 0\nprintf "%s\\n" "$in" | "$@"\n', { mode: 0o755 });
    fs.writeFileSync(path.join(bin, 'mail'), `#!/bin/sh\n{ echo "--- mail $*"; cat; } >> "${s.dir}/mailbox"\n`, { mode: 0o755 });
    const command = cronLine.split(/\s+/).slice(5).join(' ').replace('/srv/hr/credtrack.db', s.db);
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, NO_COLOR: '1', TZ: 'UTC', USER: 'cron' };
    const cron = () => spawnSync('sh', ['-c', command], { cwd: s.dir, env, encoding: 'utf8' });
    const mailbox = () => (fs.existsSync(`${s.dir}/mailbox`) ? fs.readFileSync(`${s.dir}/mailbox`, 'utf8') : '');

    const first = cron();
    expect([first.status, first.stderr]).toEqual([0, '']);
    expect(mailbox()).toContain('--- mail -s credtrack reminders hr@example.org');
    expect(mailbox()).toContain(`P1|screening_expiring|tb|${addDays(today, 20)}`);
    const before = mailbox();
    const second = cron();
    expect([second.status, second.stdout, second.stderr]).toEqual([0, '', '']);
    expect(mailbox()).toBe(before);
  });
});
