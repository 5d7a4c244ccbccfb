// Renderers: the iCalendar file (RFC 5545 escaping, folding, stable UIDs) and the HTML report.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Reminder } from '../../src/engine/reminders.js';
import { escapeHtml, renderHtmlReport } from '../../src/render/html-report.js';
import { foldLine, icsText, renderIcs, uidOf } from '../../src/render/ics.js';
import type { ComplianceReport } from '../../src/services/report.js';

const item: Reminder = {
  key: 'P001|ceu_deficit|CRSS|2027-01-14', person: 'P001', name: 'Ana Díaz, Jr.', kind: 'ceu_deficit', subject: 'CRSS', due: '2027-01-14',
  days_left: 44, severity: 'info', message: 'CRSS: 10 of 40 CEU hours in the cycle ending 2027-01-14; 30 to go', email: 'ana@example.org',
  supervisor: 'S1', supervisor_email: 's1@example.org', site: 'North', threshold: 60,
};

const unfold = (ics: string) => ics.replace(/\r\n /g, '').split('\r\n');

describe('iCalendar', () => {
  it('escapes TEXT values', () => {
    expect(icsText('a;b,c\\d\ne')).toBe('a\\;b\\,c\\\\d\\ne');
  });
  it('folds lines at 75 octets without splitting a character', () => {
    const line = `DESCRIPTION:${'é'.repeat(100)}`;
    const folded = foldLine(line);
    for (const part of folded.split('\r\n')) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
  });
  it('folds any line as folding character by character does', () => {
    // The reference: one character at a time, measured by Buffer.byteLength.
    const reference = (line: string) => {
      const out: string[] = [];
      let current = '';
      let octets = 0;
      for (const ch of line) {
        const n = Buffer.byteLength(ch);
        if (octets + n > (out.length ? 74 : 75)) {
          out.push(current);
          current = '';
          octets = 0;
        }
        current += ch;
        octets += n;
      }
      out.push(current);
      return out.join('\r\n ');
    };
    const text = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }));
    fc.assert(fc.property(text, (line) => foldLine(line) === reference(line)), { numRuns: 2000 });
    for (const line of ['', 'x'.repeat(75), 'x'.repeat(76), `${'x'.repeat(74)}é`, `${'x'.repeat(73)}😀y`, '\ud800'.repeat(40)]) expect(foldLine(line)).toBe(reference(line));
  });
  it('writes one all-day event per item with a UID from its key', () => {
    const ics = renderIcs([item, { ...item, key: 'P002|screening_expiring|tb|2026-12-01', person: 'P002', due: '2026-12-01' }], '2026-11-22');
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/\n/);
    const lines = unfold(ics);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(2);
    expect(lines).toContain('UID:P001/ceu_deficit/CRSS/2027-01-14@credtrack');
    expect(lines).toContain('DTSTART;VALUE=DATE:20270114');
    expect(lines).toContain('DTEND;VALUE=DATE:20270115');
    expect(lines).toContain('DTSTAMP:20261122T000000Z');
    expect(lines).toContain('SUMMARY:Ana Díaz\\, Jr. (P001): CRSS CEU hours short');
    expect(lines.find((l) => l.startsWith('DESCRIPTION:'))).toContain('\\nemail: ana@example.org\\; supervisor: S1 <s1@example.org>');
    expect(renderIcs([item], '2026-11-22')).toBe(renderIcs([item], '2026-11-22'));
    expect(uidOf(item.key)).toBe('P001/ceu_deficit/CRSS/2027-01-14@credtrack');
  });
});

describe('HTML report', () => {
  const report: ComplianceReport = {
    as_of: '2026-11-22', within_days: 90, people: { active: 2, with_items: 1 },
    credentials: { by_status: { active: 1, provisional: 0, expired: 1, lapsed: 0, revoked: 0 }, by_credential: [{ code: 'CRSS', active: 1, provisional: 0, expired: 1, lapsed: 0, revoked: 0, total: 2 }] },
    ceu_short: [],
    deadlines: { total: 1, overdue: 1, warning: 0, by_kind: { credential_expired: 1 },
      items: [{ person: 'P1', name: '<script>alert(1)</script>', kind: 'credential_expired', subject: 'CRSS', due: '2026-01-14', days_left: -312, severity: 'overdue', message: 'CRSS expired & "gone"', email: null, supervisor: null }] },
    progressions: { due: 0, blocked: 0, pending: 0, items: [] },
  };
  it('escapes every value and loads nothing from outside', () => {
    const html = renderHtmlReport(report);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('CRSS expired &amp; &quot;gone&quot;');
    expect(html).not.toMatch(/(src|href)=/);
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<tr class="overdue">');
    expect(escapeHtml(`'`)).toBe('&#39;');
  });
});
