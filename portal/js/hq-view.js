// HQ: the review queue (promote or drop), each district's funnel as a chart with the same numbers as a table,
// overdue cases, and a batch's not-actionable and out-of-state lists.
import { h, svg, render, announce } from './dom.js';
import { api, enc } from './api.js';
import { caseCards } from './cases-list.js';

const STAGES = ['assigned', 'acknowledged', 'investigating', 'closed'];

function decisionForm(c, reload) {
  const id = `d-${c.caseId}`;
  const decision = h('select', { id: `${id}-decision` }, h('option', { value: 'promote' }, 'Promote to a district'), h('option', { value: 'drop' }, 'Drop'));
  const district = h('input', { id: `${id}-district`, type: 'text', placeholder: c.placedIn ?? '', autocomplete: 'off' });
  const outcome = h('select', { id: `${id}-outcome` }, h('option', { value: 'not-csam' }, 'not-csam'), h('option', { value: 'suspect-not-identified' }, 'suspect-not-identified'));
  const districtRow = h('div', { class: 'field' }, h('label', { for: `${id}-district` }, `District (empty: ${c.placedIn ?? 'where the evidence places it'})`), district);
  const outcomeRow = h('div', { class: 'field' }, h('label', { for: `${id}-outcome` }, 'Outcome'), outcome);
  const sync = () => { districtRow.hidden = decision.value !== 'promote'; outcomeRow.hidden = decision.value !== 'drop'; };
  decision.addEventListener('change', sync);
  sync();
  const form = h('form', { class: 'action inline', 'aria-label': `Decide case ${c.caseId}` },
    h('div', { class: 'field' }, h('label', { for: `${id}-decision` }, 'Decision'), decision), districtRow, outcomeRow,
    h('button', { type: 'submit' }, 'Decide'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = { decision: decision.value, ifVersion: c.version };
    if (decision.value === 'promote' && district.value.trim()) body.district = district.value.trim();
    if (decision.value === 'drop') body.outcome = outcome.value;
    try {
      const done = await api(`/api/review/${enc(c.caseId)}`, { method: 'POST', body });
      await reload();
      announce(`Case ${done.caseId}: ${decision.value === 'promote' ? `promoted to ${done.district}` : `dropped (${done.outcome})`}.`, 'ok');
    } catch (err) {
      announce(`Not decided: ${err.message}`, 'error');
    }
  });
  return form;
}

export async function reviewView(batch) {
  const reload = () => reviewView(batch);
  const { cases } = await api(`/api/review${batch ? `?batch=${enc(batch)}` : ''}`);
  render(
    h('h1', {}, batch ? `Review queue: batch ${batch}` : 'Review queue'),
    h('p', { class: 'summary' }, `${cases.length} case${cases.length === 1 ? '' : 's'} awaiting a decision, oldest first.`),
    caseCards(cases, { empty: 'Nothing awaits review.', extra: (c) => decisionForm(c, reload) }),
    batch ? await notActionable(batch) : null,
  );
}

function funnelChart(districts) {
  const rows = Object.entries(districts).sort(([, a], [, b]) => b.total - a.total || 0);
  const max = Math.max(1, ...rows.map(([, f]) => f.total));
  const barH = 22, gap = 8, labelW = 120, width = 360;
  const height = rows.length * (barH + gap) + 4;
  const desc = rows.map(([d, f]) => `${d}: ${f.total} cases, ${STAGES.map((s) => `${f[s]} ${s}`).join(', ')}, ${f.overdue} overdue`).join('. ');
  return svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': 'funnel-title funnel-desc', class: 'chart', width: '100%' },
    svg('title', { id: 'funnel-title' }, 'Cases by district and status'),
    svg('desc', { id: 'funnel-desc' }, desc || 'No cases yet.'),
    rows.map(([d, f], i) => {
      const y = i * (barH + gap);
      let x = labelW;
      return svg('g', {},
        svg('text', { x: 0, y: y + barH * 0.7, class: 'chart-label' }, d),
        STAGES.map((s) => {
          const w = ((width - labelW - 30) * (f[s] ?? 0)) / max;
          const r = svg('rect', { x, y, width: Math.max(0, w), height: barH, class: `bar ${s}` }, svg('title', {}, `${d}: ${f[s]} ${s}`));
          x += w;
          return r;
        }),
        svg('text', { x: x + 4, y: y + barH * 0.7, class: 'chart-value' }, String(f.total)));
    }));
}

