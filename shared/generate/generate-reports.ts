/**
 * Realistic, deterministic synthetic CyberTipline batches (issue 9, DESIGN §7 `tipline generate`).
 * Yields plain objects in the canonical JSON shape of DESIGN §4, one at a time: report i is built from
 * its own PRNG stream, and its suspect is re-derived from an index, so a million reports take no more
 * memory than ten. Only fields that all four batch formats can carry are produced (the CSV columns
 * bound what a report may hold), so the same batch written as JSON, JSONL, XML or CSV says the same.
 */
import { INCIDENT_TYPES, type IncidentType } from '../model/incident-type.js';
import { locationEvidence, type LocationEvidence } from './location-evidence.js';
import { drawIp, type DrawnIp } from './networks.js';
import { Rng, hashInts } from './prng.js';
import { deriveSuspect, espIdentifier, pickCompany, screenName, type Company, type Suspect } from './suspect.js';
import { YEAR_END_MS, YEAR_START_MS, formatIst, formatUtc } from './zoned-time.js';

export interface GenerateOptions {
  reports: number;
  seed: number;
  /** First CyberTipline report number; the batch numbers its reports consecutively from here. */
  reportIdStart?: number;
}

export const DEFAULT_REPORT_ID_START = 700_000_000;

/** Share of reports about a suspect who has several reports in the batch. */
const REPEAT_SHARE = 0.3;
/** Size of the repeat-suspect pool relative to the batch: about 3–4 reports each. */
const REPEAT_POOL_RATIO = 0.08;
const BATCHED_SHARE = 0.08;
const REPORT_STREAM = 0x7e90;

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
const EVENT_NAMES: readonly (readonly [string, number])[] = [['Upload', 50], ['Login', 30], ['Registration', 6], ['Other', 5], ['Unknown', 5], ['Purchase', 4]];

