/** A run summary as a cyber-cell officer reads it in a terminal. */
import type { RunSummary } from '../shared/model/workflow.js';

export function formatSummary(s: RunSummary & { alreadyProcessed?: boolean; processedBy?: string }): string {
  const c = s.counts;
  const lines = [
    `${s.status === 'SUCCEEDED' ? '✔' : '✘'} ${s.file.key}  ${s.status}  (batch ${s.batchId}, execution ${s.execution})`,
  ];
  if (s.alreadyProcessed) lines.push(`  already processed by execution ${s.processedBy}: nothing was done again (the counts are that run's)`);
  if (s.error) lines.push(`  error: ${s.error}`);
  lines.push(
    `  reports: ${c.received} received, ${c.valid} valid, ${c.rejected} rejected, ${c.duplicates} duplicates`,
    `  cases:   ${c.cases} — ${c.actionable} actionable, ${c.review} for review, ${c.notActionable} not actionable`,
  );
  const districts = Object.entries(s.districts).sort(([, a], [, b]) => b.cases - a.cases);
  if (districts.length > 0) {
    lines.push('  actionable cases by district:');
    const width = Math.max(...districts.map(([d]) => d.length));
    for (const [d, n] of districts) lines.push(`    ${d.padEnd(width)}  ${String(n.cases).padStart(5)}   P1 ${n.P1}  P2 ${n.P2}  P3 ${n.P3}`);
  }
  lines.push(`  emails sent: ${s.emails}`);
  if (s.emailsUnsent > 0) lines.push(`  emails NOT sent (SES refused): ${s.emailsUnsent} — cases are assigned; send later with: tipline resend --batch ${s.batchId}`);
  return lines.join('\n');
}
