/**
 * Realistic, deterministic synthetic CyberTipline batches (issue 9, docs/design.md §7 `tipline generate`).
 * Yields plain objects in the canonical JSON shape of docs/design.md §4, one at a time: report i is built from
 * its own PRNG stream, and its suspect is re-derived from an index, so a million reports take no more
 * memory than ten. Only fields that all four batch formats can carry are produced (the CSV columns
 * bound what a report may hold), so the same batch written as JSON, JSONL, XML or CSV says the same.
 */
import { INCIDENT_TYPES, type IncidentType } from '../model/incident-type.js';
import { locationEvidence, type LocationEvidence } from './location-evidence.js';
import { drawIp, type DrawnIp } from './networks.js';
import { Rng, hashInts } from './prng.js';
import { deriveSuspect, espIdentifier, pickCompany, screenName, type Company, type Suspect } from './suspect.js';
import { firstReportIdFor } from './report-ids.js';
import { YEAR_END_MS, YEAR_START_MS, formatIst, formatUtc } from './zoned-time.js';

export interface GenerateOptions {
  reports: number;
  seed: number;
  /** First CyberTipline report number (default: the seed's block, ./report-ids.ts); numbered consecutively from here. */
  reportIdStart?: number;
}

/** Share of reports about a suspect who has several reports in the batch. */
const REPEAT_SHARE = 0.3;
/** Size of the repeat-suspect pool relative to the batch: about 3–4 reports each. */
const REPEAT_POOL_RATIO = 0.08;
const BATCHED_SHARE = 0.08;
/**
 * Chance that a user of a viral batched report is one of the repeat suspects (else someone seen only there).
 * A batched report links the reports of every user it names, so drawing all of them from the pool chained
 * the repeat suspects into one giant case (258,000 reports of a million). At 2–8 users a report and this
 * share, a suspect's batched reports lead to about 0.45 further suspects on average: below the percolation
 * threshold of 1, so linked groups stay small, as in the seed's batch.
 */
const BATCHED_POOL_USER = 0.15;
/** Room for each batched report's users among the one-off suspects (it draws at most 16). */
const BATCHED_USER_SLOTS = 16;
const REPORT_STREAM = 0x7e90;
// Module-scope alias: see prng.ts on why hot paths avoid global lookups.
const { max, floor } = Math;

const CHILD_PORNOGRAPHY: IncidentType = 'Child Pornography (possession, manufacture, and distribution)';
const INCIDENT_MIX: readonly (readonly [IncidentType, number])[] = [
  [CHILD_PORNOGRAPHY, 860],
  ['Online Enticement of Children for Sexual Acts', 40],
  ['Unsolicited Obscene Material Sent to a Child', 40],
  ['Misleading Words or Digital Images on the Internet', 20],
  ['Child Sexual Molestation', 12],
  ['Misleading Domain Name', 10],
  ['Child Sex Trafficking', 12],
  ['Child Sex Tourism', 6],
];
// Every schema value must be reachable, or the mix silently drifts from the enum.
if (INCIDENT_TYPES.some((t) => !INCIDENT_MIX.some(([m]) => m === t))) throw new Error('INCIDENT_MIX must cover INCIDENT_TYPES');

const ESCALATIONS = [
  'User states intent to meet the child this weekend.',
  'Ongoing contact with a minor; user asked for the child\'s home address.',
  'Content appears newly produced; child may be in ongoing danger.',
  'User threatened to share images unless the child sends more <videos> & photos.',
];
const REPORT_FLAGS = ['sextortion', 'csamSolicitation', 'minorToMinorInteraction', 'spam', 'sadisticOnlineExploitation'] as const;
const FILE_FLAGS = ['possibleSelfProduction', 'generativeAi', 'animeDrawingVirtualHentai', 'infant', 'physicalHarm', 'liveStreaming'] as const;
const IP_COUNTS: readonly (readonly [number, number])[] = [[1, 60], [2, 30], [3, 10]];
const FILE_COUNTS: readonly (readonly [number, number])[] = [[1, 65], [2, 25], [3, 10]];
const EVENT_NAMES: readonly (readonly [string, number])[] = [['Upload', 50], ['Login', 30], ['Registration', 6], ['Other', 5], ['Unknown', 5], ['Purchase', 4]];

