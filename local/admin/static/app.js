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
// IST is UTC+05:30 all year.
function fmtIst(iso) {
  const t = Date.parse(iso || '');
  if (Number.isNaN(t)) return '—';
  return new Date(t + 330 * 60000).toISOString().slice(11, 19) + ' IST';
}
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

function filterQuery() {
  const q = new URLSearchParams();
  for (const [k, id] of [['status', '#f-status'], ['since', '#f-since'], ['until', '#f-until'], ['file', '#f-file']]) {
    const v = $(id).value;
    if (v) q.set(k, v);
  }
  return q.toString();
}

async function loadRuns() {
  const runs = await getJson('/api/runs?' + filterQuery());
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
      el('td', {}, fmtIst(r.startDate)),
      el('td', { class: 'status-' + r.status }, r.status + (r.succeededLater ? ' (succeeded later)' : r.alreadyProcessed ? ' (already processed)' : '')),
      el('td', {}, r.batchId || '—'),
      el('td', {}, r.file || '—'),
      el('td', { class: 'num' }, fmtMs(r.durationMs)),
      el('td', { class: 'num' }, c.received ?? ''),
      el('td', { class: 'num' }, c.valid ?? ''),
      el('td', { class: 'num' }, c.rejected ?? ''),
      el('td', { class: 'num' }, c.duplicates ?? ''),
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
    const name = (t.map ? '  ' : '') + t.state + (t.map ? ' · ' + (t.iteration ?? '#' + (t.mapIndex ?? '?')) : '');
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
      el('td', { class: 'num' }, s.retries || ''), el('td', { class: 'num' }, s.failedAttempts || ''), el('td', { class: 'num' }, s.failures || ''), el('td', {}, counts));
  }
}

