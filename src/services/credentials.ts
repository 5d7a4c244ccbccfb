// Credential lifecycle: grant (one record per credential in force), renew (a new CEU cycle),
// lapse, revoke — each audited.
import { InputError } from '../errors.js';
import { cycleEnd, cycleOn, nextCycleStart } from '../engine/ceu-cycle.js';
import { formatDuration, subtractDuration } from '../engine/dates.js';
import { currentRecord, isHeldOn, validThrough } from '../engine/credentials.js';
import type { CredentialFact } from '../engine/facts.js';
import type { CredentialRow } from '../schemas/rows.js';
import { recordAudit } from '../store/audit.js';
import { writeTx } from '../store/db.js';
import { gatherFacts } from '../store/facts.js';
import { requirePerson } from '../store/people.js';
import { recordOne } from './records.js';
import type { Session } from './session.js';

interface StoredCredential {
  id: number; code: string; number: string | null; issued_on: string; expires_on: string | null;
  status: string; status_on: string | null; cycle_start: string;
}

function latest(s: Session, person: number, code: string): StoredCredential {
  const c = s.db.prepare('SELECT id, code, number, issued_on, expires_on, status, status_on, cycle_start FROM credentials WHERE person = ? AND code = ? ORDER BY issued_on DESC LIMIT 1')
    .get(person, code) as StoredCredential | undefined;
  if (!c) throw new InputError(`no ${code} credential on record for this person`, 'record it first with `credtrack credential grant`');
  return c;
}

function checkDate(s: Session, date: string, option = '--date'): void {
  if (date > s.today) throw new InputError(`${option}: "${date}" is after today (${s.today})`);
}

export function renewCredential(s: Session, personId: string, code: string, date: string, expires?: string): string {
  checkDate(s, date);
  const rule = s.rules().credentialOn(code, date);
  if (!s.rules().isCredential(code)) throw new InputError(`--credential: ${JSON.stringify(code)} is not a credential of the rule pack`);
  if (!rule?.renewal) throw new InputError(`${code} has no renewal in the rule pack in force on ${date}`);
  const cycle = rule.renewal.cycle;
  const window = rule.renewal.submit_window;
  return writeTx(s.db, () => {
    const person = requirePerson(s.db, personId);
    const c = latest(s, person.rowid, code);
    if (c.status === 'revoked') throw new InputError(`${personId}'s ${code} was revoked on ${c.status_on}; it cannot be renewed`, 'grant a new credential instead');
    if (date < c.issued_on) throw new InputError(`--date: "${date}" is before ${code} was issued (${c.issued_on})`);
    // The same renewal recorded again changes nothing (commands are safe to re-run).
    const again = s.db.prepare('SELECT 1 FROM credential_renewals WHERE credential = ? AND renewed_on = ?').get(c.id, date);
    if (again && (expires === undefined || expires === c.expires_on)) return `renewal of ${code} for ${personId} on ${date} was already recorded; nothing changed`;
    // A renewal for the coming cycle is already recorded: renewing again would skip a whole
    // cycle. Only a lapsed credential may be reinstated then (its cycle stays as it is).
    const ahead = c.cycle_start > date;
    if (ahead && c.status !== 'lapsed') {
      throw new InputError(`${personId}'s ${code} is already renewed: its next cycle starts on ${c.cycle_start}`, 'a renewal is recorded once per cycle');
    }
    // The cycle being renewed ends on the recorded expiry (else on the computed cycle end):
    // the date reminders count its submission window from, and the last day a renewal is on time.
    const end = c.expires_on ?? cycleEnd(c.cycle_start, cycle);
    // A renewal before its submission window opens would skip the rest of the current cycle (its CEU hours and fees).
    if (!ahead && window) {
      const opens = subtractDuration(end, window);
      if (date < opens) {
        throw new InputError(`--date: "${date}" is before ${code}'s renewal window opens (${opens}, ${formatDuration(window)} before the cycle ends on ${end})`,
          'record a renewal on the date it was granted, within the window the rule pack allows');
      }
    }
    const start = ahead ? c.cycle_start : nextCycleStart(end, date);
    const newExpires = expires ?? (ahead ? c.expires_on : c.expires_on !== null ? cycleEnd(start, cycle) : null);
    if (newExpires !== null && newExpires < start) throw new InputError(`--expires: "${newExpires}" is before the new cycle starts (${start})`);
    s.db.prepare('INSERT INTO credential_renewals (credential, renewed_on, cycle_start, expires_on, previous_cycle_start, previous_expires_on) VALUES (?, ?, ?, ?, ?, ?)')
      .run(c.id, date, start, newExpires, c.cycle_start, c.expires_on);
    const status = c.status === 'lapsed' ? 'active' : c.status;
    s.db.prepare('UPDATE credentials SET cycle_start = ?, expires_on = ?, status = ?, status_on = ? WHERE id = ?')
      .run(start, newExpires, status, status === c.status ? c.status_on : null, c.id);
    recordAudit(s.db, s.who, {
      action: 'change', record_type: 'credentials', record_key: String(c.id), person_id: personId,
      before: { code, cycle_start: c.cycle_start, expires_on: c.expires_on, status: c.status },
      after: { code, renewed_on: date, cycle_start: start, expires_on: newExpires, status },
    });
    const what = ahead ? `reinstated ${code} for ${personId}: cycle` : `renewed ${code} for ${personId}: new cycle`;
    return `${what} ${start} to ${cycleOn({ cycle_start: start, expires_on: newExpires }, cycle, start).end}${newExpires ? `, valid through ${newExpires}` : ''}`;
  });
}