export function* generateReports(opts: GenerateOptions): Generator<Record<string, unknown>> {
  const { reports, seed } = opts;
  const start = opts.reportIdStart ?? firstReportIdFor(seed);
  if (!Number.isSafeInteger(reports) || reports < 0) throw new RangeError('reports must be a non-negative integer');
  // Fractions would silently collapse onto their integer part in the hash.
  if (!Number.isSafeInteger(seed)) throw new RangeError('seed must be an integer');
  if (!Number.isSafeInteger(start) || start < 0 || !Number.isSafeInteger(start + reports)) {
    throw new RangeError('reportIdStart must be a non-negative integer');
  }
  const pool = max(1, floor(reports * REPEAT_POOL_RATIO));
  for (let i = 0; i < reports; i++) {
    const rng = new Rng(hashInts(seed, REPORT_STREAM, i));
    const reportId = `${start + i}`;
    if (rng.chance(BATCHED_SHARE)) {
      yield batchedReport(rng, seed, reportId, pool, pool + reports + i * BATCHED_USER_SLOTS);
    } else {
      const suspectIndex = rng.chance(REPEAT_SHARE) ? rng.int(0, pool - 1) : pool + i;
      yield singleReport(rng, seed, reportId, deriveSuspect(seed, suspectIndex));
    }
  }
}

interface Times {
  receivedAt: number;
  incidentAt: number;
}

// Received from February on, so the incident (up to 30 days earlier) stays inside 2026.
const FIRST_RECEIVED_S = Date.UTC(2026, 1, 1) / 1000;
const LAST_RECEIVED_S = YEAR_END_MS / 1000;

function times(rng: Rng): Times {
  const receivedAt = rng.int(FIRST_RECEIVED_S, LAST_RECEIVED_S) * 1000;
  const incidentAt = max(YEAR_START_MS, receivedAt - rng.int(3600, 30 * 86400) * 1000);
  return { receivedAt, incidentAt };
}

const zoned = (rng: Rng, ms: number): string => (rng.chance(0.6) ? formatUtc(ms) : formatIst(ms));

/** NCMEC's level as given: mostly 3 or none, a few 1s and 2s, and the undocumented "E" (REFERENCE §2.3). */
const NCMEC_PRIORITIES: readonly (readonly [string | undefined, number])[] = [['1', 15], ['2', 50], ['3', 450], ['E', 5], [undefined, 480]];

function reporter(company: Company): Record<string, unknown> {
  return { reportingPerson: { email: [`cybertip@${company.domain}`] }, companyName: company.name };
}

const CLASSIFICATIONS: readonly (readonly [string | undefined, number])[] = [['A1', 35], ['A2', 20], ['B1', 15], ['B2', 15], [undefined, 15]];
const PUBLICLY_AVAILABLE: readonly (readonly [boolean | undefined, number])[] = [[false, 80], [true, 10], [undefined, 10]];
const EXTENSIONS: readonly (readonly [string, number])[] = [['jpg', 60], ['mp4', 30], ['png', 10]];

function file(rng: Rng, viewed: boolean | undefined, annotations?: Record<string, true>): Record<string, unknown> {
  const f: Record<string, unknown> = {
    fileId: rng.hex(32),
    fileName: `${rng.hex(8)}.${rng.weighted(EXTENSIONS)}`,
    originalFileHash: [{ hashType: 'MD5', value: rng.hex(32) }],
  };
  const classification = rng.weighted(CLASSIFICATIONS);
  const publiclyAvailable = rng.weighted(PUBLICLY_AVAILABLE);
  if (classification) f.industryClassification = classification;
  if (viewed !== undefined) f.fileViewedByEsp = viewed;
  if (publiclyAvailable !== undefined) f.publiclyAvailable = publiclyAvailable;
  if (annotations) f.fileAnnotations = annotations;
  return f;
}