function countsList(view) {
  const dl = $('#counts');
  clear(dl);
  const c = view.counts;
  const by = view.emailsBy || { districts: 0, hq: 0 };
  const items = [['Received', c.received], ['Valid', c.valid], ['Rejected', c.rejected], ['Duplicates', c.duplicates], ['Cases', c.cases], ['Actionable', c.actionable], ['For review', c.review], ['Not actionable', c.notActionable], ['Emails sent', view.emails + ' (' + by.districts + ' district, ' + by.hq + ' HQ)']];
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

function stateBlock(t) {
  const d = el('details', { class: 'state-io' + (t.error ? ' failed' : ''), 'data-state': t.state });
  if (t.error) d.open = true;
  d.append(el('summary', {}, t.state + ' (' + t.type + ') · ' + fmtMs(t.durationMs) + (t.retries ? ' · ' + t.retries + ' retries' : '') + (t.error ? ' · ✘ ' + t.error + (t.cause ? ': ' + t.cause : '') : '')));
  d.append(el('div', { class: 'muted' }, 'Input'), el('pre', { class: 'io-input' }, t.input ?? '—'), el('div', { class: 'muted' }, 'Output'), el('pre', { class: 'io-output' }, t.output ?? (t.exitedAt ? '—' : '(running)')));
  return d;
}

// Top-level states in order; after each Map, its iterations (failed first), each collapsible and named by what it processes.
function statesList(view) {
  const host = $('#states');
  clear(host);
  for (const t of view.timeline) {
    if (t.map) continue;
    host.append(stateBlock(t));
    const map = (view.maps || []).find((m) => m.map === t.state);
    if (!map) continue;
    host.append(el('div', { class: 'map-title' }, t.state + ': ' + map.iterations.length + ' iteration(s), ' + map.failed + ' failed'));
    for (const it of map.iterations) {
      const d = el('details', { class: 'iteration' + (it.status === 'FAILED' ? ' failed' : ''), 'data-map': map.map, 'data-iteration': it.label });
      if (it.status === 'FAILED') d.open = true;
      d.append(el('summary', {}, it.label + ' — ' + it.status + ' · ' + fmtMs(it.durationMs) + (it.retries ? ' · ' + it.retries + ' retries' : '') + (it.error ? ' · ' + it.error : '')));
      for (const i of it.entries) d.append(stateBlock(view.timeline[i]));
      host.append(d);
    }
  }
}

function mailRows(body, mails) {
  clear(body);
  if (!mails.length) { const tr = el('tr'); tr.append(el('td', { colspan: 3, class: 'muted' }, 'None.')); body.append(tr); return; }
  for (const m of mails) {
    const tr = el('tr', { class: 'mail-row' });
    const subject = el('td');
    if (m.hasHtml) subject.append(el('a', { href: '/mail/' + encodeURIComponent(m.id), target: '_blank', rel: 'noopener noreferrer' }, m.subject));
    else subject.textContent = m.subject;
    tr.append(el('td', {}, fmtTime(m.sentAt)), el('td', {}, (m.to || []).join(', ')), subject);
    body.append(tr);
  }
}

async function runExtras(name) {
  const [emails, logs] = await Promise.all([getJson('/api/runs/' + encodeURIComponent(name) + '/emails'), getJson('/api/runs/' + encodeURIComponent(name) + '/logs')]);
  mailRows($('#run-emails tbody'), emails);
  $('#run-emails-title').textContent = 'Emails of this run (' + emails.length + ' stored)';
  const body = $('#run-logs tbody');
  clear(body);
  $('#run-logs-title').textContent = 'Log lines of this run (' + logs.total + (logs.total > logs.lines.length ? ', first ' + logs.lines.length + ' shown' : '') + ')';
  for (const l of logs.lines) {
    const tr = el('tr', { class: 'log-line' });
    tr.append(el('td', {}, fmtTime(l.timestamp)), el('td', {}, l.level || ''), el('td', {}, String(l.function_name || '').replace(/^PipelineSteps|Function[0-9A-F]+$/g, '')), el('td', {}, l.message || ''));
    body.append(tr);
  }
}

async function loadMail() {
  const mails = await getJson('/api/mail');
  $('#mail-count').textContent = '(' + mails.length + ')';
  mailRows($('#mail tbody'), mails);
}

async function showRun(name) {
  selected = name;
  for (const tr of document.querySelectorAll('#runs tbody tr')) tr.classList.toggle('selected', tr.getAttribute('data-execution') === name);
  const view = await getJson('/api/runs/' + encodeURIComponent(name));
  $('#run').hidden = false;
  $('#run').setAttribute('data-execution', view.execution);
  $('#run-title').textContent = (view.file ? view.file.key : view.execution) + ' — ' + view.status;
  $('#run-title').className = 'status-' + view.status;
  $('#run-meta').textContent = 'batch ' + (view.batchId || '—') + ' · execution ' + view.execution + ' · started ' + fmtTime(view.startDate) + ' (' + fmtIst(view.startDate) + ')' + ' · duration ' + fmtMs(view.durationMs) + (view.file && view.file.format ? ' · ' + view.file.format : '') + (view.status === 'RUNNING' ? ' · still running: the states so far' : '');
  const links = $('#run-links');
  clear(links);
  // Buttons, not #fragment links: the hash holds the open run.
  const jump = (id, text) => { const b = el('button', { type: 'button', class: 'jump', id: 'jump-' + id }, text); b.addEventListener('click', () => $('#' + id).scrollIntoView()); return b; };
  links.append(jump('run-emails-title', 'Emails of this run'), document.createTextNode(' '), jump('run-logs-title', 'Log lines of this run'));
  if (view.succeededLater) links.append(document.createTextNode(' · '), el('a', { id: 'succeeded-later', href: '#run=' + encodeURIComponent(view.succeededLater) }, 'The same file succeeded later: ' + view.succeededLater));
  const failure = $('#run-failure');
  if (view.failedAt) {
    failure.hidden = false;
    failure.textContent = 'Failed at ' + view.failedAt.state + ': ' + view.failedAt.error + (view.failedAt.cause ? '\n' + view.failedAt.cause : '');
  } else failure.hidden = true;
  timelineChart(view);
  statesList(view);
  stepsTable(view);
  countsList(view);
  districtsChart(view);
  await rejectedTable(view.execution);
  await runExtras(view.execution);
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
  loadMail().catch(() => undefined);
  for (const id of ['#f-status', '#f-since', '#f-until', '#f-file']) $(id).addEventListener('input', () => { lastRunsText = ''; loadRuns().catch(() => undefined); });
  setInterval(() => { loadRuns().catch(() => undefined); loadMail().catch(() => undefined); }, 3000);
});
