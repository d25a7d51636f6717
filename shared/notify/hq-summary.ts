/**
 * The HQ summary of one batch: totals, per-district assignments and who received them, districts that fell
 * back to HQ, the review queue, the not-actionable cases (out-of-state ones grouped by where they point, for
 * forwarding), and rejected records. Lists are cut at a bound; the summary file in S3 has everything.
 */
import type { RunSummary } from '../model/workflow.js';
import type { Case, Priority } from '../model/case.js';
import type { CaseList, HqCaseLists } from './hq-case-lists.js';
import { STYLE, htmlDocument, htmlLink, textFooter, type RenderedEmail } from './email-layout.js';
import { esc, oneLine, subjectLine } from './escape.js';
import { portalSignInNote } from './portal-links.js';
import { formatIst, plural, reasonLabel } from './labels.js';
import { safePath, valueFreeMessage } from '../runs/mask.js';

export interface HqSummaryInput {
  batchId: string;
  batchRef?: string;
  fileKey: string;
  counts: RunSummary['counts'];
  districts: {
    district: string;
    cases: number;
    P1: number;
    P2: number;
    P3: number;
    recipient: string;
    fellBackToHq: boolean;
    reason?: string;
  }[];
  /** The review and not-actionable lists, already cut to the cases shown (hq-case-lists.ts). */
  lists: HqCaseLists;
  /** The first N rejected records. */
  rejected: { position: string; reportId?: string; errors: { path: string; message: string }[] }[];
  rejectedTotal: number;
  /** District digests this run sent again as possible repeats, and those SES refused (with its reason). */
  deliveries?: { resent: string[]; unsent: { to: string; reason: string }[] };
  generatedAt: string;
  /** Districts and rejected records listed before "and N more" (the case lists come cut). */
  maxListed?: number;
  /** The review queue in the portal (portal-links.ts): where the whole queue and every list is worked. */
  reviewUrl?: string;
}

export const DEFAULT_MAX_LISTED = 50;
const PRIORITIES: Priority[] = ['P1', 'P2', 'P3'];

const clean = (value: string, max = 120): string => oneLine(value, max);

/** A section: a heading and lines of plain text, rendered both ways from the same lines. */
interface Section {
  title: string;
  intro?: string;
  lines: string[];
}

const more = (hidden: number, where = 'summary file'): string[] => (hidden > 0 ? [`and ${hidden} more (see ${where})`] : []);

function caseLine(kase: Case): string {
  const reasons = kase.reasons.map(reasonLabel).join('; ') || 'no reason recorded';
  const district = kase.district ? clean(kase.district) : 'no district';
  return `${clean(kase.caseId)} [${kase.priority}] ${district} — ${reasons} — ${plural(kase.reportIds.length, 'report')}`;
}

function listCases(list: CaseList, where?: string): string[] {
  return [...list.leading.map(caseLine), ...more(list.total - list.leading.length, where)];
}

function outOfStateGroups(groups: HqCaseLists['outOfState']): string[] {
  return groups.flatMap(({ place, list }) => [`${place} (${plural(list.total, 'case')}):`, ...listCases(list).map((line) => `  ${line}`)]);
}

/**
 * Rejected records: position, report ID, and each error's field and rule. Never free text from the record:
 * messages are value-free by construction (Validate) and pass valueFreeMessage again here.
 */
function rejectedLines(input: HqSummaryInput, max: number): string[] {
  const shown = input.rejected.slice(0, max).map((r) => {
    const reportId = r.reportId && /^\d{1,20}$/.test(r.reportId) ? r.reportId : undefined;
    const id = reportId ? ` report ${reportId}` : '';
    const errors = r.errors.map((e) => `${clean(safePath(e.path), 80)}: ${clean(valueFreeMessage(e.message, reportId), 200)}`).join('; ');
    return `${clean(r.position, 40)}${id} — ${errors || 'invalid'}`;
  });
  return [...shown, ...more(input.rejectedTotal - shown.length, 'rejected records file')];
}

function districtLine(d: HqSummaryInput['districts'][number]): string {
  const counts = `P1 ${d.P1}, P2 ${d.P2}, P3 ${d.P3}`;
  const to = d.fellBackToHq ? `HQ (fallback: ${clean(d.reason ?? 'no valid recipient')})` : clean(d.recipient);
  return `${clean(d.district)}: ${plural(d.cases, 'case')} (${counts}) → ${to}`;
}