/** One ESP-viewed file in about one report in eight; the rest were flagged by automation only. */
function files(rng: Rng): Record<string, unknown>[] {
  const count = rng.weighted(FILE_COUNTS);
  const anyViewed = rng.chance(0.12);
  const viewedAt = rng.int(0, count - 1);
  const list: Record<string, unknown>[] = [];
  for (let k = 0; k < count; k++) {
    const viewed = anyViewed ? k === viewedAt || rng.chance(0.6) : rng.chance(0.85) ? false : undefined;
    let annotations: Record<string, true> | undefined;
    if (rng.chance(0.05)) annotations = { [rng.pick(FILE_FLAGS)]: true };
    else if (rng.chance(0.02)) annotations = { viral: true };
    list.push(file(rng, viewed, annotations));
  }
  return list;
}

/** The schema's form (calling code as an attribute), a typed-in form, or a bare string. */
function phone(rng: Rng, digits: string): unknown {
  const r = rng.next();
  if (r < 0.7) return { value: digits, countryCallingCode: '+91', type: 'Mobile' };
  if (r < 0.9) return { value: `+91 ${digits.slice(0, 5)} ${digits.slice(5)}`, type: 'Mobile' };
  return digits;
}

/** Mostly as registered; sometimes upper-cased or padded, which must not stop linking. */
function email(rng: Rng, address: string): string {
  const r = rng.next();
  return r < 0.8 ? address : r < 0.92 ? address.toUpperCase() : ` ${address} `;
}

const PROXY: readonly (readonly [boolean | undefined, number])[] = [[true, 4], [false, 16], [undefined, 80]];

function ipEvent(rng: Rng, ip: DrawnIp, mobile: boolean, incidentAt: number): Record<string, unknown> {
  // Mobile IPv4 without a source port cannot be traced through CGNAT (NEEDS_PORT); it happens a lot.
  const hasPort = ip.kind === 'v4' && mobile ? rng.chance(0.7) : rng.chance(0.85);
  const event: Record<string, unknown> = {
    ipAddress: ip.address,
    eventName: rng.weighted(EVENT_NAMES),
    dateTime: zoned(rng, max(YEAR_START_MS, incidentAt - rng.int(0, 10 * 86400) * 1000)),
  };
  if (hasPort) event.port = rng.int(1024, 65535);
  const proxy = rng.weighted(PROXY);
  if (proxy !== undefined) event.possibleProxy = proxy;
  return event;
}

