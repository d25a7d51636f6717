/**
 * Builds one raw canonical report from the CSV rows that share a Report ID (docs/design.md §4 column list).
 * Report-level cells take the first non-empty value (a later row that disagrees is an error on that
 * field); per-event cells (IP events, files, geolocations, devices, addresses, cell coordinates) and
 * `;`-separated lists are collected in first-seen order without duplicates.
 */
import type { FieldError } from './parsed-record.js';

/** The docs/design.md §4 columns, keyed by their normalised header (lower case, no spaces/underscores/hyphens). */
export const CSV_COLUMNS = [
  'reportid', 'receivedat', 'ncmecpriority', 'referral', 'incidenttype', 'incidentdatetime',
  'escalatetohighpriority', 'reportannotations', 'batchedreason', 'reportercompany', 'platform',
  'suspectemail', 'suspectphone', 'screenname', 'espidentifier', 'espservice', 'displayname',
  'address', 'addresscity', 'addressstate', 'addresspin', 'addresscountry',
  'estimatedcity', 'estimatedregion', 'estimatedcountry',
  'ipaddress', 'ipevent', 'ipeventtime', 'port', 'possibleproxy',
  'deviceidtype', 'deviceid', 'celllatitude', 'celllongitude',
  'geocountry', 'georegion', 'geocity', 'geolatitude', 'geolongitude', 'geoisp', 'geoasn',
  'fileid', 'filename', 'filemd5', 'industryclassification', 'fileviewedbyesp', 'publiclyavailable',
  'fileannotations',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];
/**
 * A data row: each known column's cell, trimmed, by its position in CSV_COLUMNS; undefined when the cell is
 * absent or empty ('' when it held only spaces).
 */
export type CsvRow = Array<string | undefined>;

const COLUMN_AT = Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, i])) as Record<CsvColumn, number>;
const col = (column: CsvColumn): number => COLUMN_AT[column];

/** Report-level cells, and the canonical path a disagreement between rows is reported on. */
const SCALARS = [
  ['receivedat', 'receivedAt'],
  ['ncmecpriority', 'ncmecPriority'],
  ['referral', 'referral'],
  ['incidenttype', 'report.incidentSummary.incidentType'],
  ['incidentdatetime', 'report.incidentSummary.incidentDateTime'],
  ['escalatetohighpriority', 'report.incidentSummary.escalateToHighPriority'],
  ['platform', 'report.incidentSummary.platform'],
  ['batchedreason', 'report.batchedReport.reason'],
  ['reportercompany', 'report.reporter.companyName'],
  ['screenname', 'report.personOrUserReported[0].screenName'],
  ['espidentifier', 'report.personOrUserReported[0].espIdentifier'],
  ['espservice', 'report.personOrUserReported[0].espService'],
  ['estimatedcity', 'report.personOrUserReported[0].estimatedLocation.city'],
  ['estimatedregion', 'report.personOrUserReported[0].estimatedLocation.region'],
  ['estimatedcountry', 'report.personOrUserReported[0].estimatedLocation.countryCode'],
] as const;
type Scalar = (typeof SCALARS)[number][0];
const SCALAR_COLUMNS = SCALARS.map(([column]) => col(column));
const SCALAR_PATHS = SCALARS.map(([, path]) => path);
/** Where a report-level value is kept in CsvReportBuilder. */
const S = Object.fromEntries(SCALARS.map(([column], i) => [column, i])) as Record<Scalar, number>;

/** `;`-separated list columns, kept in this order. */
const LIST_COLUMNS = [col('reportannotations'), col('suspectemail'), col('suspectphone'), col('displayname')];
const [ANNOTATIONS, EMAILS, PHONES, DISPLAY_NAMES] = [0, 1, 2, 3] as const;

