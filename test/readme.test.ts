// Help is documentation: every command of the CLI appears in the README with an example.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, sandbox } from './helpers/cli.js';

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
  it('starts with the two quick-start commands', () => {
    expect(readme).toContain('npm install && npm run demo');
    expect(readme).toContain('npm install && npm test');
  });
});
