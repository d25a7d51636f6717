/** Terminal rendering of the run views (`tipline runs`, `tipline runs show`, `tipline rejected`). */
import type { RunRow, RunView, TimelineEntry } from '../shared/runs/run-view.js';
import type { RejectedRecord } from '../shared/runs/mask.js';
import { formatIstSeconds } from '../shared/notify/labels.js';

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '—';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  return `${m} min ${Math.round((ms % 60_000) / 1000)} s`;
}

const time = (iso: string | undefined): string => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '—');
/** UTC with IST beside it: "2026-12-03 09:48:51Z (15:18:51 IST)". */
const both = (iso: string | undefined): string => (iso ? `${time(iso)} (${(formatIstSeconds(iso) ?? '').slice(11)})` : '—');

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}

export function formatRunsTable(rows: RunRow[]): string {
  if (rows.length === 0) return 'No runs yet. Process a file with `tipline run FILE`, or `tipline serve` and `tipline drop FILE`.';
  const body = rows.map((r) => [
    r.startDate ? time(r.startDate) : '—',
    r.startDate ? (formatIstSeconds(r.startDate) ?? '').slice(11, 19) : '—',
    r.status,
    r.batchId ?? '—',
    r.file ?? '—',
    formatDuration(r.durationMs),
    `${r.counts.received}/${r.counts.valid}/${r.counts.rejected}`,
    String(r.counts.duplicates),
    `${r.counts.cases}/${r.counts.actionable}`,
    String(r.emails),
    r.execution,
  ]);
  const notes = [
    ...rows.filter((r) => r.alreadyProcessed).map((r) => `${r.file ?? r.batchId}: already processed by execution ${r.processedBy}; nothing was done again`),
    ...rows.filter((r) => r.succeededLater).map((r) => `${r.execution} (FAILED): ${r.file} succeeded later in ${r.succeededLater}`),
  ];
  return [...table(['STARTED (UTC)', 'IST', 'STATUS', 'BATCH', 'FILE', 'DURATION', 'RECV/VALID/REJ', 'DUPS', 'CASES/ACT', 'EMAILS', 'EXECUTION'], body), ...notes, `${rows.length} run(s), newest first`].join('\n');
}