function funnelTable(districts) {
  const rows = Object.entries(districts).sort(([a], [b]) => a.localeCompare(b));
  return h('div', { class: 'scroll', role: 'region', 'aria-label': 'Funnel by district, table', tabindex: '0' }, h('table', {},
    h('caption', {}, 'Funnel by district'),
    h('thead', {}, h('tr', {}, ['District', 'Total', ...STAGES, 'Overdue'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows.map(([d, f]) => h('tr', {}, h('th', { scope: 'row' }, d), h('td', {}, f.total), STAGES.map((s) => h('td', {}, f[s] ?? 0)), h('td', {}, f.overdue))))));
}

async function notActionable(batch) {
  const section = h('section', { 'aria-labelledby': 'na-h' }, h('h2', { id: 'na-h' }, `Not actionable — batch ${batch}`));
  try {
    const lists = await api(`/api/batches/${enc(batch)}/not-actionable`);
    section.append(
      h('h3', {}, `Out of state, for forwarding (${lists.outOfState.reduce((n, g) => n + g.total, 0)})`),
      lists.outOfState.length === 0 ? h('p', { class: 'empty' }, 'None.') : h('ul', { class: 'plain' }, lists.outOfState.map((g) =>
        h('li', {}, h('strong', {}, `${g.place} (${g.total})`), h('ul', {}, g.cases.map((c) => h('li', {}, `${c.caseId} [${c.priority}] — ${c.reasons.join(', ')}`)))))),
      h('h3', {}, `Other not actionable (${lists.other.total})`),
      lists.other.total === 0 ? h('p', { class: 'empty' }, 'None.') : h('ul', { class: 'plain' }, lists.other.cases.map((c) => h('li', {}, `${c.caseId} [${c.priority}] — ${c.reasons.join(', ')}`))),
    );
  } catch (err) {
    section.append(h('p', { class: 'empty' }, `The lists could not be read: ${err.message}`));
  }
  return section;
}

export async function hqView(batch) {
  const [funnel, { cases }, review] = await Promise.all([api('/api/districts'), api('/api/cases'), api('/api/review')]);
  const overdue = cases.filter((c) => c.overdue);
  const batchInput = h('input', { id: 'batch-input', name: 'batch', type: 'text', value: batch ?? '', placeholder: 'b-…', autocomplete: 'off' });
  const batchForm = h('form', { class: 'action inline', role: 'search', 'aria-label': 'Not-actionable lists of a batch' },
    h('div', { class: 'field' }, h('label', { for: 'batch-input' }, 'Batch ID'), batchInput), h('button', { type: 'submit' }, 'Show lists'));
  batchForm.addEventListener('submit', (ev) => { ev.preventDefault(); location.hash = `#/hq?batch=${enc(batchInput.value.trim())}`; });
  render(
    h('h1', {}, 'State Cyber Cell HQ'),
    h('p', { class: 'summary' }, h('a', { href: '#/review' }, `Review queue: ${review.cases.length} awaiting a decision`), funnel.hq ? ` · promoted ${funnel.hq.promoted} · dropped ${funnel.hq.dropped} · out of state, to forward ${funnel.hq.outOfState ?? 0}` : ''),
    h('section', { 'aria-labelledby': 'funnel-h' }, h('h2', { id: 'funnel-h' }, 'Districts'), funnelChart(funnel.districts), funnelTable(funnel.districts)),
    h('section', { 'aria-labelledby': 'overdue-h' }, h('h2', { id: 'overdue-h' }, `Overdue cases (${overdue.length})`), caseCards(overdue, { empty: 'No case is overdue.' })),
    h('section', { 'aria-labelledby': 'lists-h' }, h('h2', { id: 'lists-h' }, 'Not-actionable and out-of-state lists'), batchForm),
    batch ? await notActionable(batch) : null,
  );
}
