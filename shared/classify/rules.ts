/**
 * The triage rules of docs/design.md §5 in one place: report and case priority, case location (majority district,
 * deconfliction with linked cases) and disposition with its reason codes. Every case records RULES_VERSION;
 * bump it whenever a rule here (or a linking rule in identifier-keys.ts) changes what a case would get.
 *
 * Decisions the design leaves open, made here:
 * - Investigative identifier (NO_IDENTIFIERS): an email, phone, device ID or ESP account that links
 *   (identifier-keys.ts: valid for its kind, not a placeholder), or an IP event whose address is public.
 *   Private, CGNAT, reserved and unparseable addresses identify nobody, and neither does `n/a`.
 * - UNCONFIRMED_CONTENT is judged per case: review only when no file in any of the case's reports was viewed by
 *   the ESP (a report without files has nothing viewed either).
 * - VIRAL_BATCH: a report is viral when its batchedReason is VIRAL_POTENTIAL_MEME, or when it has files and every
 *   one is annotated `viral` or `potentialMeme`. A case is reviewed as viral only when every report in it is
 *   viral: one report of non-meme content from the same suspect keeps the case actionable.
 * - P1 with an MP district is actionable even with no investigative identifier (the urgency outranks it, and the
 *   district came from evidence such as an address); P1 never goes to review.
 * - All reasons that apply are listed (a case can be both OUT_OF_JURISDICTION and NO_IDENTIFIERS), in the order
 *   of REASON_CODES. Warnings are added to every disposition.
 * - LOCATION_CONFLICT is also raised at case level: reports placing the suspect in different districts, in and
 *   out of MP, or a linked earlier case whose district overrides this case's own.
 */
import type { Disposition, Priority, PriorityReason, ReasonCode } from '../model/case.js';
import { PRIORITY_REASON_CODES, REASON_CODES } from '../model/case.js';
import type { EnrichedReport, LocationSource, ReportLocation } from '../model/enriched-report.js';
import type { IncidentType } from '../model/incident-type.js';
import type { ReportFacts } from './facts.js';
import { identifierKeys } from './identifier-keys.js';

export const RULES_VERSION = 'triage-2026.12-1';

const P1_INCIDENT_TYPES: ReadonlySet<IncidentType> = new Set<IncidentType>([
  'Online Enticement of Children for Sexual Acts',
  'Child Sex Trafficking',
  'Child Sex Tourism',
  'Child Sexual Molestation',
]);
const P1_ANNOTATIONS = new Set(['sextortion', 'sadisticonlineexploitation']);
const CHILD_PORNOGRAPHY: IncidentType = 'Child Pornography (possession, manufacture, and distribution)';
const P2_CLASSIFICATIONS = new Set(['A1', 'A2', 'B1', 'B2']);
const VIRAL_REASON = 'VIRAL_POTENTIAL_MEME';
const VIRAL_ANNOTATIONS = new Set(['viral', 'potentialmeme']);

const fold = (s: string): string => s.trim().toLowerCase();

// ── priority ────────────────────────────────────────────────────────────────────────────────────────────

const bit = (code: PriorityReason): number => 1 << PRIORITY_REASON_CODES.indexOf(code);
const P1_BITS = ['ESCALATED', 'P1_INCIDENT_TYPE', 'SEXTORTION', 'SADISTIC_EXPLOITATION', 'NCMEC_PRIORITY_1'].reduce((m, c) => m | bit(c as PriorityReason), 0);
const P2_BITS = ['CONFIRMED_ABUSE_MATERIAL', 'NCMEC_PRIORITY_2'].reduce((m, c) => m | bit(c as PriorityReason), 0);

/** Every priority rule the report meets, one bit per PRIORITY_REASON_CODES entry. */
export function priorityReasonBits(r: EnrichedReport): number {
  let bits = 0;
  const ncmec = r.ncmecPriority?.trim();
  if (r.escalated) bits |= bit('ESCALATED');
  if (P1_INCIDENT_TYPES.has(r.incidentType)) bits |= bit('P1_INCIDENT_TYPE');
  for (const a of r.reportAnnotations) {
    const folded = fold(a);
    if (folded === 'sextortion') bits |= bit('SEXTORTION');
    else if (folded === 'sadisticonlineexploitation') bits |= bit('SADISTIC_EXPLOITATION');
  }
  if (ncmec === '1') bits |= bit('NCMEC_PRIORITY_1');
  const confirmedAbuse =
    r.incidentType === CHILD_PORNOGRAPHY &&
    r.files.some((f) => f.viewedByEsp && P2_CLASSIFICATIONS.has((f.industryClassification ?? '').trim().toUpperCase()));
  if (confirmedAbuse) bits |= bit('CONFIRMED_ABUSE_MATERIAL');
  if (ncmec === '2') bits |= bit('NCMEC_PRIORITY_2');
  return bits;
}

