// Tipline Router local admin page. Vanilla JS; every value from the API goes into the page through
// textContent or setAttribute on elements we create — never innerHTML — and charts are inline SVG.
'use strict';

const SVG = 'http://www.w3.org/2000/svg';
const $ = (sel) => document.querySelector(sel);

function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}
function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}
function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
function fmtMs(ms) {
  if (ms === undefined || ms === null) return '—';
  if (ms < 1000) return ms + ' ms';
  if (ms < 60000) return (ms / 1000).toFixed(1) + ' s';
  return Math.floor(ms / 60000) + ' min ' + Math.round((ms % 60000) / 1000) + ' s';
}
function fmtTime(iso) { return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '—'; }
async function getJson(url) {
  const res = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  if (!res.ok) throw new Error((await res.json().catch(() => ({}))).error || res.statusText);
  return res.json();
}

let selected = null;
let lastRunsText = '';

async function loadInfo() {
  const info = await getJson('/api/info');
  if (info.mailViewerUrl && /^http:\/\/127\.0\.0\.1:\d+\/?$/.test(info.mailViewerUrl)) {
    const a = $('#mail-link');
    a.setAttribute('href', info.mailViewerUrl);
    a.hidden = false;
  }
}

async function loadRuns() {
  const runs = await getJson('/api/runs');
  const text = JSON.stringify(runs);
  if (text === lastRunsText) return;
  lastRunsText = text;
  const body = $('#runs tbody');
  clear(body);
  $('#runs-count').textContent = '(' + runs.length + ')';
  for (const r of runs) {
    const c = r.counts || {};
    const tr = el('tr', { 'data-execution': r.execution, tabindex: 0, title: r.execution });
    if (r.execution === selected) tr.classList.add('selected');
    tr.append(
      el('td', {}, fmtTime(r.startDate)),
      el('td', { class: 'status-' + r.status }, r.status === 'RUNNING' && r.state ? 'RUNNING (' + r.state + ')' : r.status),
      el('td', {}, r.batchId || '—'),
      el('td', {}, r.file || '—'),
      el('td', { class: 'num' }, fmtMs(r.durationMs)),
      el('td', { class: 'num' }, c.received ?? ''),
      el('td', { class: 'num' }, c.valid ?? ''),
      el('td', { class: 'num' }, c.rejected ?? ''),
      el('td', { class: 'num' }, c.cases ?? ''),
      el('td', { class: 'num' }, c.actionable ?? ''),
      el('td', { class: 'num' }, r.emails ?? ''),
    );
    const open = () => { location.hash = '#run=' + encodeURIComponent(r.execution); };
    tr.addEventListener('click', open);
    tr.addEventListener('keydown', (e) => { if (e.key === 'Enter') open(); });
    body.append(tr);
  }
}

function timelineChart(view) {
  const host = $('#timeline-chart');
  clear(host);
  const rows = view.timeline;
  const start = Date.parse(view.startDate);
  const end = Math.max(Date.parse(view.stopDate || view.startDate), ...rows.map((t) => Date.parse(t.exitedAt || t.enteredAt)));
  const span = Math.max(1, end - start);
  const labelW = 260, chartW = 640, rowH = 20, top = 24;
  const root = svg('svg', { width: labelW + chartW + 90, height: top + rows.length * rowH + 8, role: 'img', 'aria-label': 'State timeline' });
  root.append(svg('text', { x: labelW, y: 14 }, '0'), svg('text', { x: labelW + chartW, y: 14, 'text-anchor': 'end' }, fmtMs(span)));
  root.append(svg('line', { class: 'axis', x1: labelW, y1: top - 4, x2: labelW + chartW, y2: top - 4 }));
  rows.forEach((t, i) => {
    const y = top + i * rowH;
    const x0 = labelW + ((Date.parse(t.enteredAt) - start) / span) * chartW;
    const x1 = labelW + ((Date.parse(t.exitedAt || t.enteredAt) - start) / span) * chartW;
    const name = (t.map ? '  ' : '') + t.state + (t.map ? ' #' + (t.mapIndex ?? '?') : '');
    root.append(svg('text', { x: 4 + (t.map ? 12 : 0), y: y + 14 }, name));
    const cls = t.error ? 'bar-failed' : t.retries ? 'bar-retried' : 'bar-ok';
    const bar = svg('rect', { class: 'timeline-bar ' + cls, x: x0.toFixed(1), y: y + 3, width: Math.max(2, x1 - x0).toFixed(1), height: rowH - 6, 'data-state': t.state });
    bar.append(svg('title', {}, t.state + ' (' + t.type + '): ' + fmtMs(t.durationMs) + (t.retries ? ', ' + t.retries + ' retries' : '') + (t.error ? ', ' + t.error + (t.cause ? ': ' + t.cause : '') : '')));
    root.append(bar);
    root.append(svg('text', { x: (Math.max(x1, x0 + 2) + 4).toFixed(1), y: y + 14 }, fmtMs(t.durationMs) + (t.retries ? ' ↻' + t.retries : '') + (t.error ? ' ✘ ' + t.error : '')));
  });
  host.append(root);
}

