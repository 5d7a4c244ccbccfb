// credtrack credential grant|renew|lapse|revoke.
import { endCredential, grantCredential, renewCredential } from '../../services/credentials.js';
import { validateRow } from '../../services/records.js';
import { withSession } from '../../services/session.js';
import { parseDateOption, type Context } from '../context.js';
import type { Opts } from '../main.js';

const OPTION: Record<string, string> = { person_id: 'person', issued_on: '--issued', expires_on: '--expires', credential: '--credential', number: '--number' };
const optionName = (c: string) => OPTION[c] ?? `--${c}`;

export async function grant(ctx: Context, [person]: [string], o: Opts): Promise<void> {
  const row = validateRow('credentials', {
    person_id: person, credential: o.credential, number: o.number, issued_on: o.issued, expires_on: o.expires,
    // Without --provisional the status is not given: a new record starts active, a re-grant keeps a lapse or revocation.
    status: o.provisional ? 'provisional' : undefined,
  }, optionName);
  const { message } = await withSession(ctx, (s) => grantCredential(s, row, optionName));
  ctx.err(`credtrack: ${message}\n`);
}

export async function renew(ctx: Context, [person]: [string], o: Opts): Promise<void> {
  const date = parseDateOption(o.date, '--date')!;
  const expires = parseDateOption(o.expires, '--expires');
  const msg = await withSession(ctx, (s) => renewCredential(s, person, o.credential, date, expires));
  ctx.err(`credtrack: ${msg}\n`);
}

export async function lapse(ctx: Context, [person]: [string], o: Opts): Promise<void> {
  const date = parseDateOption(o.date, '--date')!;
  ctx.err(`credtrack: ${await withSession(ctx, (s) => endCredential(s, person, o.credential, 'lapsed', date))}\n`);
}

export async function revoke(ctx: Context, [person]: [string], o: Opts): Promise<void> {
  const date = parseDateOption(o.date, '--date')!;
  ctx.err(`credtrack: ${await withSession(ctx, (s) => endCredential(s, person, o.credential, 'revoked', date, o.reason))}\n`);
}