export function priorityFromBits(bits: number): Priority {
  return bits & P1_BITS ? 'P1' : bits & P2_BITS ? 'P2' : 'P3';
}

export function reportPriority(r: EnrichedReport): Priority {
  return priorityFromBits(priorityReasonBits(r));
}

/** Why a case has its priority: the reasons of that level its reports meet, in PRIORITY_REASON_CODES order. */
export function casePriorityReasons(reports: readonly Pick<ReportFacts, 'priorityBits'>[], priority: Priority): PriorityReason[] {
  const level = priority === 'P1' ? P1_BITS : priority === 'P2' ? P2_BITS : 0;
  let bits = 0;
  for (const r of reports) bits |= r.priorityBits & level;
  return PRIORITY_REASON_CODES.filter((c) => bits & bit(c));
}

/** The incident is dated after the report was received (a receipt time that does not parse says nothing). */
export function incidentAfterReceipt(r: EnrichedReport, incident = incidentMs(r)): boolean {
  const received = r.receivedAt ? Date.parse(r.receivedAt) : Number.NaN;
  return !Number.isNaN(received) && incident > received;
}

/** The highest priority of the case's reports (P1 > P2 > P3). */
export function casePriority(reports: readonly Pick<ReportFacts, 'priority'>[]): Priority {
  let best: Priority = 'P3';
  for (const { priority: p } of reports) {
    if (p === 'P1') return 'P1';
    if (p === 'P2') best = 'P2';
  }
  return best;
}

// ── report facts ────────────────────────────────────────────────────────────────────────────────────────

/** An identifier that links (identifier-keys.ts: valid, not a placeholder), or a public IP. */
export function hasInvestigativeIdentifier(r: EnrichedReport): boolean {
  return identifierKeys(r).length > 0 || r.ipEvents.some((e) => e.ipClass === 'public');
}

export function hasViewedFile(r: EnrichedReport): boolean {
  return r.files.some((f) => f.viewedByEsp);
}

export function isViralReport(r: EnrichedReport): boolean {
  if (r.batchedReason?.trim().toUpperCase() === VIRAL_REASON) return true;
  return r.files.length > 0 && r.files.every((f) => f.annotations.some((a) => VIRAL_ANNOTATIONS.has(fold(a))));
}

/** Milliseconds of the incident, or -Infinity when neither form parses (sorts as oldest). */
export function incidentMs(r: EnrichedReport): number {
  const t = Date.parse(r.incidentDateTime);
  if (!Number.isNaN(t)) return t;
  const ist = Date.parse(r.incidentDateTimeIst);
  return Number.isNaN(ist) ? Number.NEGATIVE_INFINITY : ist;
}

// ── case location ───────────────────────────────────────────────────────────────────────────────────────

export interface LinkedCase {
  caseId: string;
  district: string | null;
}

export interface CaseLocation {
  district: string | null;
  /** Source of the most recent report placing the suspect in `district`; null if only a linked case did. */
  locationSource: LocationSource | null;
  /** With no district: the most common place outside MP the reports point to. */
  elsewhere?: string;
  /** No MP district, and at least one report places the suspect outside MP. */
  outOfJurisdiction: boolean;
  /** The case's evidence disagrees (see the module comment). */
  conflict: boolean;
}

interface Tally {
  count: number;
  latest: number;
}

/** Whether `key` beats `best`: higher count; tie: more recent; then `prefer`; then alphabetical. */
function beats(key: string, t: Tally, best: string, b: Tally, prefer: string | null): boolean {
  if (t.count !== b.count) return t.count > b.count;
  if (t.latest !== b.latest) return t.latest > b.latest;
  if ((key === prefer) !== (best === prefer)) return key === prefer;
  return key < best;
}

function winner(tallies: Map<string, Tally>, prefer: string | null = null): string | null {
  let best: string | null = null;
  let bestTally: Tally = { count: 0, latest: Number.NEGATIVE_INFINITY };
  for (const [key, t] of tallies) {
    if (best === null || beats(key, t, best, bestTally, prefer)) {
      best = key;
      bestTally = t;
    }
  }
  return best;
}

function tally(map: Map<string, Tally>, key: string, ms: number): void {
  const t = map.get(key);
  if (t) {
    t.count += 1;
    if (ms > t.latest) t.latest = ms;
  } else {
    map.set(key, { count: 1, latest: ms });
  }
}

