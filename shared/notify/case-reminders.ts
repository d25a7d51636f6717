/**
 * The daily lifecycle digest's emails: to a district, its newly promoted cases and its overdue ones; to HQ,
 * the overdue cases by district. Case references, priorities and due times only — never an officer's note or
 * a report value. Every value is escaped.
 */
import { COLORS, STYLE, htmlDocument, textFooter, type RenderedEmail } from './email-layout.js';
import { esc, subjectLine } from './escape.js';
import { formatIst } from './labels.js';
import type { Priority } from '../model/case.js';

export interface ReminderCase {
  caseId: string;
  priority: Priority;
  district: string | null;
  dueAt?: string;
  batchId: string;
}

const line = (c: ReminderCase): string => `${c.caseId}  ${c.priority}${c.dueAt ? `  due ${formatIst(c.dueAt)}` : ''}`;
const htmlItem = (c: ReminderCase): string =>
  `<li><strong style="color:${COLORS[c.priority]}">${esc(c.priority)}</strong> ${esc(c.caseId)}${c.dueAt ? ` <span style="${STYLE.muted}">due ${esc(formatIst(c.dueAt))}</span>` : ''}</li>`;
const byPriority = (a: ReminderCase, b: ReminderCase) => (a.priority < b.priority ? -1 : a.priority > b.priority ? 1 : a.caseId < b.caseId ? -1 : 1);

export function renderDistrictReminder(input: { district: string; day: string; promoted: ReminderCase[]; overdue: ReminderCase[] }): RenderedEmail {
  const promoted = [...input.promoted].sort(byPriority);
  const overdue = [...input.overdue].sort(byPriority);
  const title = `Cases for ${input.district}: ${promoted.length} new from review, ${overdue.length} overdue — ${input.day}`;
  const sections: string[] = [`<h1 style="${STYLE.h1}">${esc(title)}</h1>`];
  const text: string[] = [title, ''];
  if (promoted.length) {
    sections.push(`<h2 style="${STYLE.h2}">Promoted from HQ's review queue (${promoted.length})</h2><ul style="${STYLE.list}">${promoted.map(htmlItem).join('')}</ul>`);
    text.push(`Promoted from HQ's review queue (${promoted.length}):`, ...promoted.map(line), '');
  }
  if (overdue.length) {
    sections.push(`<h2 style="${STYLE.h2}">Overdue: not acknowledged in time (${overdue.length})</h2><ul style="${STYLE.list}">${overdue.map(htmlItem).join('')}</ul>`);
    text.push(`Overdue — not acknowledged in time (${overdue.length}):`, ...overdue.map(line), '');
  }
  sections.push(`<p style="${STYLE.p}">Acknowledge each case in the case portal, or with your case tools.</p>`);
  text.push('Acknowledge each case in the case portal.', '', textFooter());
  return { subject: subjectLine(title), html: htmlDocument(title, sections.join('\n')), text: text.join('\n') };
}

export function renderHqOverdue(input: { day: string; overdue: ReminderCase[] }): RenderedEmail {
  const byDistrict = new Map<string, ReminderCase[]>();
  for (const c of input.overdue) {
    const d = c.district ?? '(no district)';
    byDistrict.set(d, [...(byDistrict.get(d) ?? []), c]);
  }
  const districts = [...byDistrict.keys()].sort();
  const title = `Overdue cases: ${input.overdue.length} in ${districts.length} district${districts.length === 1 ? '' : 's'} — ${input.day}`;
  const html = [`<h1 style="${STYLE.h1}">${esc(title)}</h1>`];
  const text = [title, ''];
  for (const d of districts) {
    const cases = byDistrict.get(d)!.sort(byPriority);
    html.push(`<h2 style="${STYLE.h2}">${esc(d)} (${cases.length})</h2><ul style="${STYLE.list}">${cases.map(htmlItem).join('')}</ul>`);
    text.push(`${d} (${cases.length}):`, ...cases.map(line), '');
  }
  text.push(textFooter());
  return { subject: subjectLine(title), html: htmlDocument(title, html.join('\n')), text: text.join('\n') };
}