type Cells = ReadonlyArray<readonly [string, number]>;
const cells = (pairs: ReadonlyArray<readonly [string, CsvColumn]>): Cells => pairs.map(([key, column]) => [key, col(column)] as const);
const IP_EVENT = cells([['ipAddress', 'ipaddress'], ['eventName', 'ipevent'], ['dateTime', 'ipeventtime'], ['port', 'port'], ['possibleProxy', 'possibleproxy']]);
const DEVICE = cells([['idType', 'deviceidtype'], ['idValue', 'deviceid']]);
const address = (stateKey: string): Cells => cells([['address', 'address'], ['city', 'addresscity'], ['zipCode', 'addresspin'], [stateKey, 'addressstate'], ['country', 'addresscountry']]);
const ADDRESS_US = address('state');
const ADDRESS = address('nonUsaState');
const CELL = cells([['latitude', 'celllatitude'], ['longitude', 'celllongitude']]);
const GEO = cells([['country', 'geocountry'], ['region', 'georegion'], ['city', 'geocity'], ['latitude', 'geolatitude'], ['longitude', 'geolongitude'], ['isp', 'geoisp'], ['asn', 'geoasn']]);
const FILE = cells([['fileId', 'fileid'], ['fileName', 'filename'], ['industryClassification', 'industryclassification'], ['fileViewedByEsp', 'fileviewedbyesp'], ['publiclyAvailable', 'publiclyavailable']]);
const IP_ADDRESS = col('ipaddress');
const ADDRESS_COUNTRY = col('addresscountry');
const FILE_MD5 = col('filemd5');
const FILE_ANNOTATIONS = col('fileannotations');

/** The cell, or undefined when blank. */
const cellOf = (row: CsvRow, column: number): string | undefined => {
  const v = row[column];
  return v === '' ? undefined : v;
};

const NONE: readonly string[] = Object.freeze([]);

/** The trimmed, non-empty items of a `;`-separated cell. */
function splitList(cell: string | undefined): readonly string[] {
  if (cell === undefined) return NONE;
  if (!cell.includes(';')) {
    const item = cell.trim();
    return item === '' ? NONE : [item];
  }
  const items: string[] = [];
  for (const part of cell.split(';')) {
    const item = part.trim();
    if (item !== '') items.push(item);
  }
  return items;
}

const json = (part: unknown): string => JSON.stringify(part);

/** Whether two parts have the same JSON text: the same keys in the same order, with the same values. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i] as string;
    if (k !== kb[i] || !sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/** Parts compared one by one up to this many; past it, by their JSON text in a set. */
const FEW_PARTS = 8;

/** Ordered set of parts, deduplicated on their JSON text. */
class PartList<T> {
  readonly items: T[] = [];
  private seen: Set<string> | undefined;
  add(part: T | undefined): void {
    if (part === undefined) return;
    const items = this.items;
    if (items.length < FEW_PARTS) {
      for (const item of items) if (sameJson(item, part)) return;
      items.push(part);
      return;
    }
    const seen = (this.seen ??= new Set(items.map(json)));
    const key = json(part);
    if (seen.has(key)) return;
    seen.add(key);
    items.push(part);
  }
  get value(): T[] | undefined {
    return this.items.length ? this.items : undefined;
  }
}

/** An object of the given cells, or undefined when every cell is blank. */
function partOf(row: CsvRow, cells: Cells): Record<string, unknown> | undefined {
  let part: Record<string, unknown> | undefined;
  for (const [key, column] of cells) {
    const v = cellOf(row, column);
    if (v !== undefined) (part ??= {})[key] = v;
  }
  return part;
}

function fileOf(row: CsvRow): Record<string, unknown> | undefined {
  const md5 = splitList(row[FILE_MD5]);
  const annotations = splitList(row[FILE_ANNOTATIONS]);
  let file = partOf(row, FILE);
  if (md5.length) {
    const hashes = [];
    for (const value of md5) hashes.push({ hashType: 'MD5', value });
    (file ??= {}).originalFileHash = hashes;
  }
  if (annotations.length) (file ??= {}).fileAnnotations = annotations;
  return file;
}

export class CsvReportBuilder {
  readonly reportId: string;
  /** Report-level values, at their place in SCALARS. */
  private readonly scalars: Array<string | undefined> = [
    undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined,
    undefined, undefined, undefined, undefined, undefined, undefined, undefined,
  ];
  private readonly lists: [PartList<string>, PartList<string>, PartList<string>, PartList<string>] = [
    new PartList<string>(), new PartList<string>(), new PartList<string>(), new PartList<string>(),
  ];
  private readonly ipEvents = new PartList<Record<string, unknown>>();
  private readonly devices = new PartList<Record<string, unknown>>();
  private readonly addresses = new PartList<Record<string, unknown>>();
  private readonly cells = new PartList<Record<string, unknown>>();
  private readonly geos = new PartList<Record<string, unknown>>();
  private readonly files = new PartList<Record<string, unknown>>();
  private readonly errors: FieldError[] = [];

