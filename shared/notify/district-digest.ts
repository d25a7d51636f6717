/**
 * The digest a district recipient gets for one batch: counts by priority, the link to the district's page for
 * the batch in the signed-in portal — where the full list and the per-ISP request sheets are downloaded; never a
 * bearer link to an object — (first, so a long digest does not bury it), then the actionable cases P1 first,
 * each P1 and P2 case with why it has that priority. The body carries case references only — no emails,
 * phones, names, screen names, IPs, media or free text from reports; those stay behind the sign-in. Every value
 * that came from a report is HTML-escaped.
 */
import { UNKNOWN_ISP } from './district-list-csv.js';
import type { Case, CaseWithReports, Priority, ReasonCode } from '../model/case.js';
import { sortCases } from './case-order.js';
import { COLORS, CONFIDENTIALITY_NOTICE, STYLE, htmlDocument, htmlLink, textFooter, type RenderedEmail } from './email-layout.js';
import { esc, oneLine, subjectLine } from './escape.js';
import { portalSignInNote } from './portal-links.js';
import { formatIst, incidentTypeLabel, locationSourceLabel, plural, reasonLabel } from './labels.js';
import { priorityReasonsText } from './priority-labels.js';

export interface DistrictDigestInput {
  batchId: string;
  batchRef?: string;
  district: string;
  recipientTitle: string;
  /** The actionable cases of this district (`digestCase` of each). */
  cases: readonly DigestCase[];
  /** The district's page for this batch in the portal (portal-links.ts). */
  portalUrl: string;
  /** The ISP request sheets waiting in the portal, by ISP. */
  ispSheets: { isp: string; rows: number }[];
  generatedAt: string;
  /** Cases listed in the body; the rest are counted and are in the full list. */
  maxListed?: number;
}

const PRIORITIES: Priority[] = ['P1', 'P2', 'P3'];
const NOTE_CODES: ReasonCode[] = ['LINKED_TO_EXISTING_CASE', 'NEEDS_PORT', 'LOCATION_CONFLICT', 'SHARED_IDENTIFIER'];
const DEFAULT_MAX_LISTED = 200;
const NOTICE = `${CONFIDENTIALITY_NOTICE} This email carries case references only; personal identifiers are in the portal, behind sign-in.`;

/** A report-derived name, made one bounded line. */
const clean = (value: string, max = 80): string => oneLine(value, max);

interface CaseLine {
  caseId: string;
  priority: Priority;
  incident: string;
  date: string;
  isps: string;
  basis: string;
  /** Why the case is P1 or P2, in words. */
  why?: string;
  notes: string[];
  reports: number;
}

/**
 * What the digest shows of a case: the case, and its reports' incident types and ISPs. Taken as each case
 * is read, so a district with a hundred thousand cases never holds all their reports at once.
 */
export interface DigestCase extends Case {
  incidents: string[];
  isps: string[];
  reportCount: number;
}

export function digestCase({ reports, ...kase }: CaseWithReports): DigestCase {
  const incidents = [...new Set(reports.map((r) => incidentTypeLabel(r.incidentType)))];
  const publicEvents = reports.flatMap((r) => r.ipEvents.filter((e) => e.ipClass === 'public'));
  const isps = [...new Set(publicEvents.map((e) => (e.isp ? clean(e.isp) : UNKNOWN_ISP)))].sort();
  return { ...kase, incidents, isps, reportCount: kase.reportIds.length || reports.length };
}

function describe(kase: DigestCase): CaseLine {
  return {
    caseId: clean(kase.caseId),
    priority: kase.priority,
    incident: kase.incidents.join(', ') || 'unknown',
    date: formatIst(kase.latestIncidentAt) ?? 'unknown',
    isps: kase.isps.join('; ') || 'no public IP', // ISP names contain commas; an IP without NCMEC geolocation has no ISP
    basis: locationSourceLabel(kase.locationSource),
    why: priorityReasonsText(kase.priorityReasons),
    notes: [
      ...NOTE_CODES.filter((code) => kase.reasons.includes(code)).map(reasonLabel),
      ...(kase.incidentAfterReceipt?.length ? [`incident dated after the report was received (${plural(kase.incidentAfterReceipt.length, 'report')}): check the date`] : []),
    ],
    reports: kase.reportCount,
  };
}

function countByPriority(cases: readonly Case[]): Record<Priority, number> {
  const counts: Record<Priority, number> = { P1: 0, P2: 0, P3: 0 };
  for (const kase of cases) counts[kase.priority] += 1;
  return counts;
}