export function endCredential(s: Session, personId: string, code: string, status: 'lapsed' | 'revoked', date: string, reason?: string): string {
  checkDate(s, date);
  if (!s.rules().isCredential(code)) throw new InputError(`--credential: ${JSON.stringify(code)} is not a credential of the rule pack`);
  return writeTx(s.db, () => {
    const person = requirePerson(s.db, personId);
    const c = latest(s, person.rowid, code);
    if (date < c.issued_on) throw new InputError(`--date: "${date}" is before ${code} was issued (${c.issued_on})`);
    if (c.status === status && c.status_on === date) return `${personId}'s ${code} is already ${status} since ${date}; nothing changed`;
    if (c.status === 'revoked') throw new InputError(`${personId}'s ${code} was revoked on ${c.status_on}`);
    s.db.prepare('UPDATE credentials SET status = ?, status_on = ? WHERE id = ?').run(status, date, c.id);
    recordAudit(s.db, s.who, {
      action: 'change', record_type: 'credentials', record_key: String(c.id), person_id: personId,
      before: { code, status: c.status, status_on: c.status_on }, after: { code, status, status_on: date, ...(reason ? { reason } : {}) },
    });
    return `${personId}'s ${code} ${status} on ${date}`;
  });
}

/** A stored record as a message names it: its issue date, number, status and last valid day. */
function described(c: CredentialFact, s: Session): string {
  const through = validThrough(c, s.rules().pack, s.today);
  const status = c.status_on ? `${c.status} on ${c.status_on}` : c.status;
  return `issued ${c.issued_on} (number ${c.number ?? 'not recorded'}, ${status}${through ? `, valid through ${through}` : ''})`;
}

/**
 * Refuses a grant that would put a second record of a credential beside one the person holds
 * (QA3 H1: a "corrected" issue date added a second record, and the first stayed active). The
 * latest record of a code issued by a date supersedes the earlier ones (engine/credentials.ts
 * currentRecords), so a second record is right only when it replaces one that ended or is
 * meant to be replaced. Refused, when the code has a renewal in the pack (renewals go through
 * `credential renew`): a grant while the record in force on its issue date is still held —
 * not lapsed, revoked or expired; and a grant issued before a record already on file (the later
 * one would supersede it at once). Allowed: the same issue date again (an update), a grant
 * after a lapse, revocation or expiry, the full certificate (or a further provisional one)
 * over a provisional certificate, and a new record of a credential without renewal (a driver's
 * license renewed is a new license). Imports are not refused: an HR export carries history.
 */
function refuseSecondRecord(s: Session, person: number, row: CredentialRow): void {
  const facts = gatherFacts(s.db, [person], { hourCategories: [], tables: ['credentials'] }).get(person);
  const mine = (facts?.credentials ?? []).filter((c) => c.code === row.credential);
  if (mine.length === 0 || mine.some((c) => c.issued_on === row.issued_on)) return;
  const code = row.credential, who = row.person_id, issued = row.issued_on;
  const removeHint = (c: CredentialFact) => `\`credtrack remove ${who} credential --credential ${code} --issued ${c.issued_on}\``;
  let later: CredentialFact | undefined;
  for (const c of mine) if (c.issued_on > issued && (!later || c.issued_on > later.issued_on)) later = c;
  if (later) {
    throw new InputError(`--issued: "${issued}" is before ${who}'s ${code} record ${described(later, s)}, which would supersede it at once`,
      `to correct that record's issue date, remove it first with ${removeHint(later)}, then grant again; earlier records come in with \`credtrack import --type credentials\``);
  }
  if (!s.rules().credentialOn(code, issued)?.renewal) return;
  const held = currentRecord(mine, code, issued);
  if (!held || held.status === 'provisional' || !isHeldOn(held, issued, s.rules().pack)) return;
  throw new InputError(`--issued: a second ${code} record issued ${issued} is not added: ${who} already holds ${code} ${described(held, s)}`,
    `to record a renewal use \`credtrack credential renew ${who} --credential ${code} --date DATE\`; to correct the issue date, remove the wrong record first with ${removeHint(held)}, then grant again`);
}

/** `credential grant`: records the credential (a re-grant of the same issue date updates it), refusing a second record beside one held. */
export function grantCredential(s: Session, row: CredentialRow, optionName: (c: string) => string): { outcome: string; message: string } {
  return recordOne(s, 'credentials', row, optionName, (person) => refuseSecondRecord(s, person, row));
}