function singleReport(rng: Rng, seed: number, reportId: string, suspect: Suspect): Record<string, unknown> {
  const { receivedAt, incidentAt } = times(rng);
  const company = rng.chance(0.8) ? suspect.company : pickCompany(rng);
  const evidence: LocationEvidence = locationEvidence(rng, suspect.where);
  // A few reports carry nothing that identifies anyone: no account, no contact, only non-public IPs.
  const anonymous = rng.chance(0.005);

  const ips: DrawnIp[] = [];
  for (let k = rng.weighted(IP_COUNTS); k > 0; k--) {
    const ip = drawIp(rng, suspect.network);
    ips.push(anonymous && (ip.kind === 'v4' || ip.kind === 'v6') ? { address: `100.${rng.int(64, 127)}.${rng.int(0, 255)}.${rng.int(1, 254)}`, kind: 'cgnat' } : ip);
  }
  const events = ips.map((ip) => ipEvent(rng, ip, suspect.network.mobile, incidentAt));

  const person: Record<string, unknown> = {};
  let hasPerson = false;
  if (!anonymous && rng.chance(0.75)) {
    person.email = suspect.emails.map((e) => email(rng, e));
    hasPerson = true;
  }
  if (!anonymous && rng.chance(0.55)) {
    person.phone = [phone(rng, suspect.phone)];
    hasPerson = true;
  }
  if (evidence.address) {
    person.address = [evidence.address];
    hasPerson = true;
  }

  const user: Record<string, unknown> = {};
  if (hasPerson) user.personOrUserReportedPerson = person;
  if (!anonymous) {
    if (rng.chance(0.92)) user.espIdentifier = espIdentifier(suspect.index, seed, company);
    if (rng.chance(0.7)) user.screenName = screenName(suspect);
    if (suspect.displayName && rng.chance(0.7)) user.displayName = [suspect.displayName];
  }
  user.ipCaptureEvent = events;
  if (!anonymous && suspect.device && rng.chance(0.6)) user.deviceId = [suspect.device];
  if (evidence.estimated) user.estimatedLocation = evidence.estimated;

  const incidentType = rng.weighted(INCIDENT_MIX);
  const flags = REPORT_FLAGS.filter((flag) => rng.chance(flag === 'sadisticOnlineExploitation' ? 0.003 : flag === 'sextortion' ? 0.015 : 0.01));
  const summary: Record<string, unknown> = { incidentType, incidentDateTime: zoned(rng, incidentAt) };
  if (rng.chance(0.01)) summary.escalateToHighPriority = rng.pick(ESCALATIONS);
  if (flags.length > 0) {
    const annotations: Record<string, true> = {};
    for (const flag of flags) annotations[flag] = true;
    summary.reportAnnotations = annotations;
  }

  const geolocation = evidence.geo
    ? ips.filter((ip) => ip.kind === 'v4' || ip.kind === 'v6').map((ip) => ({
        ipAddress: ip.address,
        ...evidence.geo!(rng),
        isp: suspect.network.isp,
        asn: suspect.network.asn,
      }))
    : [];
  const report: Record<string, unknown> = { reportId, receivedAt: formatUtc(receivedAt) };
  const priority = rng.weighted(NCMEC_PRIORITIES);
  if (priority !== undefined) report.ncmecPriority = priority;
  report.referral = rng.chance(0.8);
  const body: Record<string, unknown> = { incidentSummary: summary, reporter: reporter(company), personOrUserReported: [user] };
  if (evidence.cell) body.internetDetails = [{ cellPhoneIncident: evidence.cell }];
  report.report = body;
  report.fileDetails = files(rng);
  if (geolocation.length > 0) report.ncmecGeolocation = geolocation;
  return report;
}

/**
 * A viral/meme batched report (REFERENCE §1.11): many users with only an ESP identifier, exactly one
 * file annotated viral and/or potentialMeme, no escalation, no internet details. A few users come from the
 * repeat-suspect pool, so some of them link to other reports through their ESP account; the others are
 * one-off suspects numbered from `firstOneOff`.
 */
function batchedReport(rng: Rng, seed: number, reportId: string, pool: number, firstOneOff: number): Record<string, unknown> {
  const { receivedAt, incidentAt } = times(rng);
  const company = pickCompany(rng);
  const users = new Set<number>();
  const wanted = rng.int(2, 8);
  for (let k = 0; k < wanted * 2 && users.size < wanted; k++) {
    users.add(rng.chance(BATCHED_POOL_USER) ? rng.int(0, pool - 1) : firstOneOff + k);
  }
  const memeFlags = rng.weighted<Record<string, true>>([[{ viral: true }, 45], [{ potentialMeme: true }, 30], [{ viral: true, potentialMeme: true }, 25]]);
  const viewed = rng.chance(0.3);
  const priority = rng.chance(0.5) ? '3' : undefined;
  return {
    reportId,
    receivedAt: formatUtc(receivedAt),
    ...(priority !== undefined ? { ncmecPriority: priority } : {}),
    referral: rng.chance(0.1),
    report: {
      batchedReport: { reason: 'VIRAL_POTENTIAL_MEME' },
      incidentSummary: { incidentType: CHILD_PORNOGRAPHY, incidentDateTime: zoned(rng, incidentAt) },
      reporter: reporter(company),
      personOrUserReported: [...users].map((s) => ({ espIdentifier: espIdentifier(s, seed, company) })),
    },
    fileDetails: [file(rng, viewed, memeFlags)],
  };
}
