// One case: what it is, its identifiers, its history, and — for its district — acknowledge, update, close.
import { h, render, announce, fmtTime } from './dom.js';
import { api, enc } from './api.js';

const NEXT = { assigned: ['acknowledged'], acknowledged: ['investigating', 'closed'], investigating: ['closed'] };
const OUTCOMES = ['arrested', 'fir-registered', 'not-csam', 'suspect-not-identified', 'transferred'];

function identifiers(details) {
  if (!details) return h('p', { class: 'empty' }, 'Identifiers are not available for this case.');
  const rows = [
    ['Emails', details.identifiers?.emails], ['Phones', details.identifiers?.phones], ['Devices', details.identifiers?.devices],
    ['ESP accounts', details.identifiers?.espAccounts],
  ].filter(([, v]) => v && v.length > 0);
  return h('div', {},
    h('dl', { class: 'facts' }, rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v.join(', '))])),
    details.ipEvents?.length
      ? h('div', { class: 'scroll', role: 'region', 'aria-label': 'IP events', tabindex: '0' }, h('table', {},
          h('caption', {}, 'IP events (for ISP subscriber requests)'),
          h('thead', {}, h('tr', {}, ['IP', 'Port', 'Time (UTC)', 'ISP'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, details.ipEvents.map((e) => h('tr', {}, h('td', {}, e.ip), h('td', {}, e.port ?? '—'), h('td', {}, e.at ?? '—'), h('td', {}, e.isp ?? '—'))))))
      : h('p', {}, 'No public IP events.'),
    h('p', { class: 'meta' }, `Reports: ${(details.reportIds ?? []).join(', ')}`),
    details.incidentTypes?.length ? h('p', { class: 'meta' }, `Incident types: ${details.incidentTypes.join('; ')}`) : null);
}

function updateForm(kase, reload) {
  const next = NEXT[kase.status] ?? [];
  if (next.length === 0) return null;
  const status = h('select', { id: 'status-select', name: 'status', required: true }, next.map((s) => h('option', { value: s }, s)));
  const outcome = h('select', { id: 'outcome-select', name: 'outcome' }, h('option', { value: '' }, '—'), OUTCOMES.map((o) => h('option', { value: o }, o)));
  const fir = h('input', { id: 'fir-input', name: 'fir', type: 'text', maxlength: '60', autocomplete: 'off' });
  const note = h('textarea', { id: 'note-input', name: 'note', rows: '3', maxlength: '4000' });
  const outcomeRow = h('div', { class: 'field' }, h('label', { for: 'outcome-select' }, 'Outcome (needed to close)'), outcome);
  const sync = () => { outcomeRow.hidden = status.value !== 'closed'; };
  status.addEventListener('change', sync);
  sync();
  const form = h('form', { class: 'action', 'aria-labelledby': 'update-h' },
    h('h2', { id: 'update-h' }, 'Update the case'),
    h('div', { class: 'field' }, h('label', { for: 'status-select' }, 'New status'), status),
    outcomeRow,
    h('div', { class: 'field' }, h('label', { for: 'fir-input' }, 'FIR number (optional)'), fir),
    h('div', { class: 'field' }, h('label', { for: 'note-input' }, 'Note (optional; kept encrypted)'), note),
    h('button', { type: 'submit' }, 'Save'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = { status: status.value, ifVersion: kase.version };
    if (status.value === 'closed' && outcome.value) body.outcome = outcome.value;
    if (fir.value.trim()) body.fir = fir.value.trim();
    if (note.value.trim()) body.note = note.value.trim();
    try {
      const updated = await api(`/api/cases/${enc(kase.caseId)}/status`, { method: 'POST', body });
      await reload();
      announce(`Case ${updated.caseId} is now ${updated.status}${updated.outcome ? ` (${updated.outcome})` : ''}.`, 'ok');
    } catch (err) {
      announce(`Not saved: ${err.message}`, 'error');
    }
  });
  return form;
}

export async function caseView(caseId, role) {
  const reload = () => caseView(caseId, role);
  const kase = await api(`/api/cases/${enc(caseId)}`);
  const details = await api(`/api/cases/${enc(caseId)}/identifiers`).catch(() => null);
  const mayUpdate = role && role === `district:${kase.district}`;
  render(
    h('h1', {}, `Case ${kase.caseId}`),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Priority'), h('dd', {}, kase.priority),
      h('dt', {}, 'Status'), h('dd', {}, `${kase.status}${kase.outcome ? ` (${kase.outcome})` : ''}${kase.overdue ? ' — overdue' : ''}`),
      h('dt', {}, 'District'), h('dd', {}, kase.district ?? '—'),
      h('dt', {}, 'Batch'), h('dd', {}, kase.batchId),
      kase.fir ? [h('dt', {}, 'FIR'), h('dd', {}, kase.fir)] : null,
      kase.dueAt ? [h('dt', {}, 'Acknowledge by'), h('dd', {}, fmtTime(kase.dueAt))] : null,
      h('dt', {}, 'Version'), h('dd', {}, String(kase.version))),
    h('section', { 'aria-labelledby': 'ids-h' }, h('h2', { id: 'ids-h' }, 'Identifiers'), identifiers(details)),
    mayUpdate ? updateForm(kase, reload) : null,
    h('section', { 'aria-labelledby': 'hist-h' }, h('h2', { id: 'hist-h' }, 'History'),
      h('ol', { class: 'history' }, (kase.history ?? []).map((e) =>
        h('li', {}, `${fmtTime(e.at)} — ${e.actor}: ${e.from ?? '—'} → ${e.to}${e.outcome ? ` (${e.outcome})` : ''}${e.fir ? `, FIR ${e.fir}` : ''}`,
          e.note ? h('p', { class: 'note' }, e.note) : null)))),
  );
}