export function* generateReports(opts: GenerateOptions): Generator<Record<string, unknown>> {
  const { reports, seed } = opts;
  const start = opts.reportIdStart ?? DEFAULT_REPORT_ID_START;
  if (!Number.isSafeInteger(reports) || reports < 0) throw new RangeError('reports must be a non-negative integer');
  if (!Number.isSafeInteger(start) || start < 0 || !Number.isSafeInteger(start + reports)) {
    throw new RangeError('reportIdStart must be a non-negative integer');
  }
  const pool = Math.max(1, Math.floor(reports * REPEAT_POOL_RATIO));
  for (let i = 0; i < reports; i++) {
    const rng = new Rng(hashInts(seed, REPORT_STREAM, i));
    const reportId = String(start + i);
    if (rng.chance(BATCHED_SHARE)) {
      yield batchedReport(rng, seed, reportId, pool);
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

function times(rng: Rng): Times {
  // Received from February on, so the incident (up to 30 days earlier) stays inside 2026.
  const receivedAt = rng.int(Date.UTC(2026, 1, 1) / 1000, YEAR_END_MS / 1000) * 1000;
  const incidentAt = Math.max(YEAR_START_MS, receivedAt - rng.int(3600, 30 * 86400) * 1000);
  return { receivedAt, incidentAt };
}

const zoned = (rng: Rng, ms: number): string => (rng.chance(0.6) ? formatUtc(ms) : formatIst(ms));

function ncmecPriority(rng: Rng): string | undefined {
  return rng.weighted<string | undefined>([['1', 15], ['2', 50], ['3', 450], ['E', 5], [undefined, 480]]);
}

function reporter(company: Company): Record<string, unknown> {
  return { reportingPerson: { email: [`cybertip@${company.domain}`] }, companyName: company.name };
}

function md5Like(rng: Rng): string {
  return rng.hex(32);
}

function file(rng: Rng, viewed: boolean | undefined, annotations?: Record<string, true>): Record<string, unknown> {
  const classification = rng.weighted<string | undefined>([['A1', 35], ['A2', 20], ['B1', 15], ['B2', 15], [undefined, 15]]);
  const publiclyAvailable = rng.weighted<boolean | undefined>([[false, 80], [true, 10], [undefined, 10]]);
  return {
    fileId: rng.hex(32),
    fileName: `${rng.hex(8)}.${rng.weighted([['jpg', 60], ['mp4', 30], ['png', 10]])}`,
    originalFileHash: [{ hashType: 'MD5', value: md5Like(rng) }],
    ...(classification ? { industryClassification: classification } : {}),
    ...(viewed !== undefined ? { fileViewedByEsp: viewed } : {}),
    ...(publiclyAvailable !== undefined ? { publiclyAvailable } : {}),
    ...(annotations ? { fileAnnotations: annotations } : {}),
  };
}

/** One ESP-viewed file in about one report in eight; the rest were flagged by automation only. */
function files(rng: Rng): Record<string, unknown>[] {
  const count = rng.weighted([[1, 65], [2, 25], [3, 10]]);
  const anyViewed = rng.chance(0.12);
  const viewedAt = rng.int(0, count - 1);
  return Array.from({ length: count }, (_, k) => {
    const viewed = anyViewed ? k === viewedAt || rng.chance(0.6) : rng.chance(0.85) ? false : undefined;
    let annotations: Record<string, true> | undefined;
    if (rng.chance(0.05)) annotations = { [rng.pick(FILE_FLAGS)]: true };
    else if (rng.chance(0.02)) annotations = { viral: true };
    return file(rng, viewed, annotations);
  });
}

function phone(rng: Rng, digits: string): unknown {
  return rng.weighted<() => unknown>([
    [() => ({ value: digits, countryCallingCode: '+91', type: 'Mobile' }), 70],
    [() => ({ value: `+91 ${digits.slice(0, 5)} ${digits.slice(5)}`, type: 'Mobile' }), 20],
    [() => digits, 10],
  ])();
}

function email(rng: Rng, address: string): string {
  return rng.weighted<() => string>([[() => address, 80], [() => address.toUpperCase(), 12], [() => ` ${address} `, 8]])();
}

function ipEvent(rng: Rng, ip: DrawnIp, mobile: boolean, incidentAt: number): Record<string, unknown> {
  // Mobile IPv4 without a source port cannot be traced through CGNAT (NEEDS_PORT); it happens a lot.
  const hasPort = ip.kind === 'v4' && mobile ? rng.chance(0.7) : rng.chance(0.85);
  const proxy = rng.weighted<boolean | undefined>([[true, 4], [false, 16], [undefined, 80]]);
  return {
    ipAddress: ip.address,
    eventName: rng.weighted(EVENT_NAMES),
    dateTime: zoned(rng, Math.max(YEAR_START_MS, incidentAt - rng.int(0, 10 * 86400) * 1000)),
    ...(hasPort ? { port: rng.int(1024, 65535) } : {}),
    ...(proxy !== undefined ? { possibleProxy: proxy } : {}),
  };
}

function singleReport(rng: Rng, seed: number, reportId: string, suspect: Suspect): Record<string, unknown> {
  const { receivedAt, incidentAt } = times(rng);
  const company = rng.chance(0.8) ? suspect.company : pickCompany(rng);
  const evidence: LocationEvidence = locationEvidence(rng, suspect.where);
  // A few reports carry nothing that identifies anyone: no account, no contact, only non-public IPs.
  const anonymous = rng.chance(0.005);

  const ips: DrawnIp[] = Array.from({ length: rng.weighted([[1, 60], [2, 30], [3, 10]]) }, () => {
    const ip = drawIp(rng, suspect.network);
    return anonymous && (ip.kind === 'v4' || ip.kind === 'v6') ? { address: `100.${rng.int(64, 127)}.${rng.int(0, 255)}.${rng.int(1, 254)}`, kind: 'cgnat' as const } : ip;
  });
  const events = ips.map((ip) => ipEvent(rng, ip, suspect.network.mobile, incidentAt));

  const person: Record<string, unknown> = {};
  if (!anonymous) {
    if (rng.chance(0.75)) person.email = suspect.emails.map((e) => email(rng, e));
    if (rng.chance(0.55)) person.phone = [phone(rng, suspect.phone)];
  }
  if (evidence.address) person.address = [evidence.address];

  const user: Record<string, unknown> = {};
  if (Object.keys(person).length > 0) user.personOrUserReportedPerson = person;
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
  const summary: Record<string, unknown> = {
    incidentType,
    incidentDateTime: zoned(rng, incidentAt),
    ...(rng.chance(0.01) ? { escalateToHighPriority: rng.pick(ESCALATIONS) } : {}),
    ...(flags.length > 0 ? { reportAnnotations: Object.fromEntries(flags.map((f) => [f, true])) } : {}),
  };

  const geolocation = evidence.geo
    ? ips.filter((ip) => ip.kind === 'v4' || ip.kind === 'v6').map((ip) => ({
        ipAddress: ip.address,
        ...evidence.geo!(rng),
        isp: suspect.network.isp,
        asn: suspect.network.asn,
      }))
    : [];
  const priority = ncmecPriority(rng);

  return {
    reportId,
    receivedAt: formatUtc(receivedAt),
    ...(priority !== undefined ? { ncmecPriority: priority } : {}),
    referral: rng.chance(0.8),
    report: {
      incidentSummary: summary,
      reporter: reporter(company),
      personOrUserReported: [user],
      ...(evidence.cell ? { internetDetails: [{ cellPhoneIncident: evidence.cell }] } : {}),
    },
    fileDetails: files(rng),
    ...(geolocation.length > 0 ? { ncmecGeolocation: geolocation } : {}),
  };
}

/**
 * A viral/meme batched report (REFERENCE §1.11): many users with only an ESP identifier, exactly one
 * file annotated viral and/or potentialMeme, no escalation, no internet details. Users come from the
 * repeat-suspect pool, so some of them link to other reports through their ESP account.
 */
function batchedReport(rng: Rng, seed: number, reportId: string, pool: number): Record<string, unknown> {
  const { receivedAt, incidentAt } = times(rng);
  const company = pickCompany(rng);
  const users = new Set<number>();
  const wanted = rng.int(2, 8);
  for (let k = 0; k < wanted * 2 && users.size < wanted; k++) users.add(rng.int(0, pool - 1));
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
