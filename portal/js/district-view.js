// A district's page: its cases (P1 first, overdue marked) and, for a batch, the downloads — the full list with
// identifiers and the per-ISP subscriber-request sheets — each fetched as a short-lived link through the API.
import { h, render, announce } from './dom.js';
import { api, enc } from './api.js';
import { caseCards } from './cases-list.js';

async function download(batchId, district, name, button) {
  button.disabled = true;
  try {
    const { url } = await api(`/api/batches/${enc(batchId)}/districts/${enc(district)}/files/${enc(name)}`);
    announce(`Downloading ${name}; the link is valid for five minutes.`);
    location.assign(url);
  } catch (err) {
    announce(`Download failed: ${err.message}`, 'error');
  } finally {
    button.disabled = false;
  }
}

async function downloads(batchId, district) {
  const section = h('section', { 'aria-labelledby': `dl-${batchId}` }, h('h2', { id: `dl-${batchId}` }, `Downloads — batch ${batchId}`));
  try {
    const { files } = await api(`/api/batches/${enc(batchId)}/districts/${enc(district)}/files`);
    section.append(h('ul', { class: 'downloads' }, files.map((f) => {
      const label = f.kind === 'list' ? `Full case list with identifiers (CSV, ${f.rows} cases)` : `ISP request sheet: ${f.isp ?? f.name} (CSV, ${f.rows} rows)`;
      const button = h('button', { type: 'button', class: 'download' }, label);
      button.addEventListener('click', () => download(batchId, district, f.name, button));
      return h('li', {}, button);
    })));
  } catch (err) {
    section.append(h('p', { class: 'empty' }, err.status === 404 ? 'No files for this batch.' : `Files could not be listed: ${err.message}`));
  }
  return section;
}

export async function districtView(district, batchId) {
  const query = new URLSearchParams({ district });
  if (batchId) query.set('batch', batchId);
  const { cases } = await api(`/api/cases?${query}`);
  const overdue = cases.filter((c) => c.overdue).length;
  const p1 = cases.filter((c) => c.priority === 'P1').length;
  const batches = batchId ? [batchId] : [...new Set(cases.map((c) => c.batchId))].sort().reverse().slice(0, 5);
  render(
    h('h1', {}, batchId ? `${district}: batch ${batchId}` : `${district}: cases`),
    h('p', { class: 'summary' }, `${cases.length} case${cases.length === 1 ? '' : 's'} · ${p1} P1 · ${overdue} overdue`),
    h('section', { 'aria-labelledby': 'cases-h' }, h('h2', { id: 'cases-h' }, 'Cases, P1 first'), caseCards(cases, { empty: 'No cases assigned.' })),
    ...(await Promise.all(batches.map((b) => downloads(b, district)))),
  );
}
