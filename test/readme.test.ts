// Help is documentation: every command of the CLI appears in the README with an example, and
// the README's examples of recording one thing work as written on the demo data.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { initialised, ROOT, sandbox } from './helpers/cli.js';

const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

function commandsFromHelp(): string[] {
  const help = sandbox('help').run(['--help']).stdout;
  const section = help.split(/^Commands:$/m)[1] ?? '';
  return [...section.matchAll(/^ {2}([a-z-]+)/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
}

describe('README', () => {
  const commands = commandsFromHelp();
  it('lists the commands of --help', () => {
    expect(commands.length).toBeGreaterThan(15);
  });
  it.each(commands)('shows an example of `credtrack %s`', (cmd) => {
    expect(readme).toMatch(new RegExp(`credtrack ${cmd}\\b`));
  });
  it.each(commands)('`credtrack %s --help` shows an example, and so does each of its subcommands', (cmd) => {
    const help = (args: string[]) => sandbox('help-each').run([...args, '--help']).stdout;
    const top = help([cmd]);
    expect(top).toMatch(/\nExamples?:\n {2}\$ credtrack /);
    const subcommands = [...(top.split(/^Commands:$/m)[1] ?? '').matchAll(/^ {2}([a-z-]+)/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
    for (const sub of subcommands) expect(help([cmd, sub]), `${cmd} ${sub}`).toMatch(new RegExp(`\\nExamples?:\\n {2}\\$ credtrack ${cmd} ${sub}\\b`));
  });
  it('starts with the two quick-start commands', () => {
    expect(readme).toContain('npm install && npm run demo');
    expect(readme).toContain('npm install && npm test');
  });
});

/** The lines of the README's ```sh block under `heading`, comments and blank lines left out. */
function shBlock(heading: string): string[] {
  const after = readme.split(`${heading}\n`)[1] ?? '';
  const block = /```sh\n([\s\S]*?)```/.exec(after)?.[1] ?? '';
  return block.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter(Boolean);
}

/** A command line's words as a shell splits them (double quotes only, as the README uses). */
const words = (line: string) => [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);

describe('README: Recording one thing', () => {
  it('every example runs as written on the demo data (exit 0)', () => {
    const s = initialised('readme-recording');
    for (const type of ['people', 'positions', 'hours', 'exams', 'credentials', 'evaluations', 'screenings']) {
      const r = s.run(['import', path.join(ROOT, 'fixtures', 'demo', `${type}.csv`), '--type', type]);
      expect(r.code, r.stderr).toBe(0);
    }
    const lines = shBlock('### Recording one thing');
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) {
      const [bin, ...args] = words(line);
      expect(bin).toBe('credtrack');
      const r = s.run(args);
      expect(r.code, `${line}\n${r.stderr}`).toBe(0);
    }
  });
});

describe('README: Correcting a mistake', () => {
  it('every example runs as written on the demo data (exit 0), and each removal removes one record', () => {
    const s = initialised('readme-correcting');
    for (const type of ['people', 'positions', 'hours', 'exams', 'credentials', 'evaluations', 'screenings']) {
      const r = s.run(['import', path.join(ROOT, 'fixtures', 'demo', `${type}.csv`), '--type', type]);
      expect(r.code, r.stderr).toBe(0);
    }
    const lines = shBlock('### Correcting a mistake');
    expect(lines.filter((l) => l.startsWith('credtrack remove ')).length).toBeGreaterThan(5);
    for (const line of lines) {
      const [bin, ...args] = words(line);
      expect(bin).toBe('credtrack');
      const r = s.run(args);
      expect(r.code, `${line}\n${r.stderr}`).toBe(0);
      if (args[0] === 'remove') expect(r.stderr, line).toMatch(args.includes('--dry-run') ? /^credtrack: would remove / : /^credtrack: removed /);
    }
  });
});