/**
 * Case district = the most common district among its reports (tie: the district of the most recent report;
 * reports at the same instant: alphabetical, so the result never depends on input order).
 * A case linked to earlier cases goes to their district (deconfliction): the most common among the linked
 * cases that have one; tie: this case's own district if it is among them, else alphabetical.
 */
export function caseLocation(
  reports: readonly { location: ReportLocation; timeMs: number }[],
  linked: readonly LinkedCase[] = [],
): CaseLocation {
  const districts = new Map<string, Tally>();
  const places = new Map<string, Tally>();
  let outside = false;
  for (let k = 0; k < reports.length; k++) {
    const { location: loc, timeMs } = reports[k]!;
    if (loc.district) tally(districts, loc.district, timeMs);
    else if (loc.status === 'out-of-state' || loc.status === 'out-of-country') {
      outside = true;
      if (loc.elsewhere) tally(places, loc.elsewhere, timeMs);
    }
  }
  const own = winner(districts);

  const linkedDistricts = new Map<string, Tally>();
  for (const c of linked) if (c.district) tally(linkedDistricts, c.district, 0);
  const fromLinked = winner(linkedDistricts, own);

  const district = fromLinked ?? own;
  let locationSource: LocationSource | null = null;
  let latest = Number.NEGATIVE_INFINITY;
  if (district) {
    for (let k = 0; k < reports.length; k++) {
      const { location: loc, timeMs } = reports[k]!;
      if (loc.district !== district) continue;
      if (locationSource === null || timeMs > latest) {
        locationSource = loc.source;
        latest = timeMs;
      }
    }
  }
  const conflict =
    districts.size > 1 || (own !== null && outside) || (fromLinked !== null && own !== null && fromLinked !== own);
  const result: CaseLocation = { district, locationSource, outOfJurisdiction: district === null && outside, conflict };
  if (district === null) {
    const elsewhere = winner(places);
    if (elsewhere) result.elsewhere = elsewhere;
  }
  return result;
}

// ── disposition ─────────────────────────────────────────────────────────────────────────────────────────

export interface DispositionInput {
  reports: readonly ReportFacts[];
  priority: Priority;
  location: CaseLocation;
  /** Every report of the case was already assigned by an earlier batch. */
  allDuplicates: boolean;
  /** The case shares an identifier (or a report) with a case from an earlier batch. */
  linked: boolean;
  /** A report of the case holds an identifier seen in too many districts to link (shared-identifiers.ts). */
  sharedIdentifier?: boolean;
}

export interface DispositionDecision {
  disposition: Disposition;
  reasons: ReasonCode[];
}

const REASON_ORDER = new Map<ReasonCode, number>(REASON_CODES.map((c, i) => [c, i]));

/** Exactly one disposition per case, explained by reason codes (docs/design.md §5). */
export function decideDisposition(input: DispositionInput): DispositionDecision {
  const { reports, priority, location, allDuplicates, linked } = input;
  const reasons = new Set<ReasonCode>();
  let disposition: Disposition;

  if (allDuplicates) {
    disposition = 'duplicate';
    reasons.add('DUPLICATE_REPORT');
  } else {
    if (location.district === null) reasons.add(location.outOfJurisdiction ? 'OUT_OF_JURISDICTION' : 'NO_LOCATION');
    if (!(priority === 'P1' && location.district !== null) && !reports.some((r) => r.investigative)) {
      reasons.add('NO_IDENTIFIERS');
    }
    if (reasons.size > 0) {
      disposition = 'not-actionable';
    } else if (priority !== 'P1') {
      if (!reports.some((r) => r.viewedFile)) reasons.add('UNCONFIRMED_CONTENT');
      if (reports.length > 0 && reports.every((r) => r.viral)) reasons.add('VIRAL_BATCH');
      disposition = reasons.size > 0 ? 'review' : 'actionable';
    } else {
      disposition = 'actionable';
    }
  }

  // Warnings: reported to the district, never change the disposition.
  if (reports.some((r) => r.needsPort)) reasons.add('NEEDS_PORT');
  if (location.conflict || reports.some((r) => r.locationConflict)) {
    reasons.add('LOCATION_CONFLICT');
  }
  if (linked) reasons.add('LINKED_TO_EXISTING_CASE');
  if (input.sharedIdentifier) reasons.add('SHARED_IDENTIFIER');
  if (reports.some((r) => r.implausibleDate)) reasons.add('IMPLAUSIBLE_DATE');

  return { disposition, reasons: [...reasons].sort((a, b) => REASON_ORDER.get(a)! - REASON_ORDER.get(b)!) };
}