function districtsChart(view) {
  const host = $('#districts-chart');
  clear(host);
  const entries = Object.entries(view.districts || {}).sort((a, b) => b[1].cases - a[1].cases || a[0].localeCompare(b[0]));
  if (entries.length === 0) { host.append(el('p', { class: 'muted' }, 'No actionable cases in this run.')); return; }
  const max = Math.max(...entries.map(([, d]) => d.cases), 1);
  const labelW = 160, chartW = 480, rowH = 22, top = 20;
  const root = svg('svg', { width: labelW + chartW + 160, height: top + entries.length * rowH + 8, role: 'img', 'aria-label': 'Actionable cases per district' });
  const legend = [['P1', 'bar-P1'], ['P2', 'bar-P2'], ['P3', 'bar-P3']];
  legend.forEach(([p, cls], i) => {
    root.append(svg('rect', { class: cls, x: labelW + i * 60, y: 4, width: 10, height: 10 }), svg('text', { x: labelW + 14 + i * 60, y: 13 }, p));
  });
  entries.forEach(([name, d], i) => {
    const y = top + i * rowH;
    root.append(svg('text', { x: labelW - 6, y: y + 15, 'text-anchor': 'end' }, name));
    const g = svg('g', { class: 'district-bar', 'data-district': name, 'data-cases': d.cases });
    let x = labelW;
    for (const [p, cls] of legend) {
      const w = (d[p] / max) * chartW;
      if (w <= 0) continue;
      const r = svg('rect', { class: cls, x: x.toFixed(1), y: y + 3, width: w.toFixed(1), height: rowH - 6 });
      r.append(svg('title', {}, name + ': ' + d[p] + ' ' + p));
      g.append(r);
      x += w;
    }
    root.append(g, svg('text', { x: (x + 6).toFixed(1), y: y + 15 }, d.cases + '  (P1 ' + d.P1 + ', P2 ' + d.P2 + ', P3 ' + d.P3 + ')'));
  });
  host.append(root);
}

function stepsTable(view) {
  const body = $('#steps tbody');
  clear(body);
  for (const s of view.steps) {
    const counts = Object.entries(s.counts || {}).filter(([, n]) => n !== 0).map(([k, n]) => k + ' ' + n).join(', ');
    const tr = el('tr');
    body.append(tr);
    tr.append(el('td', {}, s.state), el('td', {}, s.type), el('td', { class: 'num' }, s.runs), el('td', { class: 'num' }, fmtMs(s.wallMs)),
      el('td', { class: 'num' }, s.retries || ''), el('td', { class: 'num' }, s.failures || ''), el('td', {}, counts));
  }
}

function countsList(view) {
  const dl = $('#counts');
  clear(dl);
  const c = view.counts;
  const items = [['Received', c.received], ['Valid', c.valid], ['Rejected', c.rejected], ['Duplicates', c.duplicates], ['Cases', c.cases], ['Actionable', c.actionable], ['For review', c.review], ['Not actionable', c.notActionable], ['Emails sent', view.emails]];
  for (const [k, v] of items) dl.append(el('dt', {}, k), el('dd', { 'data-count': k }, v));
}

async function rejectedTable(name) {
  const body = $('#rejected tbody');
  clear(body);
  const data = await getJson('/api/runs/' + encodeURIComponent(name) + '/rejected');
  if (!data.records.length) { const tr = el('tr'); tr.append(el('td', { colspan: 4, class: 'muted' }, 'None.')); body.append(tr); return; }
  for (const r of data.records) {
    const pos = ['line', 'element', 'row'].filter((k) => r.position && r.position[k] !== undefined).map((k) => k + ' ' + r.position[k]).join(', ') || '—';
    r.errors.forEach((e, i) => {
      const tr = el('tr', { class: 'rejected-record' });
      tr.append(el('td', {}, i === 0 ? pos : ''), el('td', {}, i === 0 ? (r.reportId || '—') : ''), el('td', {}, e.path || '(record)'), el('td', {}, e.message));
      body.append(tr);
    });
  }
}

async function showRun(name) {
  selected = name;
  for (const tr of document.querySelectorAll('#runs tbody tr')) tr.classList.toggle('selected', tr.getAttribute('data-execution') === name);
  const view = await getJson('/api/runs/' + encodeURIComponent(name));
  $('#run').hidden = false;
  $('#run').setAttribute('data-execution', view.execution);
  $('#run-title').textContent = (view.file ? view.file.key : view.execution) + ' — ' + view.status;
  $('#run-title').className = 'status-' + view.status;
  $('#run-meta').textContent = 'batch ' + (view.batchId || '—') + ' · execution ' + view.execution + ' · started ' + fmtTime(view.startDate) + ' · duration ' + fmtMs(view.durationMs) + (view.file && view.file.format ? ' · ' + view.file.format : '');
  const failure = $('#run-failure');
  if (view.failedAt) {
    failure.hidden = false;
    failure.textContent = 'Failed at ' + view.failedAt.state + ': ' + view.failedAt.error + (view.failedAt.cause ? '\n' + view.failedAt.cause : '');
  } else failure.hidden = true;
  timelineChart(view);
  stepsTable(view);
  countsList(view);
  districtsChart(view);
  await rejectedTable(view.execution);
}

function route() {
  const m = /^#run=(.+)$/.exec(location.hash);
  if (m) showRun(decodeURIComponent(m[1])).catch((e) => { $('#run').hidden = false; $('#run-title').textContent = 'Could not load run: ' + e.message; });
  else { $('#run').hidden = true; selected = null; }
}

window.addEventListener('hashchange', route);
window.addEventListener('DOMContentLoaded', () => {
  loadInfo().catch(() => undefined);
  loadRuns().then(route).catch(() => undefined);
  setInterval(() => loadRuns().catch(() => undefined), 3000);
});
