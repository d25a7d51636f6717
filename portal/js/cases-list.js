// A list of cases as cards (readable on a 390-px screen): P1 first and overdue marked in text, not colour alone.
import { h, link, fmtTime } from './dom.js';
import { enc } from './api.js';

const PRIORITY_ORDER = { P1: 0, P2: 1, P3: 2 };

export function byUrgency(a, b) {
  return (PRIORITY_ORDER[a.priority] ?? 9) - (PRIORITY_ORDER[b.priority] ?? 9)
    || Number(b.overdue) - Number(a.overdue)
    || String(a.createdAt).localeCompare(String(b.createdAt))
    || String(a.caseId).localeCompare(String(b.caseId));
}

export function caseCards(cases, { empty = 'No cases.', extra } = {}) {
  if (cases.length === 0) return h('p', { class: 'empty' }, empty);
  return h('ul', { class: 'cards' }, [...cases].sort(byUrgency).map((c) =>
    h('li', { class: `card ${c.priority}${c.overdue ? ' overdue' : ''}` },
      h('p', { class: 'card-title' },
        h('span', { class: `badge ${c.priority}` }, c.priority), ' ',
        link(`#/cases/${enc(c.caseId)}`, c.caseId, { 'aria-label': `Case ${c.caseId}, ${c.priority}${c.overdue ? ', overdue' : ''}, ${c.status}` }),
        c.overdue ? h('span', { class: 'badge overdue' }, 'Overdue') : null),
      h('p', { class: 'meta' },
        `Status: ${c.status}${c.outcome ? ` (${c.outcome})` : ''}`,
        c.district ? ` · ${c.district}` : '',
        c.dueAt && c.status === 'assigned' ? ` · acknowledge by ${fmtTime(c.dueAt)}` : '',
        ` · batch ${c.batchId}`),
      extra ? extra(c) : null)));
}
