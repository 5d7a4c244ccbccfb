// Credential lifecycle: grant, renew (a new CEU cycle), lapse, revoke — each audited.
import { InputError } from '../errors.js';
import { cycleEnd, cycleOn, nextCycleStart } from '../engine/ceu-cycle.js';
import { formatDuration, subtractDuration } from '../engine/dates.js';
import { recordAudit } from '../store/audit.js';
import { writeTx } from '../store/db.js';
import { requirePerson } from '../store/people.js';
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