export function renderDistrictDigest(input: DistrictDigestInput): RenderedEmail {
  const sorted = sortCases(input.cases);
  const counts = countByPriority(sorted);
  const shown = sorted.slice(0, input.maxListed ?? DEFAULT_MAX_LISTED).map(describe);
  const hidden = sorted.length - shown.length;
  const countText = PRIORITIES.map((p) => `${p} ${counts[p]}`).join(', ');
  const total = plural(sorted.length, 'actionable case');
  const district = clean(input.district);
  const ref = input.batchRef ? ` (ref ${clean(input.batchRef)})` : '';
  const generated = formatIst(input.generatedAt) ?? input.generatedAt;
  const sheets = input.ispSheets.map((s) => ({ isp: clean(s.isp), rows: s.rows }));

  const subject = subjectLine(`[Tipline] ${district}: ${total} (${countText}) — batch ${input.batchId}`);
  const intro = `${total} from CyberTipline batch ${input.batchId}${ref} ${sorted.length === 1 ? 'is' : 'are'} assigned to ${district}.`;
  const urgency = counts.P1 > 0 ? 'P1 cases come first: act on them without delay.' : 'There is no P1 case in this batch.';
  const moreText = `and ${hidden} more (see the full list in the portal)`;
  const portalText = `Open this batch in the Tipline portal: ${district}'s cases with their identifiers, the full list (CSV) and the ISP request sheets.`;
  const signInText = portalSignInNote(input.portalUrl);
  const sheetNote = 'Each ISP sheet row has the IP, source port and time in UTC and IST, as the ISP needs to identify a subscriber behind carrier-grade NAT.';

  const text = [
    'Tipline Router — district assignment digest',
    `To: ${clean(input.recipientTitle)}`,
    `District: ${district}`,
    `Batch: ${input.batchId}${ref}`,
    `Generated: ${generated}`,
    '',
    intro,
    `By priority: ${countText}.`,
    urgency,
    '',
    'PORTAL',
    portalText,
    input.portalUrl,
    signInText,
    ...(sheets.length > 0
      ? ['ISP request sheets waiting there (CSV):', ...sheets.map((s) => `- ${s.isp} (${plural(s.rows, 'IP event')})`), sheetNote]
      : ['No ISP request sheet: these cases have no public IP.']),
    '',
    'CASES',
    ...shown.flatMap((c, i) => [
      '',
      `${i + 1}. ${c.caseId}  [${c.priority}]`,
      ...(c.why ? [`   ${`Why ${c.priority}:`.padEnd(23)}${c.why}`] : []),
      `   Incident type:         ${c.incident}`,
      `   Latest incident:       ${c.date}`,
      `   ISP:                   ${c.isps}`,
      `   Placed in district by: ${c.basis}`,
      `   Reports:               ${c.reports}`,
      ...c.notes.map((n) => `   Note:                  ${n}`),
    ]),
    ...(hidden > 0 ? ['', moreText] : []),
    '',
    textFooter(NOTICE),
  ].join('\n');

  const caseHtml = shown
    .map((c) =>
      [
        `<div style="${STYLE.item}border-left:4px solid ${COLORS[c.priority]};">`,
        `<div style="font-weight:bold;"><span style="color:${COLORS[c.priority]};">${c.priority}</span> · ${esc(c.caseId)}</div>`,
        ...(c.why ? [`<div>Why ${c.priority}: <strong>${esc(c.why)}</strong></div>`] : []),
        `<div>${esc(c.incident)}</div>`,
        `<div style="color:#444444;font-size:14px;">Latest incident: ${esc(c.date)}<br>ISP: ${esc(c.isps)}<br>`,
        `Placed in district by: ${esc(c.basis)}<br>Reports: ${c.reports}</div>`,
        ...c.notes.map((n) => `<div style="${STYLE.note}">Note: ${esc(n)}</div>`),
        '</div>',
      ].join(''),
    )
    .join('\n');

  const sheetHtml =
    sheets.length > 0
      ? [
          `<p style="${STYLE.p}">ISP request sheets waiting there (CSV):</p>`,
          `<ul style="${STYLE.list}">`,
          ...sheets.map((s) => `<li>${esc(s.isp)} (${esc(plural(s.rows, 'IP event'))})</li>`),
          '</ul>',
          `<p style="${STYLE.muted}">${esc(sheetNote)}</p>`,
        ].join('\n')
      : `<p style="${STYLE.p}">No ISP request sheet: these cases have no public IP.</p>`;

  const body = [
    `<h1 style="${STYLE.h1}">${esc(district)}: ${esc(total)}</h1>`,
    `<p style="${STYLE.muted}">To: ${esc(clean(input.recipientTitle))}<br>Batch: ${esc(input.batchId)}${esc(ref)}<br>Generated: ${esc(generated)}</p>`,
    `<p style="${STYLE.p}">${esc(intro)}</p>`,
    `<p style="${STYLE.p}">By priority: ${PRIORITIES.map((p) => `<strong style="color:${COLORS[p]};">${p} ${counts[p]}</strong>`).join(', ')}.</p>`,
    `<p style="${STYLE.p}">${esc(urgency)}</p>`,
    `<h2 style="${STYLE.h2}">Portal</h2>`,
    `<p style="${STYLE.p}">${esc(portalText)}</p>`,
    `<p style="${STYLE.p}"><strong>${htmlLink(input.portalUrl, `Open ${district}, batch ${input.batchId}`)}</strong></p>`,
    `<p style="${STYLE.muted}">${esc(signInText)}</p>`,
    sheetHtml,
    `<h2 style="${STYLE.h2}">Cases</h2>`,
    caseHtml,
    hidden > 0 ? `<p style="${STYLE.p}">${esc(moreText)}</p>` : '',
  ]
    .filter((part) => part !== '')
    .join('\n');

  return { subject, html: htmlDocument(subject, body, NOTICE), text };
}