export function formatRunView(v: RunView, artifacts?: { mail?: string; mailCount?: number; logs?: string; logCount?: number }): string {
  const ok = v.status === 'SUCCEEDED';
  const lines = [
    `${ok ? '✔' : v.status === 'RUNNING' ? '…' : '✘'} ${v.file?.key ?? '(unknown file)'}  ${v.status}`,
    `  batch ${v.batchId ?? '—'}  ·  execution ${v.execution}`,
    `  started ${both(v.startDate)}  ·  stopped ${both(v.stopDate)}  ·  duration ${formatDuration(v.durationMs)}`,
  ];
  if (v.file?.format) lines.push(`  file: ${v.file.format}${v.file.sha256 ? `  sha256 ${v.file.sha256}` : ''}`);
  if (v.alreadyHandledBy) lines.push(`  this file's batch was already handled by execution ${v.alreadyHandledBy}; nothing was done twice`);
  if (v.status === 'RUNNING') lines.push('  still running: the states so far');
  if (v.failedAt) {
    lines.push('', `  FAILED at ${v.failedAt.state}: ${v.failedAt.error}`);
    if (v.failedAt.cause) lines.push(`    ${v.failedAt.cause}`);
    if (v.succeededLater) lines.push(`  the same file succeeded later: tipline runs show ${v.succeededLater}`);
  }

  // Top-level states in order; each Map's iterations one line each (failed first), named by what they process.
  lines.push('', '  Timeline');
  const rows: string[][] = [];
  const entryRow = (t: TimelineEntry, name: string) => [
    name,
    t.type,
    time(t.enteredAt).slice(11),
    t.exitedAt ? time(t.exitedAt).slice(11) : '—',
    formatDuration(t.durationMs),
    t.retries ? String(t.retries) : '',
    t.error ? `${t.error}${t.cause ? `: ${t.cause}` : ''}` : '',
  ];
  for (const t of v.timeline) {
    if (t.map) continue;
    rows.push(entryRow(t, t.state));
    const map = v.maps.find((m) => m.map === t.state);
    if (!map) continue;
    for (const it of map.iterations) {
      const states = it.entries.map((i) => v.timeline[i]!.state).filter((x, k, all) => all.indexOf(x) === k).join('→');
      rows.push([`  ${it.label}`, states, time(it.enteredAt).slice(11), it.exitedAt ? time(it.exitedAt).slice(11) : '—', formatDuration(it.durationMs), it.retries ? String(it.retries) : '', it.status === 'SUCCEEDED' ? '' : it.error ?? it.status]);
    }
  }
  lines.push(...table(['STATE', 'TYPE', 'ENTERED', 'EXITED', 'DURATION', 'RETRIES', 'ERROR'], rows).map((l) => `    ${l}`));
  lines.push('    (each state\'s input and output: tipline runs show ID --json, timeline[].input/output; identifiers masked)');

  lines.push('', '  Steps');
  const stepRows = v.steps.map((s) => [
    s.state,
    String(s.runs),
    formatDuration(s.wallMs),
    s.retries ? String(s.retries) : '',
    s.failedAttempts ? String(s.failedAttempts) : '',
    s.failures ? String(s.failures) : '',
    Object.entries(s.counts).filter(([, n]) => n !== 0).map(([k, n]) => `${k} ${n}`).join(', '),
  ]);
  lines.push(...table(['STEP', 'RUNS', 'WALL', 'RETRIES', 'FAILED ATTEMPTS', 'FAILED STATES', 'COUNTS'], stepRows).map((l) => `    ${l}`));

  const c = v.counts;
  lines.push(
    '',
    `  reports: ${c.received} received, ${c.valid} valid, ${c.rejected} rejected, ${c.duplicates} duplicates`,
    `  cases:   ${c.cases} — ${c.actionable} actionable, ${c.review} for review, ${c.notActionable} not actionable`,
  );
  const districts = Object.entries(v.districts).sort(([a, x], [b, y]) => y.cases - x.cases || a.localeCompare(b));
  if (districts.length > 0) {
    lines.push('  actionable cases by district:');
    const width = Math.max(...districts.map(([d]) => d.length));
    for (const [d, n] of districts) lines.push(`    ${d.padEnd(width)}  ${String(n.cases).padStart(5)}   P1 ${n.P1}  P2 ${n.P2}  P3 ${n.P3}`);
  }
  if (v.rejected && v.rejected.total > 0) {
    const paths = Object.entries(v.rejected.byPath).sort((a, b) => b[1] - a[1]).map(([p, n]) => `${p || '(record)'} ×${n}`);
    lines.push(`  rejected records: ${v.rejected.total} — ${paths.join(', ')}`, `    details: tipline rejected --batch ${v.batchId ?? '<batch>'}`);
  } else if (c.rejected > 0) lines.push(`  rejected records: ${c.rejected}`);
  lines.push(`  emails sent: ${v.emails} (${v.emailsBy.districts} district digest${v.emailsBy.districts === 1 ? '' : 's'}, ${v.emailsBy.hq} to HQ)`);
  if (artifacts?.mail) lines.push(`  emails stored: ${artifacts.mailCount ?? 0} for this batch in ${artifacts.mail}`);
  if (artifacts?.logs) lines.push(`  log lines: ${artifacts.logCount ?? 0} — grep '"batchId":"${v.batchId}"' ${artifacts.logs}`);
  for (const to of v.deliveries?.resent ?? []) lines.push(`  re-sent as a possible repeat: ${to} (a crash left its first sending unconfirmed)`);
  for (const u of v.deliveries?.unsent ?? []) lines.push(`  NOT sent: ${u.to} — ${u.reason}`);
  if ((v.deliveries?.unsent.length ?? 0) > 0) lines.push(`    send them: tipline resend --batch ${v.batchId ?? '<batch>'}`);
  return lines.join('\n');
}

export function formatPosition(p: RejectedRecord['position']): string {
  const parts = [p.line !== undefined && `line ${p.line}`, p.element !== undefined && `element ${p.element}`, p.row !== undefined && `row ${p.row}`].filter(Boolean);
  return parts.length ? parts.join(', ') : '—';
}

export function formatRejected(batchId: string, records: RejectedRecord[], masked: boolean): string {
  if (records.length === 0) return `Batch ${batchId}: no rejected records.`;
  const lines = [`Batch ${batchId}: ${records.length} rejected record(s)${masked ? ' (identifiers masked; --reveal shows them)' : ' (UNMASKED)'}`];
  for (const r of records) {
    lines.push(`  ${formatPosition(r.position)}${r.reportId ? `  report ${r.reportId}` : ''}`);
    for (const e of r.errors) lines.push(`    ${e.path || '(record)'}: ${e.message}`);
  }
  return lines.join('\n');
}