  constructor(reportId: string) {
    this.reportId = reportId;
  }

  add(row: CsvRow): void {
    const scalars = this.scalars;
    for (let i = 0; i < SCALAR_COLUMNS.length; i++) {
      const v = cellOf(row, SCALAR_COLUMNS[i] as number);
      if (v === undefined) continue;
      const had = scalars[i];
      if (had === undefined) scalars[i] = v;
      else if (had !== v) this.disagree(SCALAR_PATHS[i] as string);
    }
    for (let i = 0; i < LIST_COLUMNS.length; i++) {
      const list = this.lists[i as 0 | 1 | 2 | 3];
      for (const item of splitList(row[LIST_COLUMNS[i] as number])) list.add(item);
    }

    const ipAddress = cellOf(row, IP_ADDRESS);
    this.ipEvents.add(partOf(row, IP_EVENT));
    this.devices.add(partOf(row, DEVICE));
    const country = cellOf(row, ADDRESS_COUNTRY);
    // Outside the US the schema keeps a state or province in nonUsaState.
    this.addresses.add(partOf(row, country && /^(US|USA)$/i.test(country) ? ADDRESS_US : ADDRESS));
    const cell = partOf(row, CELL);
    this.cells.add(cell && { cellPhoneIncident: cell });
    const geo = partOf(row, GEO);
    this.geos.add(geo && (ipAddress ? { ipAddress, ...geo } : geo));
    this.files.add(fileOf(row));
  }

  private disagree(path: string): void {
    for (const e of this.errors) if (e.path === path) return;
    this.errors.push({ path, message: 'rows of this report disagree on this value' });
  }

  /** Disagreements between the rows, to add to the schema's own errors. */
  get mergeErrors(): readonly FieldError[] {
    return this.errors;
  }

  /** The raw canonical report, for the schema to coerce and validate. */
  build(): Record<string, unknown> {
    const s = this.scalars;
    const estimated = { city: s[S.estimatedcity], region: s[S.estimatedregion], countryCode: s[S.estimatedcountry] };
    const batchedReason = s[S.batchedreason];
    const company = s[S.reportercompany];
    // A multi-valued ESP Identifier cell (";") is a batched report's list of users: the first carries the
    // row's suspect details, each further one is a user known only by that identifier (REFERENCE §1.11).
    const [espIdentifier, ...moreUsers] = splitList(s[S.espidentifier]);
    const users: Array<Record<string, unknown>> = [
      {
        personOrUserReportedPerson: {
          email: this.lists[EMAILS].value,
          phone: this.lists[PHONES].value,
          address: this.addresses.value,
        },
        espIdentifier,
        espService: s[S.espservice],
        screenName: s[S.screenname],
        displayName: this.lists[DISPLAY_NAMES].value,
        ipCaptureEvent: this.ipEvents.value,
        deviceId: this.devices.value,
        estimatedLocation: estimated.city || estimated.region || estimated.countryCode ? estimated : undefined,
      },
    ];
    for (const id of moreUsers) users.push({ espIdentifier: id });
    return {
      reportId: this.reportId,
      receivedAt: s[S.receivedat],
      ncmecPriority: s[S.ncmecpriority],
      referral: s[S.referral],
      report: {
        batchedReport: batchedReason ? { reason: batchedReason } : undefined,
        incidentSummary: {
          incidentType: s[S.incidenttype],
          incidentDateTime: s[S.incidentdatetime],
          escalateToHighPriority: s[S.escalatetohighpriority],
          reportAnnotations: this.lists[ANNOTATIONS].value,
          platform: s[S.platform],
        },
        reporter: company ? { companyName: company } : undefined,
        personOrUserReported: users,
        internetDetails: this.cells.value,
      },
      fileDetails: this.files.value,
      ncmecGeolocation: this.geos.value,
    };
  }
}
