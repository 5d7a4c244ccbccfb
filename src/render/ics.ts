// iCalendar (RFC 5545) of reminder due dates: one all-day event per item, its UID derived
// from the item's stable key, so calendar apps update an event instead of duplicating it.
import { addDays } from '../engine/dates.js';
import type { Reminder } from '../engine/reminders.js';

/** TEXT escaping: backslash, semicolon, comma and newlines. */
export function icsText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** UTF-8 octets of a code point (a lone surrogate is written as U+FFFD: 3). */
const octetsOf = (cp: number) => (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);

/** Folds a content line at 75 octets, never inside a UTF-8 character. */
export function foldLine(line: string): string {
  // Most lines are short ASCII: 75 UTF-16 units of ASCII are 75 octets.
  if (line.length <= 75 && !/[^\x00-\x7f]/.test(line)) return line;
  const out: string[] = [];
  let start = 0;
  let octets = 0;
  for (let i = 0; i < line.length;) {
    const cp = line.codePointAt(i)!;
    const n = octetsOf(cp);
    const limit = out.length ? 74 : 75; // continuation lines start with a space
    if (octets + n > limit) {
      out.push(line.slice(start, i));
      start = i;
      octets = 0;
    }
    octets += n;
    i += cp > 0xffff ? 2 : 1;
  }
  out.push(line.slice(start));
  return out.join('\r\n ');
}

const compact = (date: string) => date.replace(/-/g, '');

/** Stable UID: the key with '/' for '|' (person ids and codes never hold '/'). */
export function uidOf(key: string): string {
  return `${key.replace(/\|/g, '/')}@credtrack`;
}

const LABEL: Record<string, string> = {
  credential_expiring: 'expires', credential_expired: 'expired', ceu_deficit: 'CEU hours short', renewal_fee_due: 'renewal fee due',
  certification_deadline: 'certification deadline', screening_expiring: 'screening expires', progression_due: 'progression takes effect',
  provisional_expiring: 'provisional certificate expires',
};

/** Content lines, each folded and ended with CRLF. */
const contentLines = (lines: string[]) => lines.map((l) => `${foldLine(l)}\r\n`).join('');

/** What comes before the events. */
export const ICS_HEAD = contentLines(['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//credtrack//reminders//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', 'X-WR-CALNAME:credtrack reminders']);
/** What comes after them. */
export const ICS_TAIL = contentLines(['END:VCALENDAR']);

/** One item's event; DTSTAMP is the as-of date, so the same data gives the same file. */
export function icsEvent(r: Reminder, asOf: string): string {
  const who = [r.email && `email: ${r.email}`, r.supervisor && `supervisor: ${r.supervisor}${r.supervisor_email ? ` <${r.supervisor_email}>` : ''}`].filter(Boolean).join('; ');
  return contentLines([
    'BEGIN:VEVENT',
    `UID:${uidOf(r.key)}`,
    `DTSTAMP:${compact(asOf)}T000000Z`,
    `DTSTART;VALUE=DATE:${compact(r.due)}`,
    `DTEND;VALUE=DATE:${compact(addDays(r.due, 1))}`,
    `SUMMARY:${icsText(`${r.name} (${r.person}): ${r.subject} ${LABEL[r.kind] ?? r.kind}`)}`,
    `DESCRIPTION:${icsText(`${r.message}${who ? `\n${who}` : ''}\nkey: ${r.key}`)}`,
    `CATEGORIES:${icsText(r.kind)}`,
    'TRANSP:TRANSPARENT',
    'END:VEVENT',
  ]);
}

/** The calendar of `items`. */
export function renderIcs(items: Reminder[], asOf: string): string {
  return ICS_HEAD + items.map((r) => icsEvent(r, asOf)).join('') + ICS_TAIL;
}