export function renderHqSummary(input: HqSummaryInput): RenderedEmail {
  const max = input.maxListed ?? DEFAULT_MAX_LISTED;
  const c = input.counts;
  const districts = [...input.districts].sort((a, b) => b.cases - a.cases || a.district.localeCompare(b.district));
  const fellBack = districts.filter((d) => d.fellBackToHq);
  const { review, outOfState, otherNotActionable } = input.lists;
  const outOfStateTotal = outOfState.reduce((sum, g) => sum + g.list.total, 0);
  const ref = input.batchRef ? ` (ref ${clean(input.batchRef, 80)})` : '';
  const generated = formatIst(input.generatedAt) ?? input.generatedAt;

  const priorityTotals = PRIORITIES.map((p) => `${p} ${districts.reduce((sum, d) => sum + d[p], 0)}`).join(', ');
  // Totals that add up on their face: each line is the sum of the parts it names. Cases whose every report
  // was already assigned in an earlier batch are counted as cases too, so they are named as a part.
  const duplicateCases = Math.max(0, c.cases - c.actionable - c.review - c.notActionable);
  const totals = [
    `Received: ${c.received} = ${c.valid} valid + ${c.rejected} rejected`,
    `Valid: ${c.valid} reports, of which ${c.duplicates} duplicates (already assigned in an earlier batch)`,
    `Cases: ${c.cases} = ${c.actionable} actionable + ${c.review} review + ${c.notActionable} not actionable + ${duplicateCases} duplicate`,
    `Actionable: ${c.actionable} (${priorityTotals})`,
    `Review queue: ${c.review}`,
    `Not actionable: ${c.notActionable} = ${outOfStateTotal} out of state + ${c.notActionable - outOfStateTotal} other`,
    ...(c.received !== c.valid + c.rejected
      ? [`WARNING: received (${c.received}) is not valid + rejected (${c.valid + c.rejected}); check the batch.`]
      : []),
  ];

  const resent = input.deliveries?.resent ?? [];
  const unsent = input.deliveries?.unsent ?? [];
  const sections: Section[] = [
    { title: 'Totals', lines: totals },
    ...(unsent.length > 0
      ? [{
          title: `Digests NOT sent (${unsent.length})`,
          intro: `SES refused these digests; the cases are assigned. Fix the cause, then send them: tipline resend --batch ${input.batchId}`,
          lines: unsent.map((u) => `${clean(u.to)}: ${clean(u.reason, 200)}`),
        }]
      : []),
    ...(resent.length > 0
      ? [{
          title: `Digests re-sent as possible repeats (${resent.length})`,
          intro: 'A crash left the first sending of these digests unconfirmed, so they were sent again, marked as a possible repeat.',
          lines: resent.map((d) => clean(d)),
        }]
      : []),
    ...(input.reviewUrl
      ? [{
          title: 'Portal',
          intro: 'The review queue (promote or drop), each district\'s progress, overdue cases and the not-actionable and out-of-state lists, in full:',
          lines: [input.reviewUrl, portalSignInNote(input.reviewUrl)],
        }]
      : []),
    ...(fellBack.length > 0
      ? [{
          title: `Districts that fell back to HQ (${fellBack.length})`,
          intro: 'These districts have no valid recipient; their digests were sent to HQ. Forward them and fix the recipient directory.',
          lines: fellBack.map((d) => `${clean(d.district)}: ${clean(d.reason ?? 'no valid recipient')}`),
        }]
      : []),
    {
      title: `Districts (${districts.length})`,
      lines: districts.length > 0 ? [...districts.slice(0, max).map(districtLine), ...more(districts.length - max)] : ['No actionable case in this batch.'],
    },
    {
      title: `Review queue (${review.total})`,
      intro: 'Not sent to districts: content not confirmed by the ESP, or a viral/meme batch report. Review before assigning.',
      lines: review.total > 0 ? listCases(review, input.reviewUrl ? 'the review queue in the portal' : undefined) : ['None.'],
    },
    {
      title: `Out of state, for forwarding (${outOfStateTotal})`,
      intro: 'Evidence places these suspects outside Madhya Pradesh. Forward them to the jurisdiction shown.',
      lines: outOfStateTotal > 0 ? outOfStateGroups(outOfState) : ['None.'],
    },
    {
      title: `Not actionable (${otherNotActionable.total})`,
      lines: otherNotActionable.total > 0 ? listCases(otherNotActionable) : ['None.'],
    },
    {
      title: `Rejected records (${input.rejectedTotal})`,
      lines: input.rejectedTotal > 0 ? rejectedLines(input, max) : ['None.'],
    },
  ];

  const fallbackNote = (fellBack.length > 0 ? `, ${plural(fellBack.length, 'district')} fell back to HQ` : '') +
    (unsent.length > 0 ? `, ${plural(unsent.length, 'digest')} NOT sent` : '');
  const subject = subjectLine(
    `[Tipline] HQ summary — batch ${input.batchId}: ${c.received} received, ${c.actionable} actionable, ` +
      `${c.review} review, ${c.notActionable} not actionable, ${c.rejected} rejected${fallbackNote}`,
  );
  const header = [`Batch: ${input.batchId}${ref}`, `File: ${clean(input.fileKey, 300)}`, `Generated: ${generated}`];

  const text = [
    'Tipline Router — HQ batch summary',
    ...header,
    ...sections.flatMap((s) => ['', s.title.toUpperCase(), ...(s.intro ? [s.intro] : []), ...s.lines]),
    '',
    textFooter(),
  ].join('\n');

  const body = [
    `<h1 style="${STYLE.h1}">HQ batch summary</h1>`,
    `<p style="${STYLE.muted}">${header.map(esc).join('<br>')}</p>`,
    ...sections.map((s) =>
      [
        `<h2 style="${STYLE.h2}">${esc(s.title)}</h2>`,
        ...(s.intro ? [`<p style="${STYLE.muted}">${esc(s.intro)}</p>`] : []),
        `<ul style="${STYLE.list}">`,
        ...s.lines.map((line) => `<li style="margin:0 0 4px;${line.startsWith('  ') ? 'margin-left:16px;' : ''}">${line === input.reviewUrl ? htmlLink(line, 'Open the review queue') : esc(line.trim())}</li>`),
        '</ul>',
      ].join('\n'),
    ),
  ].join('\n');

  return { subject, html: htmlDocument(subject, body), text };
}
